import { at, zeros } from './matrix';
import type { Matrix } from './matrix';

/**
 * The tensor product of TPA, one token at a time (docs/tpa-math.md#building-qkv): with the code's layouts
 * A [h × R] (head factors, one column a_r per rank) and B [R × d_h] (feature factors, one row b_r),
 *
 *   Q = (1/R) · Σ_r a_r ⊗ b_r,   Q[i, j] = (1/R) Σ_r A[i, r] · B[r, j].
 *
 * `rankOneTerms` returns the R scaled terms (1/R)·a_r ⊗ b_r, each h × d_h.
 */
export function rankOneTerms(a: Matrix, b: Matrix): Matrix[] {
  const rank = a.cols;
  if (b.rows !== rank) throw new Error(`A has ${rank} columns but B has ${b.rows} rows`);
  const terms: Matrix[] = [];
  for (let r = 0; r < rank; r++) {
    const term = zeros(a.rows, b.cols);
    for (let i = 0; i < a.rows; i++) {
      const ai = at(a, i, r) / rank;
      for (let j = 0; j < b.cols; j++) term.data[i * b.cols + j] = ai * at(b, r, j);
    }
    terms.push(term);
  }
  return terms;
}

/** running[k] = terms[0] + … + terms[k]: the partial sums a step-through shows. */
export function runningSums(terms: readonly Matrix[]): Matrix[] {
  const out: Matrix[] = [];
  let acc: Matrix | null = null;
  for (const t of terms) {
    const next = zeros(t.rows, t.cols);
    for (let k = 0; k < next.data.length; k++) next.data[k] = (acc?.data[k] ?? 0) + (t.data[k] ?? 0);
    out.push(next);
    acc = next;
  }
  return out;
}

/** (1/R)·A·B computed directly (one dot product per entry), for checks. */
export function assemble(a: Matrix, b: Matrix): Matrix {
  const rank = a.cols;
  if (b.rows !== rank) throw new Error(`A has ${rank} columns but B has ${b.rows} rows`);
  const out = zeros(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < b.cols; j++) {
      let s = 0;
      for (let r = 0; r < rank; r++) s += at(a, i, r) * at(b, r, j);
      out.data[i * b.cols + j] = s / rank;
    }
  return out;
}
