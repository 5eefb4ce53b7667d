/**
 * The shipped checkpoint format: every weight in binary16, concatenated in the order of a tensor table
 * kept in the manifest (name and shape per tensor, names as src/model's exportWeights). No header in the
 * file, so its bytes (and their SHA-256) depend only on the weights.
 */
import type { PlainTensor } from '../spec';
import { decodeHalf, encodeHalf } from './float16';

export interface TensorEntry {
  readonly name: string;
  readonly shape: number[];
}

export const elementCount = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** The weights as binary16 bytes in name order, and the table that reads them back. */
export function encodeCheckpoint(weights: Readonly<Record<string, PlainTensor>>): {
  bytes: Uint8Array;
  tensors: TensorEntry[];
} {
  const names = Object.keys(weights).sort();
  const tensors = names.map((name) => ({ name, shape: weights[name]!.shape.slice() }));
  const total = tensors.reduce((n, t) => n + elementCount(t.shape), 0);
  const bytes = new Uint8Array(total * 2);
  let offset = 0;
  for (const name of names) {
    const part = encodeHalf(weights[name]!.data);
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return { bytes, tensors };
}

/** Reads a checkpoint back with its tensor table; throws if the sizes do not add up. */
export function decodeCheckpoint(
  bytes: Uint8Array,
  tensors: readonly TensorEntry[],
): Record<string, PlainTensor> {
  const total = tensors.reduce((n, t) => n + elementCount(t.shape), 0);
  if (total * 2 !== bytes.byteLength)
    throw new Error(`checkpoint has ${bytes.byteLength} bytes; its table needs ${total * 2}`);
  const out: Record<string, PlainTensor> = {};
  let offset = 0;
  for (const t of tensors) {
    const n = elementCount(t.shape);
    out[t.name] = { shape: t.shape.slice(), data: decodeHalf(bytes, offset, n) };
    offset += 2 * n;
  }
  return out;
}
