import * as tf from '@tensorflow/tfjs-core';
import { createAttentionLayer, disposeCachesExcept } from './attention';
import type { AttentionLayer, ExtendOptions, LayerCache, TraceSink } from './attention';
import { mlpHidden, validateConfig } from './config';
import type { T6Config } from '../spec';
import { linearDefault, ParamFactory, ZEROS } from './init';
import { linear2d, linear3d, transposeRows } from './linear';
import type { LinearImpl } from './linear';
import { rmsNorm } from './rmsnorm';

/** SwiGLU MLP weights: out = (SiLU(x·W_fc1) ⊙ (x·W_fc2))·W_proj, hidden ⌊8d/3⌋. */
export interface MlpWeights {
  W_fc1: tf.Variable<tf.Rank.R2>;
  W_fc2: tf.Variable<tf.Rank.R2>;
  W_proj: tf.Variable<tf.Rank.R2>;
}

export interface T6Block {
  attn: AttentionLayer;
  mlp: MlpWeights;
}

export interface ModelOptions {
  /** how projections are computed (default 'customGrad': the fast wasm training path) */
  linear?: LinearImpl;
}

/**
 * A T6 model: parameters are tf.Variables, the functions below are pure over them.
 * `params` holds every trainable weight under a flat name: `wte` [V, d] (tied embedding and output
 * head), `layers.{i}.attn.{W_…}`, `layers.{i}.mlp.{W_fc1,W_fc2,W_proj}`.
 */
export interface T6Model {
  readonly config: T6Config;
  readonly seed: number;
  readonly linear: LinearImpl;
  readonly params: Readonly<Record<string, tf.Variable>>;
  readonly wte: tf.Variable<tf.Rank.R2>;
  readonly blocks: readonly T6Block[];
  dispose(): void;
}

/**
 * Builds a T6 model deterministically from (config, seed) with the initialisation of docs/tpa-math.md#initialisation:
 * TPA factors Xavier through their 3-D views, baselines' projections and MLP W_fc1/W_fc2 nn.Linear
 * default U(±1/√fan_in), tied embedding U(±1/√d), every output projection (attention W_o, MLP W_proj)
 * zero.
 */
export function createT6Model(config: T6Config, seed: number, options: ModelOptions = {}): T6Model {
  validateConfig(config);
  const linear = options.linear ?? 'customGrad';
  const d = config.dModel;
  const hidden = mlpHidden(d);
  const root = new ParamFactory(seed);
  const wte = root.create('wte', [config.vocabSize, d], linearDefault(d));
  const params: Record<string, tf.Variable> = { wte };
  const blocks: T6Block[] = [];
  for (let i = 0; i < config.layers; i++) {
    const attnFactory = root.child(`layers.${i}.attn.`);
    const attn = createAttentionLayer(config.attention, d, attnFactory, { linear });
    const mlpFactory = root.child(`layers.${i}.mlp.`);
    const mlp: MlpWeights = {
      W_fc1: mlpFactory.create('W_fc1', [d, hidden], linearDefault(d)),
      W_fc2: mlpFactory.create('W_fc2', [d, hidden], linearDefault(d)),
      W_proj: mlpFactory.create('W_proj', [hidden, d], ZEROS),
    };
    for (const [name, v] of Object.entries(attn.params)) params[`layers.${i}.attn.${name}`] = v;
    for (const [name, v] of Object.entries(mlp)) params[`layers.${i}.mlp.${name}`] = v;
    blocks.push({ attn, mlp });
  }
  return {
    config,
    seed,
    linear,
    params,
    wte,
    blocks,
    dispose: () => {
      for (const v of Object.values(params)) v.dispose();
    },
  };
}

/** Number of trainable scalars. */
export function parameterCount(model: T6Model): number {
  return Object.values(model.params).reduce((n, v) => n + v.size, 0);
}

/**
 * oneHot(ids, depth) as float32. (tfjs-backend-wasm 4.22 ignores oneHot's dtype argument and writes
 * int32 bits into a float32 tensor, so the cast is explicit.)
 */
export function oneHotFloat(ids: tf.Tensor1D, depth: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(ids, depth), 'float32') as tf.Tensor2D);
}

/**
 * oneHot·w for a one-hot oneHot [N, V] and a table w [V, d] → [N, d] (an embedding lookup as a plain
 * 2-D product: tfjs's wasm gather is slower, and its gradient needs a kernel wasm lacks). The custom
 * gradient computes only dw = oneHotᵀ·dy; the one-hot input gets zeros, never used.
 */
const lookupRows = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [oneHot, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([oneHot]);
  return {
    value: tf.matMul(oneHot, w),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => [
      tf.zeros(oneHot.shape),
      tf.matMul(transposeRows(saved[0] as tf.Tensor2D), dy as tf.Tensor2D),
    ],
  };
});

