/**
 * Loop-based reference attention written from the paper/code equations in plain TypeScript (float64,
 * no tfjs), independent of src/model. Vectors are number[]; a token's per-head tensors are number[][].
 */
import type { Matrix } from './random';

/** y = x·W for one row x [in]. */
export function rowTimes(x: readonly number[], w: Matrix): number[] {
  const y = new Array<number>(w.cols).fill(0);
  for (let i = 0; i < w.rows; i++) {
    const xi = x[i]!;
    for (let j = 0; j < w.cols; j++) y[j]! += xi * w.data[i * w.cols + j]!;
  }
  return y;
}

/** Splits a flat vector into n rows of k (row-major: index i·k + j). */
export function rows(v: readonly number[], n: number, k: number): number[][] {
  return Array.from({ length: n }, (_, i) => v.slice(i * k, (i + 1) * k));
}

/** Half-split RoPE at position t: pairs (j, j + d/2), y₁ = x₁cos + x₂sin, y₂ = −x₁sin + x₂cos. */
export function ropeRow(x: readonly number[], t: number, base = 10000): number[] {
  const d = x.length;
  const half = d / 2;
  const y = x.slice();
  for (let j = 0; j < half; j++) {
    const theta = t / Math.pow(base, (2 * j) / d);
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    y[j] = x[j]! * c + x[j + half]! * s;
    y[j + half] = -x[j]! * s + x[j + half]! * c;
  }
  return y;
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** (1/R)·Aᵀ B for A [h][R] and B [R][d_h] → [h][d_h]. */
export function productOfFactors(a: readonly number[][], b: readonly number[][]): number[][] {
  const r = b.length;
  return a.map((ai) => {
    const out = new Array<number>(b[0]!.length).fill(0);
    for (let k = 0; k < r; k++) for (let j = 0; j < out.length; j++) out[j]! += (ai[k]! * b[k]![j]!) / r;
    return out;
  });
}

/**
 * Causal softmax attention of one sequence: q[t][head] [d_q], k[t][head], v[t][head] (h heads each;
 * shared K/V heads already repeated) → o[t] flattened head-major [h·d_v]. Scale 1/√d_q.
 */
export function causalAttention(q: number[][][], k: number[][][], v: number[][][]): number[][] {
  return q.map((qt, t) => {
    const out: number[] = [];
    qt.forEach((qi, head) => {
      const scores: number[] = [];
      for (let u = 0; u <= t; u++) scores.push(dot(qi, k[u]![head]!) / Math.sqrt(qi.length));
      const mx = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - mx));
      const z = e.reduce((a, b) => a + b, 0);
      const dv = v[0]![head]!.length;
      const o = new Array<number>(dv).fill(0);
      for (let u = 0; u <= t; u++) for (let j = 0; j < dv; j++) o[j]! += (e[u]! / z) * v[u]![head]![j]!;
      out.push(...o);
    });
    return out;
  });
}

export interface TpaShape {
  heads: number;
  headDim: number;
  rankQ: number;
  rankK: number;
  rankV: number;
}

/**
 * TPA as docs/tpa-math.md#factor-maps: A = x·W_A as [h][R] (head-major), B = x·W_B as [R][d_h] (rank-major),
 * RoPE on rows of B_Q and B_K at position t, Q = (1/R_Q)A_QᵀB̃_Q etc., output o·W_o.
 * x: [T][d] for one sequence → [T][d].
 */
export function referenceTpa(x: number[][], w: Record<string, Matrix>, s: TpaShape): number[][] {
  const { heads: h, headDim: dh } = s;
  const factor = (xt: number[], name: string, r: number, t: number, rope: boolean) => {
    const a = rows(rowTimes(xt, w[`W_A_${name}`]!), h, r);
    let b = rows(rowTimes(xt, w[`W_B_${name}`]!), r, dh);
    if (rope) b = b.map((row) => ropeRow(row, t));
    return productOfFactors(a, b);
  };
  const q = x.map((xt, t) => factor(xt, 'q', s.rankQ, t, true));
  const k = x.map((xt, t) => factor(xt, 'k', s.rankK, t, true));
  const v = x.map((xt, t) => factor(xt, 'v', s.rankV, t, false));
  return causalAttention(q, k, v).map((o) => rowTimes(o, w.W_o!));
}

/** Parameter-free RMSNorm of one vector (eps = float32 machine epsilon, as torch's F.rms_norm). */
export function rmsRow(x: readonly number[]): number[] {
  const ms = x.reduce((s, v) => s + v * v, 0) / x.length;
  const inv = 1 / Math.sqrt(ms + 1.1920928955078125e-7);
  return x.map((v) => v * inv);
}

export interface MlaShape {
  heads: number;
  headDim: number;
  kvLatentDim: number;
  queryLatentDim: number;
  ropeDim: number;
}

/**
 * MLA (DeepSeek-V2 style, docs/tpa-math.md#baselines and #our-choices) for one sequence x [T][d]: query latent → RMSNorm → per head
 * [q_nope (d_h) | q_pe (d_h^R, RoPE)]; W_dkv → [latent (d_c) → RMSNorm | k_pe (d_h^R, RoPE, shared)];
 * latent·W_ukv → per head [k_nope | v]; k = [k_nope | k_pe]; scale 1/√(d_h + d_h^R); o·W_o.
 */
export function referenceMla(x: number[][], w: Record<string, Matrix>, s: MlaShape): number[][] {
  const { heads: h, headDim: dh, kvLatentDim: dc, ropeDim: dr } = s;
  const q = x.map((xt, t) =>
    rows(rowTimes(rmsRow(rowTimes(xt, w.W_dq!)), w.W_uq!), h, dh + dr).map((qi) => [
      ...qi.slice(0, dh),
      ...ropeRow(qi.slice(dh), t),
    ]),
  );
  const k: number[][][] = [];
  const v: number[][][] = [];
  x.forEach((xt, t) => {
    const kv = rowTimes(xt, w.W_dkv!);
    const kPe = ropeRow(kv.slice(dc), t);
    const up = rows(rowTimes(rmsRow(kv.slice(0, dc)), w.W_ukv!), h, 2 * dh);
    k.push(up.map((u) => [...u.slice(0, dh), ...kPe]));
    v.push(up.map((u) => u.slice(dh)));
  });
  return causalAttention(q, k, v).map((o) => rowTimes(o, w.W_o!));
}
