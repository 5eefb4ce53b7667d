import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  batchInputs,
  batchTargetMask,
  batchTargets,
  createCharTokenizer,
  createCorpusDataset,
  createPastedTextDataset,
  createRng,
  createTextDataset,
  maskedAccuracy,
  minPastedChars,
  parseCorpusMeta,
  TextTooShortError,
  type SequenceBatch,
  type TextDataset,
} from '../../../src/data';

const read = (name: string) => readFileSync(`public/data/${name}`, 'utf8');
const meta = parseCorpusMeta(JSON.parse(read('corpus-meta.json')));
const trainText = read('corpus-train.txt');
const validText = read('corpus-valid.txt');
const T = 32;
const corpus = createCorpusDataset(meta, trainText, validText, T);

/** Is `row` a contiguous run of `tokens`? */
function occursIn(tokens: Int32Array, row: Int32Array): boolean {
  outer: for (let start = 0; start + row.length <= tokens.length; start++) {
    for (let i = 0; i < row.length; i++) if (tokens[start + i] !== row[i]) continue outer;
    return true;
  }
  return false;
}

const rowsOf = (batch: SequenceBatch) =>
  Array.from({ length: batch.batchSize }, (_, r) =>
    batch.tokens.subarray(r * (batch.contextLength + 1), (r + 1) * (batch.contextLength + 1)),
  );

const allValidation = (ds: TextDataset, batchSize: number) => [...ds.validationBatches(batchSize)];

describe('bundled corpus dataset', () => {
  it('tokenizes both splits with the meta vocabulary and no <unk>', () => {
    expect(corpus.tokenizer.vocabSize).toBe([...meta.vocabulary].length + 1);
    expect(corpus.trainTokens.length).toBe(meta.train.chars);
    expect(corpus.validTokens.length).toBe(meta.valid.chars);
    expect(corpus.trainTokens.includes(corpus.tokenizer.unkId)).toBe(false);
    expect(corpus.validTokens.includes(corpus.tokenizer.unkId)).toBe(false);
  });

  it('samples [B, T+1] batches of real training windows; targets are the inputs shifted by one', () => {
    const batch = corpus.sampleBatch(createRng(1), 8);
    expect(batch.batchSize).toBe(8);
    expect(batch.contextLength).toBe(T);
    expect(batch.tokens).toHaveLength(8 * (T + 1));
    const inputs = batchInputs(batch);
    const targets = batchTargets(batch);
    expect(inputs).toHaveLength(8 * T);
    expect(targets).toHaveLength(8 * T);
    for (let r = 0; r < 8; r++) {
      for (let t = 0; t < T; t++) {
        expect(inputs[r * T + t]).toBe(batch.tokens[r * (T + 1) + t]);
        expect(targets[r * T + t]).toBe(batch.tokens[r * (T + 1) + t + 1]);
        if (t + 1 < T) expect(targets[r * T + t]).toBe(inputs[r * T + t + 1]);
      }
    }
    for (const row of rowsOf(batch)) expect(occursIn(corpus.trainTokens, row)).toBe(true);
    expect([...batchTargetMask(batch)].every((m) => m === 1)).toBe(true);
  });

  it('gives the same batches for the same seed and different ones for another seed', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return [corpus.sampleBatch(rng, 4).tokens, corpus.sampleBatch(rng, 4).tokens];
    };
    expect(draw(11)).toEqual(draw(11));
    expect(draw(11)[0]).not.toEqual(draw(12)[0]);
    expect(draw(11)[0]).not.toEqual(draw(11)[1]);
  });

  it('walks the validation split deterministically, scoring every validation token after the first once', () => {
    const batches = allValidation(corpus, 16);
    expect(allValidation(corpus, 16)).toEqual(batches);
    const rows = batches.flatMap(rowsOf);
    expect(rows).toHaveLength(corpus.validationWindows);
    expect(batches.slice(0, -1).every((b) => b.batchSize === 16)).toBe(true);
    expect(batches.at(-1)!.batchSize).toBe(corpus.validationWindows - 16 * (batches.length - 1));
    const covered = rows.flatMap((row) => [...row.subarray(1)]);
    expect(covered).toEqual([...corpus.validTokens.subarray(1, 1 + covered.length)]);
    expect(corpus.validTokens.length - 1 - covered.length).toBeLessThan(T);
    expect([...corpus.validationBatches(16, 2)]).toEqual(batches.slice(0, 2));
  });

  it('draws validation from the held-out file only: its windows are not in the training tokens', () => {
    const windows = [...corpus.validationBatches(64, 1)].flatMap(rowsOf).slice(0, 20);
    const misses = windows.filter((row) => !occursIn(corpus.trainTokens, row));
    expect(misses).toHaveLength(20);
  });

  it('scores predictions with maskedAccuracy', () => {
    const batch = corpus.sampleBatch(createRng(2), 3);
    const perfect = maskedAccuracy(batch, batchTargets(batch));
    expect(perfect).toEqual({ correct: 3 * T, scored: 3 * T, accuracy: 1 });
    const shifted = batchTargets(batch).map((id) => id + 1);
    expect(maskedAccuracy(batch, shifted).accuracy).toBe(0);
    expect(() => maskedAccuracy(batch, new Int32Array(5))).toThrow(RangeError);
  });

  it('rejects a context length the validation split cannot fill', () => {
    expect(() => createCorpusDataset(meta, trainText, validText, meta.valid.chars)).toThrow(
      TextTooShortError,
    );
    expect(() => createCorpusDataset(meta, trainText, validText, 0)).toThrow(RangeError);
  });
});

