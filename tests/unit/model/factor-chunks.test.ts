import { describe, expect, it } from 'vitest';
import { BACKENDS, tf, useBackend } from './support/backends';
import { maxAbs, maxAbsDiff, randomArray, randomizeParams, testRng } from './support/random';
import type { AttentionConfig } from '../../../src/spec';
import { createAttention, DecodeMemo } from '../../../src/model';
import type { LayerCache, TpaDecodePath } from '../../../src/model';
import { disposeCachesExcept } from '../../../src/model/attention';
import {
  appendChunk,
  FACTOR_NAMES,
  OPEN_CHUNK,
  TOKEN_AXIS,
} from '../../../src/model/attention/factor-chunks';
import type { FactorChunk } from '../../../src/model/attention/factor-chunks';

/** A one-token chunk whose every entry is the token's index (shapes of R_K = 2, R_V = 1, h = 3, d_h = 4). */
function tokenChunk(i: number): FactorChunk {
  const fill = (shape: number[]) => tf.fill(shape, i);
  return {
    length: 1,
    tensors: { A_K: fill([1, 3, 2]), B_K: fill([1, 4, 2]), A_V: fill([1, 3, 1, 1]), B_V: fill([1, 1, 1, 4]) },
  };
}

describe.each(BACKENDS)('chunked TPA factor cache (%s)', (backend) => {
  useBackend(backend);

  it('keeps every token once, in order, in at most 2 + log2(M / OPEN_CHUNK) chunks', () => {
    const steps = 5 * OPEN_CHUNK + 7;
    let chunks: FactorChunk[] = [];
    for (let i = 0; i < steps; i++) {
      let next: FactorChunk[] = [];
      tf.tidy(() => {
        next = appendChunk(chunks, tokenChunk(i));
        return next.flatMap((c) => Object.values(c.tensors));
      });
      // tensors of chunks no longer held are freed, as a cache owner would
      const kept = new Set(next.flatMap((c) => Object.values(c.tensors)));
      for (const c of chunks) for (const t of Object.values(c.tensors)) if (!kept.has(t)) t.dispose();
      chunks = next;
      const m = i + 1;
      expect(chunks.reduce((n, c) => n + c.length, 0)).toBe(m);
      expect(chunks.length).toBeLessThanOrEqual(2 + Math.log2(Math.max(1, m / OPEN_CHUNK)));
      const sealed = chunks.filter((c) => c.length >= OPEN_CHUNK).map((c) => c.length);
      expect(sealed).toEqual([...sealed].sort((a, b) => b - a));
    }
    // every factor, read in chunk order along its token axis, lists the tokens 0..steps−1
    for (const name of FACTOR_NAMES) {
      const axis = TOKEN_AXIS[name];
      const tokens = chunks.flatMap((c) => {
        const t = c.tensors[name];
        const rows = tf.tidy(() => {
          // the token axis first
          const perm = [axis, ...t.shape.map((_, k) => k).filter((k) => k !== axis)];
          return tf.reshape(tf.transpose(t, perm), [t.shape[axis]!, -1]).arraySync() as number[][];
        });
        return rows.map((row) => row[0]!);
      });
      const perToken = name === 'A_K' || name === 'B_K' ? 2 : 1;
      expect(tokens).toEqual(Array.from({ length: steps * perToken }, (_, k) => Math.floor(k / perToken)));
    }
    for (const c of chunks) for (const t of Object.values(c.tensors)) t.dispose();
  });

  const KINDS: AttentionConfig[] = [
    { kind: 'tpa', heads: 3, headDim: 4, rankQ: 2, rankK: 2, rankV: 3 },
    { kind: 'tpa', heads: 2, headDim: 4, rankQ: 5, rankK: 1, rankV: 1 },
    { kind: 'tpa-kvonly', heads: 3, headDim: 4, rankK: 2, rankV: 2 },
  ];

  it.each(KINDS)(
    '$kind R_K $rankK: single-token decoding past several chunks equals materialised decoding',
    (attn) => {
      const d = 10;
      const n = 2 * OPEN_CHUNK + 40;
      const layer = createAttention(attn, d, 4);
      randomizeParams(layer.params, 6, 1);
      const x = tf.tensor3d(randomArray(n * d, 1, testRng(3)), [1, n, d]);
      const run = (path: TpaDecodePath, memo?: DecodeMemo): Float32Array => {
        let cache: LayerCache | null = null;
        const out = new Float32Array(n * d);
        for (let i = 0; i < n; i++) {
          // a prefill of 3 tokens, then single tokens
          if (i > 0 && i < 3) continue;
          const count = i === 0 ? 3 : 1;
          const xs = tf.slice(x, [0, i, 0], [1, count, d]);
          const r = layer.extend(xs, cache, { tpaDecode: path, ...(memo ? { memo } : {}) });
          xs.dispose();
          if (cache) disposeCachesExcept([cache], [r.cache]);
          cache = r.cache;
          out.set(r.y.dataSync(), i * d);
          r.y.dispose();
        }
        if (cache) disposeCachesExcept([cache], []);
        return out;
      };
      const memo = new DecodeMemo();
      const chunked = run('factorised', memo);
      memo.dispose();
      const unmemoised = run('factorised');
      const materialised = run('materialised');
      expect(maxAbs(materialised)).toBeGreaterThan(0.02);
      expect(maxAbsDiff(chunked, materialised)).toBeLessThan(1e-5);
      expect(maxAbsDiff(unmemoised, chunked)).toBe(0);
      x.dispose();
      layer.dispose();
    },
  );
});
