import { describe, expect, it } from 'vitest';
import { memoryCsvFileName, memoryTableCsv } from '../../../src/import-export';
import { T6_SMALL } from '../explorer/t6-small';

/** Minimal RFC 4180 reader for the test: quoted cells may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split('\r\n')
    .map((line) =>
      [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) =>
        m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'),
      ),
    );
}

describe('memory table as CSV', () => {
  const table = parseCsv(memoryTableCsv(T6_SMALL));
  const header = table[0]!;
  const byKind = Object.fromEntries(table.slice(1).map((row) => [row[0], row]));
  const col = (name: string) => header.indexOf(name);

  it('has a header and one row per kind, CRLF line ends', () => {
    expect(memoryTableCsv(T6_SMALL)).toMatch(/\r\n$/);
    expect(table.slice(1).map((r) => r[0])).toEqual(['MHA', 'MQA', 'GQA', 'MLA', 'TPA-KVonly', 'TPA']);
    expect(header).toContain('cache bytes at 32768 tokens x 1 sequences');
  });

  it('holds exact numbers (T6-small, head-matched, bf16)', () => {
    const tpa = byKind.TPA!;
    expect(tpa[col('elements per token per layer')]).toBe('392'); // (2+2)(34+64)
    expect(tpa[col('bytes per token (12 layers, bf16)')]).toBe('9408'); // 392·12·2
    expect(tpa[col('cache bytes at 32768 tokens x 1 sequences')]).toBe('308281344'); // 9408·32768
    expect(tpa[col('longest context in 24 GB (tokens)')]).toBe('2551020'); // floor(24e9 / 9408)
    expect(Number(tpa[col('ratio to MHA')])).toBeCloseTo(392 / 4352, 12);
    expect(tpa[col('selected')]).toBe('true');
    expect(byKind.MHA![col('elements per token per layer')]).toBe('4352'); // 2·34·64
  });

  it('formulas survive quoting', () => {
    expect(byKind.TPA![col('cache formula')]).toBe('(2+2)(34+64) = 392');
    expect(byKind.MLA![col('cache formula')]).toBe('256 + 32 = 288');
  });

  it('names the file after the model', () => {
    expect(memoryCsvFileName(T6_SMALL)).toBe('kv-cache-tpa-h34-L12-32768-tokens.csv');
  });
});
