// A small, fast, seeded pseudo-random generator: sfc32 (Chris Doty-Humphrey's "small fast
// counter" generator, 128-bit state), its state filled from the seed by splitmix32.
// Not for cryptography; for reproducible batches and tasks.

export interface SeededRng {
  /** A float in [0, 1) with 32 random bits. */
  next(): number;
  /** An integer in [0, n), for a positive integer n ≤ 2^32. */
  int(n: number): number;
  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
  /** A new generator seeded from this one's next output (for independent streams). */
  fork(): SeededRng;
}

const TWO_32 = 4294967296;

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

/** Seeds are taken as 32-bit integers: any finite number is accepted and truncated. */
export function createRng(seed: number): SeededRng {
  if (!Number.isFinite(seed)) throw new RangeError(`createRng: seed must be a finite number, got ${seed}`);
  const fill = splitmix32(Math.trunc(seed) | 0);
  let a = fill();
  let b = fill();
  let c = fill();
  let d = fill();

  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // a few rounds so that nearby seeds give unrelated first outputs
  for (let i = 0; i < 12; i++) nextUint32();

  const rng: SeededRng = {
    next: () => nextUint32() / TWO_32,
    int(n) {
      if (!Number.isInteger(n) || n < 1 || n > TWO_32) {
        throw new RangeError(`rng.int: n must be an integer in [1, 2^32], got ${n}`);
      }
      return Math.floor(rng.next() * n);
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const held = items[i]!;
        items[i] = items[j]!;
        items[j] = held;
      }
      return items;
    },
    fork: () => createRng(nextUint32() | 0),
  };
  return rng;
}