describe('pasted text dataset', () => {
  const paste =
    'The quick brown fox jumps over the lazy dog.\r\nPack my box with five dozen liquor jugs! ü\n'.repeat(8);

  it('splits the text 90/10 itself: train then validation, nothing lost or shared', () => {
    const ds = createPastedTextDataset(paste, { contextLength: 16 });
    const normalised = paste.replace(/\r\n/g, '\n');
    const n = [...normalised].length;
    expect(ds.validTokens.length).toBe(Math.ceil(n / 10));
    expect(ds.trainTokens.length).toBe(n - Math.ceil(n / 10));
    expect(ds.tokenizer.decode(ds.trainTokens) + ds.tokenizer.decode(ds.validTokens)).toBe(normalised);
    expect(ds.tokenizer.vocabulary.includes('\r')).toBe(false);
    expect(ds.tokenizer.vocabulary.includes('ü')).toBe(true);
  });

  it('caps the vocabulary, mapping rarer characters to <unk>', () => {
    const ds = createPastedTextDataset(paste, { contextLength: 16, maxSymbols: 10 });
    expect(ds.tokenizer.vocabSize).toBe(11);
    expect(ds.trainTokens.includes(ds.tokenizer.unkId)).toBe(true);
  });

  it('says clearly when the text is too short for the context length, and accepts the minimum', () => {
    const T2 = 64;
    const needed = minPastedChars(T2);
    const short = 'a'.repeat(needed - 1);
    expect(() => createPastedTextDataset(short, { contextLength: T2 })).toThrow(
      /too short.*64.*at least 641/,
    );
    try {
      createPastedTextDataset(short, { contextLength: T2 });
    } catch (error) {
      expect(error).toBeInstanceOf(TextTooShortError);
      expect(error).toMatchObject({ chars: needed - 1, neededChars: needed });
    }
    const ds = createPastedTextDataset('ab'.repeat(needed), { contextLength: T2 });
    expect(ds.validationWindows).toBeGreaterThanOrEqual(1);
    const minimal = createPastedTextDataset('a'.repeat(needed), { contextLength: T2 });
    expect(minimal.validTokens.length).toBe(T2 + 1);
    expect(minimal.sampleBatch(createRng(0), 2).tokens).toHaveLength(2 * (T2 + 1));
  });
});

describe('createTextDataset', () => {
  it('rejects a bad batch size', () => {
    const tok = createCharTokenizer('ab');
    const ds = createTextDataset({
      trainText: 'abababab',
      validText: 'babababa',
      tokenizer: tok,
      contextLength: 3,
    });
    expect(() => ds.sampleBatch(createRng(0), 0)).toThrow(RangeError);
    expect(() => [...ds.validationBatches(1.5)]).toThrow(RangeError);
  });
});
