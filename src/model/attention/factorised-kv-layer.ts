import * as tf from '@tensorflow/tfjs-core';
import type { AttentionConfig } from '../../spec';
import { ZEROS } from '../init';
import type { ParamFactory } from '../init';
import { linear3d } from '../linear';
import type { LinearImpl } from '../linear';
import { rmsNorm } from '../rmsnorm';
import { applyRope, ropeMatrix } from '../rope';
import { disposeParams } from './common';
import { groupedAttention } from './softmax-attention';
import {
  appendFactors,
  assemble,
  createKvWeights,
  factorCacheLayout,
  factorisedAttention,
  kvFactorsOf,
  materialiseKv,
} from './tpa-kv';
import type { FactorDims } from './tpa-kv';
import {
  createLogitGain,
  needsMaterialisedQk,
  normaliseQueries,
  rankScaleOf,
  ropePlaceOf,
} from './tpa-variant';
import type {
  AttentionLayer,
  ExtendOptions,
  ExtendResult,
  LayerCache,
  LayerOptions,
  TraceSink,
} from './types';
import { memoised } from './decode-memo';
import {
  appendChunk,
  chunkedCache,
  chunkFromRows,
  chunksOf,
  mergeAll,
  openChunkOf,
  rowsFromChunk,
  settleChunks,
} from './factor-chunks';
import type { FactorChunk } from './factor-chunks';
import { decodeFromChunks } from './factor-decode';
import { appendTokenOnWasm, wasmKernelsApply } from './wasm-decode';

/** The memo's owner of the decoding RoPE matrix: one per position, shared by every layer. */
const decodeRope = {};

/**
 * E [queryRows + keyRows, keyRows] = [0; I]: rotatedᵀ·E is the transpose of the last `keyRows` rows
 * (B̃_K's) of the fused step's rotated rows.
 */
function keyRowSelection(queryRows: number, keyRows: number): tf.Tensor2D {
  const e = new Float32Array((queryRows + keyRows) * keyRows);
  for (let s = 0; s < keyRows; s++) e[(queryRows + s) * keyRows + s] = 1;
  return tf.tensor2d(e, [queryRows + keyRows, keyRows]);
}

/** `f()` in a tf.tidy scope that returns (so keeps) the result's output and cache tensors. */
function tidyResult(f: () => ExtendResult): ExtendResult {
  const box: { result?: ExtendResult } = {};
  tf.tidy(() => {
    const r = f();
    box.result = r;
    return [r.y, ...Object.values(r.cache.tensors)];
  });
  if (!box.result) throw new Error('extend produced no result');
  return box.result;
}

type FactorisedKvConfig = Extract<AttentionConfig, { kind: 'tpa' | 'tpa-kvonly' }>;

/** How the queries of a factorised-KV layer are formed: TPA's factors or TPA-KVonly's plain W_q. */
export interface QueryPart<Q> {
  /** the new tokens' query state (RoPE'd at offset..), recorded on the trace */
  compute(x: tf.Tensor3D, offset: number, impl: LinearImpl, trace?: TraceSink): Q;
  /** the assembled queries [B, T, h, d_h] */
  assembled(q: Q): tf.Tensor4D;
  /**
   * Every head's query dotted with every cached B̃_K row, bK [B, M·R_K, d_h] → [B, N, M·R_K, h],
   * including the query-side factor mixing but not the scale; the cache is the left matMul operand.
   */
  contract(q: Q, bK: tf.Tensor3D): tf.Tensor4D;
  /** scale of the logits built from `contract`: 1/(√d_h·R_K) times any query-side 1/R_Q */
  logitScale: number;
  /**
   * For single-token decoding (factor-decode.ts) without the fused projection (a variant's head
   * factors): the token's queries Q [h, d_h] times `scale`.
   */
  queryMatrix(q: Q, scale: number): tf.Tensor2D;
  /**
   * The query's weights as column blocks of the fused decoding projection, when they are plain
   * matrices: `rope` [d, ropeRows·d_h] (rows of d_h that get RoPE: B_Q's or the heads of W_q) and
   * an optional other block `rest(keyRows)` [d, cols] built from the weights `restWeights`. The step
   * rotates the query's rows together with the new token's `keyRows` = R_K rows of B_K, in one
   * product; `queries` gives the token's Q [h, d_h] from those rotated rows ([ropeRows + keyRows,
   * d_h], the query's first) and the other block's output (its cols values).
   */
  fused?: {
    rope: tf.Tensor2D;
    ropeRows: number;
    restWeights: tf.Tensor2D[];
    rest(keyRows: number): tf.Tensor2D | null;
    queries(rotated: tf.Tensor2D, rest: tf.Tensor | null): tf.Tensor2D;
  };
}