/**
 * Token embedding as matMul(oneHot(ids, V), wte), tokens int32 [B, T] → [B, T, d]: the gradient of
 * `gather` is missing on wasm, this one trains on every backend. With the default implementation the
 * gradient skips the one-hot input's (see lookupRows); 'matMul' keeps tfjs's own gradient.
 */
function embed(model: T6Model, tokens: tf.Tensor2D): tf.Tensor3D {
  const [b, t] = tokens.shape;
  const { vocabSize: v, dModel: d } = model.config;
  return tf.tidy(() => {
    const oneHot = oneHotFloat(tf.reshape(tokens, [b * t]) as tf.Tensor1D, v);
    const rows =
      model.linear === 'matMul' ? linear2d(oneHot, model.wte, 'matMul') : lookupRows(oneHot, model.wte);
    return tf.reshape(rows as tf.Tensor2D, [b, t, d]);
  });
}

/**
 * SwiGLU's gate, SiLU(g) ⊙ u = g·σ(g)·u, with its gradient written out (dg = dy·u·σ(g)·(1 + g·(1 − σ(g))),
 * du = dy·g·σ(g)) so that the step keeps copies of g and u only.
 */
const swiGlu = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [g, u, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([g, u]);
  return {
    value: tf.mul(tf.mul(g, tf.sigmoid(g)), u),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [gs, us] = saved as [tf.Tensor, tf.Tensor];
      const d = dy as tf.Tensor;
      const s = tf.sigmoid(gs);
      const silu = tf.mul(gs, s);
      const dSilu = tf.add(s, tf.mul(silu, tf.sub(1, s)));
      return [tf.mul(tf.mul(d, us), dSilu), tf.mul(d, silu)];
    },
  };
});

function mlp(w: MlpWeights, x: tf.Tensor3D, impl: LinearImpl): tf.Tensor3D {
  return tf.tidy(() => {
    const gate = linear3d(x, w.W_fc1, impl);
    const up = linear3d(x, w.W_fc2, impl);
    return linear3d(swiGlu(gate, up) as tf.Tensor3D, w.W_proj, impl);
  });
}

/** Final RMSNorm and the tied head: h [B, T, d] → logits [B, T, V] = RMSNorm(h)·wteᵀ. */
function head(model: T6Model, h: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => linear3d(rmsNorm(h), tf.transpose(model.wte), model.linear));
}

/** Picks, per layer, a trace sink (or none). */
export type LayerTraces = (layer: number) => TraceSink | undefined;

/**
 * Pre-norm blocks around an attention step: x ← x + attend(RMSNorm(x)); x ← x + MLP(RMSNorm(x)).
 */
function runBlocks(
  model: T6Model,
  tokens: tf.Tensor2D,
  attend: (block: T6Block, layer: number, xNorm: tf.Tensor3D) => tf.Tensor3D,
): tf.Tensor3D {
  let x = embed(model, tokens);
  model.blocks.forEach((block, i) => {
    x = tf.add(x, attend(block, i, rmsNorm(x)));
    x = tf.add(x, mlp(block.mlp, rmsNorm(x), model.linear));
  });
  return head(model, x);
}

/**
 * The training/inspection forward pass: tokens int32 [B, T] at positions 0..T−1 → logits [B, T, V].
 * The caller owns (disposes) the result.
 */
export function t6Logits(model: T6Model, tokens: tf.Tensor2D, traces?: LayerTraces): tf.Tensor3D {
  return tf.tidy(() => runBlocks(model, tokens, (block, i, xn) => block.attn.forward(xn, traces?.(i))));
}

export interface CachedLogits {
  /** [B, T, V] */
  logits: tf.Tensor3D;
  /** the grown cache of every layer (new tensors, owned by the caller) */
  caches: LayerCache[];
}

/**
 * Cached forward: appends tokens int32 [B, T] (positions M..M+T−1) to the per-layer caches and
 * returns their logits. `caches` are not disposed; use KvCache/Decoder for ownership.
 */
export function t6Extend(
  model: T6Model,
  tokens: tf.Tensor2D,
  caches: readonly (LayerCache | null)[],
  options?: Omit<ExtendOptions, 'trace'>,
): CachedLogits {
  const next: LayerCache[] = [];
  try {
    const logits = tf.tidy(() =>
      runBlocks(model, tokens, (block, i, xn) => {
        const r = block.attn.extend(xn, caches[i] ?? null, options);
        for (const t of Object.values(r.cache.tensors)) tf.keep(t);
        next.push(r.cache);
        return r.y;
      }),
    );
    return { logits, caches: next };
  } catch (err) {
    // do not leak the caches kept before the failure
    disposeCachesExcept(next, caches);
    throw err;
  }
}
