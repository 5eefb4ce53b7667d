import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import blocklist from '../../../src/data/corpus-blocklist.json';
import { parseCorpusMeta } from '../../../src/data/corpus-meta';

const DATA = join(process.cwd(), 'public', 'data');
const read = (name: string) => readFileSync(join(DATA, name), 'utf8');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const meta = parseCorpusMeta(JSON.parse(read('corpus-meta.json')));
const train = read('corpus-train.txt');
const valid = read('corpus-valid.txt');
const linesOf = (text: string) => text.slice(0, -1).split('\n');

describe('bundled corpus files', () => {
  it('match corpus-meta.json: sha256, sentence and character counts', () => {
    expect(sha256(train)).toBe(meta.train.sha256);
    expect(sha256(valid)).toBe(meta.valid.sha256);
    expect(linesOf(train)).toHaveLength(meta.train.sentences);
    expect(linesOf(valid)).toHaveLength(meta.valid.sentences);
    expect(train.length).toBe(meta.train.chars);
    expect(valid.length).toBe(meta.valid.chars);
  });

  it('credit the MIT-licensed nlp-corpus package at the installed version', () => {
    const pkg = JSON.parse(readFileSync('node_modules/nlp-corpus/package.json', 'utf8')) as {
      version: string;
    };
    expect(meta.source).toMatchObject({ package: 'nlp-corpus', license: 'MIT', version: pkg.version });
  });

  it('are compact (300-500 KB) with a ~95/5 train/validation split', () => {
    const total = train.length + valid.length;
    expect(total).toBeGreaterThan(300_000);
    expect(total).toBeLessThan(500_000);
    const share = meta.valid.sentences / (meta.train.sentences + meta.valid.sentences);
    expect(share).toBeGreaterThan(0.04);
    expect(share).toBeLessThan(0.06);
  });

  it('hold one clean sentence per line: printable ASCII, 30-200 characters, newline-terminated', () => {
    for (const text of [train, valid]) {
      expect(text.endsWith('\n')).toBe(true);
      for (const line of linesOf(text)) {
        expect(line).toMatch(/^[\x20-\x7e]{30,200}$/);
        expect(line).toBe(line.trim());
      }
    }
  });

  it('list the exact character vocabulary of both files, sorted', () => {
    const chars = [...new Set(train + valid)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    expect(meta.vocabulary).toBe(chars.join(''));
  });

  it('contain no blocklisted word', () => {
    const escape = (w: string) => w.replace(/[^a-z]/g, '');
    const prefix = new RegExp(`\\b(${blocklist.prefixes.map(escape).join('|')})`, 'i');
    const whole = new RegExp(`\\b(${blocklist.words.map(escape).join('|')})\\b`, 'i');
    const hits = linesOf(train + valid).filter((line) => prefix.test(line) || whole.test(line));
    expect(hits).toEqual([]);
    // the check itself is live: it catches a planted word
    expect(prefix.test('They were Fucking late.') && whole.test('Some weed grew.')).toBe(true);
  });

  it('keep validation sentences disjoint from training ones, with no duplicates', () => {
    const trainLines = linesOf(train).map((l) => l.toLowerCase());
    const validLines = linesOf(valid).map((l) => l.toLowerCase());
    const trainSet = new Set(trainLines);
    expect(trainSet.size).toBe(trainLines.length);
    expect(new Set(validLines).size).toBe(validLines.length);
    expect(validLines.filter((l) => trainSet.has(l))).toEqual([]);
  });
});

describe('build-corpus.mjs', () => {
  const out = mkdtempSync(join(tmpdir(), 'corpus-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('rebuilds byte-identical files into another directory', () => {
    execFileSync(process.execPath, ['src/tools/build-corpus.mjs', out], { stdio: 'pipe' });
    const names = readdirSync(out).sort();
    expect(names).toEqual(['corpus-meta.json', 'corpus-train.txt', 'corpus-valid.txt']);
    for (const name of names) {
      expect(readFileSync(join(out, name)).equals(readFileSync(join(DATA, name))), name).toBe(true);
    }
  });
});

describe('parseCorpusMeta', () => {
  it('names the field that is missing or mistyped', () => {
    const good = JSON.parse(read('corpus-meta.json')) as Record<string, unknown>;
    expect(parseCorpusMeta(good).vocabulary).toBe(meta.vocabulary);
    expect(() => parseCorpusMeta(null)).toThrow(/not a corpus description/);
    expect(() => parseCorpusMeta({ ...good, vocabulary: 3 })).toThrow(/vocabulary/);
    expect(() => parseCorpusMeta({ ...good, valid: { ...meta.valid, chars: -1 } })).toThrow(/valid\.chars/);
  });
});
