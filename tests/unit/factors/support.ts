/** Test data for the factor math: a small LCG of its own and plain nested arrays. */
export function lcg(seed: number): () => number {
  let s = (seed * 2654435761 + 7) >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export function randomGrid(rows: number, cols: number, rng: () => number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => 2 * rng() - 1));
}

/** [T][a][b] nested arrays → the worker's {shape, data} form. */
export function tensorOf(values: number[][][]): { shape: number[]; data: Float32Array } {
  const t = values.length;
  const a = values[0]?.length ?? 0;
  const b = values[0]?.[0]?.length ?? 0;
  return { shape: [t, a, b], data: Float32Array.from(values.flat(2)) };
}

/** The half-split RoPE written as complex multiplication: pair j is z = x_j + i·x_{j+d/2}, turned by e^{−i·t·θ_j}. */
export function ropeComplex(x: readonly number[], t: number): number[] {
  const half = x.length / 2;
  const y = new Array<number>(x.length).fill(0);
  for (let j = 0; j < half; j++) {
    const theta = 10000 ** (-(2 * j) / x.length);
    const re = x[j]!;
    const im = x[j + half]!;
    const c = Math.cos(-t * theta);
    const s = Math.sin(-t * theta);
    y[j] = re * c - im * s;
    y[j + half] = re * s + im * c;
  }
  return y;
}

/** (1/R)·A·B with A [h][R], B [R][d] as plain loops. */
export function product(a: number[][], b: number[][]): number[][] {
  const r = b.length;
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, aij, k) => s + aij * b[k]![j]!, 0) / r));
}

export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
