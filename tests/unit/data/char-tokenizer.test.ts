import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createCharTokenizer,
  parseCorpusMeta,
  UNK_CHAR,
  UNK_ID,
  vocabularyFromText,
} from '../../../src/data';

const corpusVocabulary = parseCorpusMeta(
  JSON.parse(readFileSync('public/data/corpus-meta.json', 'utf8')),
).vocabulary;

describe('createCharTokenizer', () => {
  it('gives <unk> id 0 and the vocabulary characters ids 1 … N in order', () => {
    const tok = createCharTokenizer('ba\n');
    expect(tok.vocabSize).toBe(4);
    expect(tok.unkId).toBe(UNK_ID);
    expect(UNK_ID).toBe(0);
    expect([...tok.encode('ab\nb')]).toEqual([2, 1, 3, 1]);
    expect(tok.encode('ab')).toBeInstanceOf(Int32Array);
    expect(tok.symbol(1)).toBe('b');
    expect(tok.symbol(0)).toBe(UNK_CHAR);
    expect(tok.symbol(99)).toBe(UNK_CHAR);
  });

  it('round-trips any string over the bundled corpus vocabulary', () => {
    const tok = createCharTokenizer(corpusVocabulary);
    const chars = [...corpusVocabulary];
    const text = fc.array(fc.constantFrom(...chars), { maxLength: 300 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, (s) => {
        const ids = tok.encode(s);
        expect(ids.length).toBe(s.length);
        expect(ids.every((id) => id >= 1 && id < tok.vocabSize)).toBe(true);
        expect(tok.decode(ids)).toBe(s);
      }),
    );
  });

  it('round-trips arbitrary Unicode text over a vocabulary built from it, one id per code point', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
        const tok = createCharTokenizer(vocabularyFromText(s));
        const ids = tok.encode(s);
        expect(ids.length).toBe([...s].length);
        if (!s.includes(UNK_CHAR)) expect(ids.includes(UNK_ID)).toBe(false);
        expect(tok.decode(ids)).toBe(s);
      }),
    );
  });

  it('maps every character outside the vocabulary to <unk>, and back to U+FFFD', () => {
    const tok = createCharTokenizer(corpusVocabulary);
    const unseen = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
      .filter((s) => [...s].every((ch) => !corpusVocabulary.includes(ch)));
    fc.assert(
      fc.property(unseen, (s) => {
        const ids = tok.encode(s);
        expect([...ids]).toEqual(new Array<number>([...s].length).fill(UNK_ID));
        expect(tok.decode(ids)).toBe(UNK_CHAR.repeat([...s].length));
      }),
    );
    expect(tok.decode(tok.encode('café 😀!'))).toBe(`caf${UNK_CHAR} ${UNK_CHAR}!`);
  });

  it('rejects a vocabulary with a repeated character or U+FFFD', () => {
    expect(() => createCharTokenizer('abca')).toThrow(/twice/);
    expect(() => createCharTokenizer(`a${UNK_CHAR}`)).toThrow(/U\+FFFD/);
  });
});

describe('vocabularyFromText', () => {
  it('lists distinct code points sorted by code point, whatever their order in the text', () => {
    expect(vocabularyFromText('hello, world\n😀é')).toBe('\n ,dehlorw\u00e9😀');
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (s) => {
        expect(vocabularyFromText(s)).toBe(vocabularyFromText([...s].reverse().join('')));
      }),
    );
  });

  it('keeps only the most frequent symbols when capped (ties to the lower code point), at most 255 by default', () => {
    expect(vocabularyFromText('aaabbbccd', 2)).toBe('ab');
    expect(vocabularyFromText('zzzyyx', 2)).toBe('yz');
    const many = Array.from({ length: 400 }, (_, i) => String.fromCodePoint(0x100 + i)).join('');
    const vocab = vocabularyFromText(many);
    expect([...vocab]).toHaveLength(255);
    expect(createCharTokenizer(vocab).vocabSize).toBe(256);
    expect(() => vocabularyFromText('abc', 0)).toThrow(RangeError);
  });

  it('leaves U+FFFD out (it is how <unk> decodes)', () => {
    expect(vocabularyFromText(`a${UNK_CHAR}b`)).toBe('ab');
  });
});