/**
 * The layer shared by TPA and TPA-KVonly: factorised K/V (tpa-kv.ts), output projection
 * W_o [h·d_h, d] (zero init), and the given query part.
 * - forward: materialises Q, K, V as the training code does, then causal softmax attention.
 * - extend: appends the factors A_K, B̃_K, A_V, B_V to the cache and attends straight from them
 *   (factorised, default) or by rebuilding K and V from them ('materialised', for comparison).
 */
export function createFactorisedKvLayer<Q>(
  attn: FactorisedKvConfig,
  dModel: number,
  factory: ParamFactory,
  options: LayerOptions,
  makeQuery: (factory: ParamFactory, dims: FactorDims) => QueryPart<Q>,
): AttentionLayer {
  const dims: FactorDims = { heads: attn.heads, headDim: attn.headDim };
  const { rankK, rankV, variant } = attn;
  const impl = options.linear;
  const query = makeQuery(factory, dims);
  const kv = createKvWeights(factory, dModel, dims, rankK, rankV, variant);
  const W_o = factory.create('W_o', [dims.heads * dims.headDim, dModel], ZEROS);
  const gain = variant?.qkNorm ? createLogitGain(factory, dims.heads) : null;
  const params = factory.params;
  const ranks = { rankK, rankV, ...(variant ? { variant } : {}) };
  const headRope = ropePlaceOf(variant) === 'heads';

  /**
   * A variant's changes to the materialised queries [B, N, h, d_h] (at offset..) and keys [B, M, h, d_h]
   * (at 0..): RoPE on the heads, qkNorm. The official layer has none.
   */
  function qkVariant(Q: tf.Tensor4D, K: tf.Tensor4D, offset: number): [tf.Tensor4D, tf.Tensor4D] {
    let q = headRope ? applyRope(Q, offset) : Q;
    let k = headRope ? applyRope(K, 0) : K;
    if (gain) [q, k] = [normaliseQueries(q, gain), rmsNorm(k)];
    return [q, k];
  }

  function forward(x: tf.Tensor3D, trace?: TraceSink): tf.Tensor3D {
    return tf.tidy(() => {
      const q = query.compute(x, 0, impl, trace);
      const f = kvFactorsOf(x, kv, dims, 0, impl, trace);
      let Q = query.assembled(q);
      let K = assemble(f.aK, f.bK, rankScaleOf(rankK, variant));
      const V = assemble(f.aV, f.bV, rankScaleOf(rankV, variant));
      if (needsMaterialisedQk(variant)) [Q, K] = qkVariant(Q, K, 0);
      trace?.('Q', Q);
      trace?.('K', K);
      trace?.('V', V);
      const toHeadMajor = (t: tf.Tensor4D) => tf.transpose(t, [0, 2, 1, 3]);
      const o = groupedAttention(Q, toHeadMajor(K), toHeadMajor(V), 0, trace);
      return linear3d(o, W_o, impl);
    });
  }

  const plainFactors = !kv.k.head && !kv.v.head && ropePlaceOf(variant) !== 'heads';
  const ropeFactors = ropePlaceOf(variant) === 'factors';

  /**
   * The new token's query and K/V factors by one product x·[W_rope | W_B_k | W_rest… | W_A_k | W_A_v | W_B_v]
   * (the fused matrix is built once per decoding loop through the memo; the query block carries the
   * logit scale, RoPE being linear). The query's rows and B_K's R_K rows [ropeRows + R_K, d_h] are
   * rotated together by one product with the rotation matrix of the position (built once per
   * position for every layer through the memo); B̃_Kᵀ [d_h, R_K], as the chunk layout stores it, is
   * the product of the rotated rows (transposed) with a constant selection of B̃_K's rows.
   */
  function fusedStep(
    x: tf.Tensor3D,
    held: readonly FactorChunk[],
    offset: number,
    memo: ExtendOptions['memo'],
  ): { query: tf.Tensor2D; chunks: FactorChunk[] } | null {
    const f = query.fused;
    if (!f || !plainFactors) return null;
    const { heads: h, headDim: dh } = dims;
    const rows = f.ropeRows + rankK;
    const inputs = [f.rope, ...f.restWeights, kv.k.B, kv.k.A, kv.v.A, kv.v.B];
    const w = memoised(
      memo,
      params,
      'fused-projection',
      inputs,
      () =>
        tf.concat(
          [tf.mul(f.rope, query.logitScale), kv.k.B, f.rest(rankK), kv.k.A, kv.v.A, kv.v.B].filter(
            (b): b is tf.Tensor2D => b !== null,
          ),
          1,
        ) as tf.Tensor2D,
    );
    // x [1, 1, d] as it is: a batch of one is the plain product; y [1, 1, cols]
    const y = tf.matMul(x, w);
    const kvCols = [h * rankK, h * rankV, rankV * dh];
    const restCols = w.shape[1] - rows * dh - kvCols.reduce((a, b) => a + b, 0);
    const open = openChunkOf(held);
    const withToken = (chunk: FactorChunk) =>
      settleChunks(open ? [...held.slice(0, -1), chunk] : [...held, chunk]);
    if (wasmKernelsApply()) {
      const attrs = { heads: h, headDim: dh, queryRows: f.ropeRows, rankK, rankV };
      const { query: q, chunk } = appendTokenOnWasm(y, open, {
        ...attrs,
        mixed: restCols > 0,
        rotate: ropeFactors,
        position: offset,
      });
      return { query: q, chunks: withToken(chunk) };
    }
    const sizes = restCols > 0 ? [rows * dh, restCols, ...kvCols] : [rows * dh, ...kvCols];
    const [rowPart, ...others] = tf.split(y, sizes, 2);
    const rest = restCols > 0 ? others.shift()! : null;
    const [aK, aV, bV] = others;
    const unrotated = tf.reshape(rowPart!, [rows, dh]) as tf.Tensor2D;
    const rotated: tf.Tensor2D = ropeFactors
      ? tf.matMul(
          unrotated,
          memoised(memo, decodeRope, `rope ${dh}`, [offset], () => ropeMatrix(dh, offset)),
        )
      : unrotated;
    const keyRows = memoised(memo, params, 'key-rows', [], () => keyRowSelection(f.ropeRows, rankK));
    const fresh: FactorChunk = {
      length: 1,
      tensors: {
        A_K: tf.reshape(aK!, [1, h, rankK]),
        B_K: tf.reshape(tf.matMul(rotated, keyRows, true, false), [1, dh, rankK]),
        A_V: tf.reshape(aV!, [1, h, rankV, 1]),
        B_V: tf.reshape(bV!, [1, rankV, 1, dh]),
      },
    };
    return { query: f.queries(rotated, rest), chunks: appendChunk(held, fresh) };
  }

  /** A single token of a single sequence: factor-decode.ts over the chunked cache. */
  function decodeStep(x: tf.Tensor3D, cache: LayerCache | null, opts: ExtendOptions | undefined) {
    const offset = cache?.length ?? 0;
    const held = chunksOf(cache);
    let step = fusedStep(x, held, offset, opts?.memo);
    if (!step) {
      const q = query.queryMatrix(query.compute(x, offset, impl), query.logitScale);
      const fresh = chunkFromRows(appendFactors(null, kvFactorsOf(x, kv, dims, offset, impl)), 1);
      step = { query: q, chunks: appendChunk(held, fresh) };
    }
    const { query: queries, chunks } = step;
    const o = decodeFromChunks(chunks, queries, ranks);
    // the value side's rank scale rides on W_o
    const valueScale = rankScaleOf(rankV, variant);
    const wo = memoised(
      opts?.memo,
      params,
      'scaled-W_o',
      [W_o],
      () => tf.mul(W_o, valueScale) as tf.Tensor2D,
    );
    const y = tf.reshape(tf.matMul(o, wo), [1, 1, dModel]) as tf.Tensor3D;
    // the chunks not merged are the given cache's own tensors (see LayerCache)
    return { y, cache: chunkedCache(chunks) };
  }

  function extend(x: tf.Tensor3D, cache: LayerCache | null, opts?: ExtendOptions) {
    const trace = opts?.trace;
    const [b, n] = x.shape;
    const single = b === 1 && n === 1 && !trace;
    if (single && opts?.tpaDecode !== 'materialised' && !needsMaterialisedQk(variant))
      return tidyResult(() => decodeStep(x, cache, opts));
    return tidyResult(() => {
      const offset = cache?.length ?? 0;
      const q = query.compute(x, offset, impl, trace);
      const held = mergeAll(chunksOf(cache));
      const before = held ? { length: held.length, tensors: rowsFromChunk(held) } : null;
      const tensors = appendFactors(before, kvFactorsOf(x, kv, dims, offset, impl, trace));
      let o: tf.Tensor3D;
      if (needsMaterialisedQk(variant)) {
        const { K, V } = materialiseKv(tensors, ranks);
        const toTokenMajor = (t: tf.Tensor4D) => tf.transpose(t, [0, 2, 1, 3]);
        const [Qv, Kv] = qkVariant(query.assembled(q), toTokenMajor(K), offset);
        o = groupedAttention(Qv, toTokenMajor(Kv), V, offset, trace);
      } else if (opts?.tpaDecode === 'materialised') {
        const { K, V } = materialiseKv(tensors, ranks);
        o = groupedAttention(query.assembled(q), K, V, offset, trace);
      } else {
        const qk = query.contract(q, tensors.B_K as tf.Tensor3D);
        o = factorisedAttention(qk, tensors, ranks, query.logitScale, offset, trace);
      }
      const whole = chunkFromRows(tensors, offset + n);
      return { y: linear3d(o, W_o, impl), cache: chunkedCache([whole]) };
    });
  }

  return {
    attn,
    dModel,
    params,
    forward,
    extend,
    cacheLayout: (batch, tokens) => factorCacheLayout(batch, tokens, dims, rankK, rankV),
    dispose: () => disposeParams(params),
  };
}
