import { describe, expect, it } from 'vitest';
import { BACKENDS, tf, useBackend } from './support/backends';
import { maxAbs, maxAbsDiff, randomArray, randomizeParams, testRng } from './support/random';
import type { AttentionConfig } from '../../../src/spec';
import { createAttention } from '../../../src/model';
import type { LayerCache, TpaDecodePath } from '../../../src/model';

const D = 12;
const B = 2;
const PREFILL = 24;
const STEPS = 8;

const KINDS: AttentionConfig[] = [
  { kind: 'tpa', heads: 3, headDim: 6, rankQ: 3, rankK: 2, rankV: 1 },
  { kind: 'tpa-kvonly', heads: 3, headDim: 6, rankK: 1, rankV: 3 },
];

describe.each(BACKENDS)('TPA factorised decoding equals materialised decoding (%s)', (backend) => {
  useBackend(backend);

  it.each(KINDS)('$kind, batch 2, prefill 24 then 8 steps', (attn) => {
    const layer = createAttention(attn, D, 4);
    randomizeParams(layer.params, 6, 2);
    const n = PREFILL + STEPS;
    const x = tf.tensor3d(randomArray(B * n * D, 1, testRng(9)), [B, n, D]);

    const disposeCache = (c: LayerCache | null) => {
      for (const t of Object.values(c?.tensors ?? {})) t.dispose();
    };
    const run = (path: TpaDecodePath): Float32Array[] => {
      const state: { cache: LayerCache | null } = { cache: null };
      const outs: Float32Array[] = [];
      const feed = (from: number, count: number) => {
        const chunk = tf.slice(x, [0, from, 0], [B, count, D]);
        const r = layer.extend(chunk, state.cache, { tpaDecode: path });
        chunk.dispose();
        disposeCache(state.cache);
        state.cache = r.cache;
        outs.push(Float32Array.from(r.y.dataSync()));
        r.y.dispose();
      };
      feed(0, PREFILL);
      for (let i = PREFILL; i < n; i++) feed(i, 1);
      disposeCache(state.cache);
      return outs;
    };

    const before = tf.memory().numTensors;
    const factorised = run('factorised');
    const materialised = run('materialised');
    expect(tf.memory().numTensors).toBe(before);
    let err = 0;
    let scale = 0;
    factorised.forEach((f, i) => {
      err = Math.max(err, maxAbsDiff(f, materialised[i]!));
      scale = Math.max(scale, maxAbs(materialised[i]!));
    });
    console.info(
      `[${backend}] ${attn.kind}: factorised vs materialised max |err| ${err.toExponential(2)} (max |y| ${scale.toFixed(3)})`,
    );
    expect(scale).toBeGreaterThan(0.1);
    expect(err).toBeLessThan(1e-5);
    x.dispose();
    layer.dispose();
  });
});
