/**
 * IEEE 754 half precision (binary16) by hand: Node 20 and older browsers have no Float16Array. Rounds
 * to nearest even, keeps signed zeros, infinities and NaN, and makes subnormals for tiny values.
 * Shipped checkpoints store weights this way (half the bytes of float32; a weight's relative error is
 * at most 2^-11).
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The binary16 bits of the float32 nearest to `value`, rounded to nearest even. */
export function toHalfBits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf or NaN
  const e = exp - 127 + 15; // rebias
  if (e >= 0x1f) return sign | 0x7c00; // overflow → Inf
  if (e <= 0) {
    if (e < -10) return sign; // underflows to ±0
    // subnormal: shift the mantissa (with its implicit 1) right, round to nearest even
    const m = mant | 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = m & ((1 << shift) - 1);
    let h = m >>> shift;
    if (rest > half || (rest === half && (h & 1) === 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1)) h++; // may carry into the exponent: still right
  return sign | h;
}

/** The value of binary16 bits. */
export function fromHalfBits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** float32 values → binary16, little-endian bytes. */
export function encodeHalf(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setUint16(2 * i, toHalfBits(values[i]!), true);
  return out;
}

/** `count` binary16 values from little-endian bytes at `byteOffset`, as float32. */
export function decodeHalf(bytes: Uint8Array, byteOffset: number, count: number): Float32Array {
  if (byteOffset < 0 || byteOffset + 2 * count > bytes.byteLength)
    throw new RangeError(
      `decodeHalf: ${count} values at byte ${byteOffset} overrun ${bytes.byteLength} bytes`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = fromHalfBits(view.getUint16(byteOffset + 2 * i, true));
  return out;
}
