import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  batchTargetMask,
  batchTargets,
  createCharTokenizer,
  createMqarTask,
  createRng,
  maskedAccuracy,
  MQAR_KEY_SYMBOLS,
  MQAR_VALUE_SYMBOLS,
  type MqarTask,
} from '../../../src/data';
import { type MqarConfig } from '../../../src/spec';

const base: MqarConfig = {
  numKeys: 16,
  numValues: 16,
  numPairs: 8,
  numQueries: 4,
  contextLength: 40,
  gap: 3,
};

const configs = fc
  .record({
    numKeys: fc.integer({ min: 1, max: 52 }),
    numValues: fc.integer({ min: 1, max: 34 }),
    pairsShare: fc.double({ min: 0, max: 1, noNaN: true }),
    queriesShare: fc.double({ min: 0, max: 1, noNaN: true }),
    gap: fc.integer({ min: 0, max: 10 }),
    slack: fc.integer({ min: 0, max: 10 }),
  })
  .map(({ numKeys, numValues, pairsShare, queriesShare, gap, slack }): MqarConfig => {
    const numPairs = 1 + Math.floor(pairsShare * (numKeys - 1));
    const numQueries = 1 + Math.floor(queriesShare * (numPairs - 1));
    return {
      numKeys,
      numValues,
      numPairs,
      numQueries,
      gap,
      contextLength: 2 * numPairs + gap + 2 * numQueries + slack,
    };
  });

/** Checks one sequence against the task's rules, reading only tokens and mask. */
function checkSequence(task: MqarTask, tokens: ArrayLike<number>, mask: ArrayLike<number>) {
  const { layout, config } = task;
  const isKey = (id: number) => id >= layout.firstKeyId && id < layout.firstKeyId + config.numKeys;
  const isValue = (id: number) => id >= layout.firstValueId && id < layout.firstValueId + config.numValues;
  expect(tokens.length).toBe(config.contextLength + 1);
  const sep = Array.prototype.indexOf.call(tokens, layout.sepId);
  expect(sep).toBe(2 * config.numPairs + config.gap);
  const paired = new Map<number, number>();
  for (let i = 0; i < 2 * config.numPairs; i += 2) {
    const key = tokens[i]!;
    expect(isKey(key)).toBe(true);
    expect(isValue(tokens[i + 1]!)).toBe(true);
    expect(paired.has(key)).toBe(false); // keys are distinct: every answer is unique
    paired.set(key, tokens[i + 1]!);
  }
  for (let i = 2 * config.numPairs; i < sep; i++) expect(tokens[i]).toBe(layout.padId);
  const answerPositions: number[] = [];
  const asked = new Set<number>();
  for (let i = sep + 1; i < tokens.length; i++) {
    if (mask[i] === 1) answerPositions.push(i);
    if (!isKey(tokens[i]!)) continue;
    // a key after SEP is a query: the next token is its value from the pairs, and is the scored answer
    expect(paired.get(tokens[i]!)).toBe(tokens[i + 1]);
    expect(mask[i + 1]).toBe(1);
    expect(asked.has(tokens[i]!)).toBe(false);
    asked.add(tokens[i]!);
  }
  for (let i = 0; i <= sep; i++) expect(mask[i]).toBe(0);
  expect(asked.size).toBe(config.numQueries);
  expect(answerPositions).toHaveLength(config.numQueries);
  for (const p of answerPositions) expect(isKey(tokens[p - 1]!)).toBe(true);
  const last = answerPositions.at(-1)!;
  for (let i = last + 1; i < tokens.length; i++) expect(tokens[i]).toBe(layout.padId);
}

