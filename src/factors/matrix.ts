/**
 * Small dense matrices for the factor panels: row-major float64, plus the slicing that turns the
 * worker's `{shape, data}` tensors (src/model's PlainTensor) into one token's matrix. No tfjs here:
 * everything the panels show is computed in plain TypeScript on the host copies.
 */

/** A tensor as the worker posts it: row-major data and its shape. */
export interface TensorLike {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

/** One layer of the worker's inspection: its attention kind and named tensors (see src/model/inspect.ts). */
export interface LayerTensors {
  readonly kind: string;
  readonly tensors: Readonly<Record<string, TensorLike>>;
}

/** rows × cols, row-major: entry (i, j) is data[i·cols + j]. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function matrixFrom(rows: number, cols: number, fill: (i: number, j: number) => number): Matrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.data[i * cols + j] = fill(i, j);
  return m;
}

export function at(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j] ?? Number.NaN;
}

export function rowOf(m: Matrix, i: number): Float64Array {
  return m.data.slice(i * m.cols, (i + 1) * m.cols);
}

/** Token `t` of a [T, a, b] tensor as an a × b matrix. */
export function tokenMatrix(t: TensorLike, token: number): Matrix {
  const [count, rows, cols] = t.shape;
  if (t.shape.length !== 3 || count === undefined || rows === undefined || cols === undefined)
    throw new Error(`expected a [T, a, b] tensor, got [${t.shape.join(', ')}]`);
  if (!Number.isInteger(token) || token < 0 || token >= count)
    throw new Error(`no token ${token} in a tensor of ${count}`);
  const size = rows * cols;
  const m = zeros(rows, cols);
  for (let k = 0; k < size; k++) m.data[k] = t.data[token * size + k] ?? Number.NaN;
  return m;
}

/** Number of tokens T of a [T, …] tensor. */
export function tokenCount(t: TensorLike): number {
  return t.shape[0] ?? 0;
}

export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i] ?? 0));
  return m;
}

/** max |a − b| over all entries (NaN if any entry is NaN; the sizes must match). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`sizes differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] ?? Number.NaN) - (b[i] ?? Number.NaN));
    if (Number.isNaN(d)) return Number.NaN;
    m = Math.max(m, d);
  }
  return m;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`sizes differ: ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}
