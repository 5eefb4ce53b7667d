import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatComparison,
  formatContextLength,
  formatGB,
  formatInteger,
  formatRatio,
  formatTokensCompact,
} from '../../../src/view-models/memory';

describe('shared number formats', () => {
  it('integers group thousands', () => {
    expect(formatInteger(4352)).toBe('4,352');
    expect(formatInteger(2_551_020)).toBe('2,551,020');
    expect(formatInteger(12)).toBe('12');
  });

  it('bytes use decimal units with three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(9408)).toBe('9.41 KB');
    expect(formatBytes(308_281_344)).toBe('308 MB');
    expect(formatBytes(24e9)).toBe('24 GB');
    expect(formatBytes(3_422_552_064)).toBe('3.42 GB');
    expect(formatBytes(1.5e12)).toBe('1.5 TB');
    expect(formatBytes(2e18)).toBe('2 EB');
    // 999,600 B is 999.6 KB, which rounds to 1,000 KB: shown as 1 MB instead
    expect(formatBytes(999_600)).toBe('1 MB');
  });

  it('ratios, comparisons, tokens, context lengths and budgets', () => {
    expect(formatRatio(4352 / 392)).toBe('11.1×');
    expect(formatRatio(392 / 4352)).toBe('0.0901×');
    expect(formatComparison(392 / 4352, 'MHA')).toBe('11.1× smaller than MHA');
    expect(formatComparison(1.25, 'MQA')).toBe('1.25× larger than MQA');
    expect(formatComparison(1.0001, 'MHA')).toBe('the same size as MHA');
    expect(formatTokensCompact(2_551_020)).toBe('2.55M');
    expect(formatTokensCompact(229_779)).toBe('230K');
    expect(formatTokensCompact(512)).toBe('512');
    expect(formatContextLength(1024)).toBe('1K');
    expect(formatContextLength(32768)).toBe('32K');
    expect(formatContextLength(1 << 20)).toBe('1M');
    expect(formatContextLength(1000)).toBe('1,000');
    expect(formatGB(141)).toBe('141 GB');
  });
});
