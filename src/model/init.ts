import * as tf from '@tensorflow/tfjs-core';
import { createUniformRng, hashSeed, uniformArray } from './rng';

/**
 * Initialisation rules of the official T6 code (docs/tpa-math.md#initialisation). All weights are stored [in, out]
 * (y = x·W), the transpose of PyTorch's nn.Linear weight; iid entries make the bound the only thing
 * that matters.
 */
export type InitRule = { kind: 'uniform'; bound: number } | { kind: 'zeros' };

/** PyTorch's default nn.Linear init (kaiming-uniform with a = √5): U(±1/√fan_in). */
export function linearDefault(fanIn: number): InitRule {
  return { kind: 'uniform', bound: 1 / Math.sqrt(fanIn) };
}

/** Xavier-uniform on a 2-D weight: U(±√(6/(fan_in + fan_out))). */
export function xavier2d(fanIn: number, fanOut: number): InitRule {
  return { kind: 'uniform', bound: Math.sqrt(6 / (fanIn + fanOut)) };
}

/**
 * TPA head factor W_A (d → h·R), Xavier through the (d, h, R) view: bound_A = √(6 / (R·(h + d))).
 */
export function xavierHeadFactor(d: number, heads: number, rank: number): InitRule {
  return { kind: 'uniform', bound: Math.sqrt(6 / (rank * (heads + d))) };
}

/**
 * TPA feature factor W_B (d → R·d_h), Xavier through the (d, R, d_h) view:
 * bound_B = √(6 / (d_h·(R + d))).
 */
export function xavierFeatureFactor(d: number, rank: number, headDim: number): InitRule {
  return { kind: 'uniform', bound: Math.sqrt(6 / (headDim * (rank + d))) };
}

export const ZEROS: InitRule = { kind: 'zeros' };

/** Host-side initial values of a parameter, drawn from its own stream hash(seed, name). */
function initialValues(shape: readonly number[], rule: InitRule, seed: number, name: string): Float32Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (rule.kind === 'zeros') return new Float32Array(count);
  return uniformArray(count, rule.bound, createUniformRng(hashSeed(seed, name)));
}

/**
 * Creates named trainable variables. `prefix` is prepended to every name (e.g. "layers.0.attn.") so a
 * whole model draws each parameter from its own stream; the tf.Variable itself gets an engine-unique
 * name, since tfjs forbids registering two variables with the same name.
 */
export class ParamFactory {
  readonly params: Record<string, tf.Variable> = {};

  constructor(
    private readonly seed: number,
    private readonly prefix = '',
  ) {}

  /** A factory for a sub-module whose names get `sub` appended to this prefix. */
  child(sub: string): ParamFactory {
    return new ParamFactory(this.seed, this.prefix + sub);
  }

  create(name: string, shape: [number, number], rule: InitRule): tf.Variable<tf.Rank.R2> {
    const fullName = this.prefix + name;
    const values = initialValues(shape, rule, this.seed, fullName);
    const variable = tf.tidy(() => tf.variable(tf.tensor2d(values, shape), true));
    this.params[name] = variable;
    return variable;
  }
}
