import * as tf from '@tensorflow/tfjs-core';

/** A tiny LCG for test data, deliberately separate from the code under test's generator. */
export function testRng(seed: number): () => number {
  let s = (seed * 2654435761 + 1) >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export function randomArray(n: number, scale: number, rng: () => number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * rng() - 1) * scale;
  return out;
}

/**
 * Overwrites every parameter with U(±scale/√fan_in) values (fan_in = rows of the [in, out] weight),
 * so zero-initialised output projections do not hide anything.
 */
export function randomizeParams(
  params: Readonly<Record<string, tf.Variable>>,
  seed: number,
  scale = 1,
): void {
  const rng = testRng(seed);
  for (const name of Object.keys(params).sort()) {
    const v = params[name]!;
    const fanIn = v.shape[0] ?? 1;
    const values = randomArray(v.size, scale / Math.sqrt(fanIn), rng);
    tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
  }
}

/** Host copy of a [in, out] weight as a row-major matrix. */
export function weightOf(params: Readonly<Record<string, tf.Variable>>, name: string): Matrix {
  const v = params[name];
  if (!v) throw new Error(`no parameter ${name}`);
  const [rows, cols] = v.shape as [number, number];
  return { rows, cols, data: Float64Array.from(v.dataSync()) };
}

export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}
