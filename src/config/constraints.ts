/** Divisors of n in increasing order (n ≥ 1). */
export function divisors(n: number): number[] {
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 1; i * i <= n; i++) {
    if (n % i === 0) {
      small.push(i);
      if (i !== n / i) large.unshift(n / i);
    }
  }
  return [...small, ...large];
}

/** The divisor of n nearest to `wanted` (ties go to the smaller one). */
export function nearestDivisor(n: number, wanted: number): number {
  let best = 1;
  for (const dv of divisors(n)) {
    if (Math.abs(dv - wanted) < Math.abs(best - wanted)) best = dv;
  }
  return best;
}