describe('createMqarTask', () => {
  it('documents its vocabulary layout and agrees with a CharTokenizer built from its vocabulary', () => {
    const task = createMqarTask(base);
    expect(task.layout).toEqual({
      unkId: 0,
      padId: 1,
      sepId: 2,
      firstKeyId: 3,
      firstValueId: 19,
      vocabSize: 35,
    });
    const tok = createCharTokenizer(task.vocabulary);
    expect(tok.vocabSize).toBe(task.layout.vocabSize);
    expect([...tok.encode('_|AP0ζ')]).toEqual([1, 2, 3, 18, 19, 34]);
    expect([...MQAR_KEY_SYMBOLS]).toHaveLength(52);
    expect([...MQAR_VALUE_SYMBOLS]).toHaveLength(34);
    expect(new Set([...MQAR_KEY_SYMBOLS, ...MQAR_VALUE_SYMBOLS, '_', '|']).size).toBe(88);
  });

  it('decodes a sequence readably: pairs, gap, SEP, query-answer pairs, padding', () => {
    const task = createMqarTask(base);
    const s = task.sequence(createRng(4));
    const text = task.tokenizer.decode(s.tokens);
    expect(text).toMatch(/^([A-P][0-9α-ζ]){8}_{3}\|([A-P][0-9α-ζ]){4}_{13}$/u);
    expect(text.slice(0, 16)).toBe(s.pairs.map((p) => task.tokenizer.decode([p.key, p.value])).join(''));
  });

  it('every query is answered by the value paired with its key earlier; masks select exactly the answers', () => {
    fc.assert(
      fc.property(configs, fc.integer(), (config, seed) => {
        const task = createMqarTask(config);
        const s = task.sequence(createRng(seed));
        checkSequence(task, s.tokens, s.mask);
        for (const q of s.queries) {
          expect(s.tokens[q.position - 1]).toBe(q.key);
          expect(s.tokens[q.position]).toBe(q.value);
          expect(s.pairs.find((p) => p.key === q.key)?.value).toBe(q.value);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('builds masked [B, T+1] batches of valid sequences; perfect recall scores 1, unscored positions never count', () => {
    const task = createMqarTask(base);
    const batch = task.sampleBatch(createRng(8), 5);
    const width = base.contextLength + 1;
    expect(batch.tokens).toHaveLength(5 * width);
    expect(batch.mask).toHaveLength(5 * width);
    for (let r = 0; r < 5; r++) {
      checkSequence(
        task,
        batch.tokens.subarray(r * width, (r + 1) * width),
        batch.mask!.subarray(r * width, (r + 1) * width),
      );
    }
    const targets = batchTargets(batch);
    expect([...batchTargetMask(batch)].filter((m) => m === 1)).toHaveLength(5 * base.numQueries);
    expect(maskedAccuracy(batch, targets)).toEqual({ correct: 20, scored: 20, accuracy: 1 });
    // right everywhere except at the answers: recall 0
    const mask = batchTargetMask(batch);
    const wrongAnswers = targets.map((id, i) => (mask[i] === 1 ? 0 : id));
    expect(maskedAccuracy(batch, wrongAnswers).accuracy).toBe(0);
  });

  it('is seeded: same seed, same sequences; another seed, other sequences', () => {
    const task = createMqarTask(base);
    expect(task.sampleBatch(createRng(1), 4)).toEqual(task.sampleBatch(createRng(1), 4));
    expect(task.sampleBatch(createRng(1), 4).tokens).not.toEqual(task.sampleBatch(createRng(2), 4).tokens);
  });

  it('uses every key and value of its vocabulary over many sequences', () => {
    const task = createMqarTask({ ...base, numPairs: 4 });
    const batch = task.sampleBatch(createRng(3), 200);
    const seen = new Set(batch.tokens);
    for (let id = task.layout.firstKeyId; id < task.layout.vocabSize; id++) expect(seen.has(id)).toBe(true);
    expect(seen.has(task.layout.unkId)).toBe(false);
  });

  it('rejects configurations that do not fit', () => {
    expect(() => createMqarTask({ ...base, contextLength: 2 * 8 + 3 + 1 + 2 * 4 - 2 })).toThrow(
      /contextLength/,
    );
    expect(() => createMqarTask({ ...base, contextLength: 2 * 8 + 3 + 1 + 2 * 4 - 1 })).not.toThrow();
    expect(() => createMqarTask({ ...base, numPairs: 17 })).toThrow(/numPairs/);
    expect(() => createMqarTask({ ...base, numQueries: 9 })).toThrow(/numQueries/);
    expect(() => createMqarTask({ ...base, numKeys: 53 })).toThrow(/numKeys/);
    expect(() => createMqarTask({ ...base, numValues: 35 })).toThrow(/numValues/);
    expect(() => createMqarTask({ ...base, gap: -1 })).toThrow(/gap/);
  });
});
