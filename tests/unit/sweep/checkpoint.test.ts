import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../../../src/sweep/checkpoint';
import { decodeHalf, encodeHalf, fromHalfBits, toHalfBits } from '../../../src/sweep/float16';

describe('float16', () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff], // largest finite half
    [65520, 0x7c00], // rounds up to infinity
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -14, 0x0400], // smallest normal
    [1 + 2 ** -11, 0x3c00], // a tie rounds to even (down)
    [1 + 3 * 2 ** -11, 0x3c02], // a tie rounds to even (up)
    [1e-9, 0x0000],
  ])('%f ↔ %i', (value, bits) => {
    expect(toHalfBits(value)).toBe(bits);
  });

  it('keeps NaN a NaN', () => {
    expect(Number.isNaN(fromHalfBits(toHalfBits(NaN)))).toBe(true);
  });

  it('every finite half survives a round trip through float32 exactly', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00) continue;
      expect(toHalfBits(fromHalfBits(bits))).toBe(bits);
    }
  });

  it('rounds a weight-sized float to within half a unit in the last place (relative 2^-11)', () => {
    fc.assert(
      fc.property(fc.float({ min: Math.fround(-100), max: Math.fround(100), noNaN: true }), (x) => {
        const y = fromHalfBits(toHalfBits(x));
        if (Math.abs(x) >= 2 ** -14) expect(Math.abs(y - x)).toBeLessThanOrEqual(Math.abs(x) * 2 ** -11);
        else expect(Math.abs(y - x)).toBeLessThanOrEqual(2 ** -25);
      }),
    );
  });

  it('encodes little-endian and refuses to read past the end', () => {
    const bytes = encodeHalf([1, -2]);
    expect([...bytes]).toEqual([0x00, 0x3c, 0x00, 0xc0]);
    expect([...decodeHalf(bytes, 2, 1)]).toEqual([-2]);
    expect(() => decodeHalf(bytes, 2, 2)).toThrow(RangeError);
  });
});

describe('checkpoint format', () => {
  const weights = {
    wte: { shape: [3, 2], data: Float32Array.from([0.1, -0.2, 0.3, 0, 1, -1]) },
    'layers.0.attn.W_o': { shape: [2, 1], data: Float32Array.from([0.25, 0.5]) },
  };

  it('stores the tensors in name order as 2 bytes per weight and reads them back to half precision', () => {
    const { bytes, tensors } = encodeCheckpoint(weights);
    expect(tensors).toEqual([
      { name: 'layers.0.attn.W_o', shape: [2, 1] },
      { name: 'wte', shape: [3, 2] },
    ]);
    expect(bytes.byteLength).toBe(2 * 8);
    const back = decodeCheckpoint(bytes, tensors);
    expect([...back['layers.0.attn.W_o']!.data]).toEqual([0.25, 0.5]);
    back.wte!.data.forEach((x, i) => expect(x).toBeCloseTo(weights.wte.data[i]!, 3));
  });

  it('is the same bytes for the same weights in any key order', () => {
    const swapped = { 'layers.0.attn.W_o': weights['layers.0.attn.W_o'], wte: weights.wte };
    expect(encodeCheckpoint(swapped).bytes).toEqual(encodeCheckpoint(weights).bytes);
  });

  it('rejects bytes that do not match the table', () => {
    const { bytes, tensors } = encodeCheckpoint(weights);
    expect(() => decodeCheckpoint(bytes.subarray(2), tensors)).toThrow(/table needs 16/);
  });
});
