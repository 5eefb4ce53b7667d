import { describe, expect, it } from 'vitest';
import { createT6Model, inspect, inspectAsync } from '../../../src/model';
import { BACKENDS, tf, useBackend } from './support/backends';

describe.each(BACKENDS)('asynchronous inspection (%s)', (backend) => {
  useBackend(backend);

  it('returns exactly what src/model’s inspect returns, and frees its copies', async () => {
    const model = createT6Model(
      {
        vocabSize: 12,
        dModel: 16,
        layers: 2,
        attention: { kind: 'tpa', heads: 2, headDim: 4, rankQ: 2, rankK: 1, rankV: 1 },
        maxSeqLen: 16,
      },
      2,
    );
    try {
      const tokens = [3, 1, 4, 1, 5, 9, 2, 6];
      const live = tf.memory().numTensors;
      const got = await inspectAsync(model, tokens, [1]);
      expect(tf.memory().numTensors).toBe(live);
      const want = inspect(model, tokens, [1]);
      expect(got.tokens).toEqual(tokens);
      expect(got.logits).toEqual(want.logits);
      expect(got.layers.map((l) => l.layer)).toEqual([1]);
      const names = Object.keys(want.layers[0]!.tensors).sort();
      expect(Object.keys(got.layers[0]!.tensors).sort()).toEqual(names);
      expect(names).toContain('B_K_rot');
      for (const name of names)
        expect(got.layers[0]!.tensors[name], name).toEqual(want.layers[0]!.tensors[name]);
      await expect(inspectAsync(model, [], [0])).rejects.toThrow(/at least one token/);
      await expect(inspectAsync(model, [1], [5])).rejects.toThrow(/no layer 5/);
    } finally {
      model.dispose();
    }
  });
});
