/**
 * A sweep run's snapshot (point-run.ts `PointSnapshot`) as bytes, so a long pretrain job can stop at any
 * time and go on later from its last snapshot. The layout: a 4-byte little-endian length, that many
 * bytes of JSON (step, history, tokens, wall time, the tensors' names and shapes, the optimizer's step
 * count), zero padding to a multiple of 4, then every float32 number: the weights in the header's
 * order, then the optimizer's first moments, then its second moments. Exact float32, so a resumed run
 * ends bit for bit where the uninterrupted one would.
 */
import * as v from 'valibot';
import { LossPointSchema } from '../spec';
import type { PlainTensor } from '../spec';
import type { PointSnapshot } from './point-run';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const HeaderSchema = v.object({
  format: v.literal('t6-point-snapshot-1'),
  step: count,
  history: v.array(LossPointSchema),
  tokens: count,
  wallMs: v.pipe(v.number(), v.minValue(0)),
  weights: v.array(v.object({ name: v.string(), shape: v.array(count) })),
  optimizerSteps: count,
  /** the size of each moment array, in parameter order */
  momentSizes: v.array(count),
});
type Header = v.InferOutput<typeof HeaderSchema>;

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function encodeSnapshot(s: PointSnapshot): Uint8Array {
  const weights = Object.entries(s.weights);
  const header: Header = {
    format: 't6-point-snapshot-1',
    step: s.step,
    history: s.history,
    tokens: s.tokens,
    wallMs: s.wallMs,
    weights: weights.map(([name, t]) => ({ name, shape: t.shape.slice() })),
    optimizerSteps: s.optimizer.steps,
    momentSizes: s.optimizer.m.map((a) => a.length),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = 4 + Math.ceil(json.length / 4) * 4;
  const arrays = [...weights.map(([, t]) => t.data), ...s.optimizer.m, ...s.optimizer.v];
  const floats = arrays.reduce((n, a) => n + a.length, 0);
  const bytes = new Uint8Array(start + floats * 4);
  new DataView(bytes.buffer).setUint32(0, json.length, true);
  bytes.set(json, 4);
  const out = new Float32Array(bytes.buffer, start, floats);
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return bytes;
}

/** Reads a snapshot back; throws with what is wrong when the bytes are not a whole snapshot. */
export function decodeSnapshot(bytes: Uint8Array): PointSnapshot {
  if (bytes.length < 4) throw new Error('snapshot: too short to hold a header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true);
  if (4 + length > bytes.length) throw new Error('snapshot: the header runs past the end');
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length)));
  } catch {
    throw new Error('snapshot: the header is not JSON');
  }
  const parsed = v.safeParse(HeaderSchema, raw);
  if (!parsed.success) throw new Error(`snapshot: ${parsed.issues[0].message}`);
  const h = parsed.output;
  const start = 4 + Math.ceil(length / 4) * 4;
  const sizes = [...h.weights.map((w) => sizeOf(w.shape)), ...h.momentSizes, ...h.momentSizes];
  const floats = sizes.reduce((a, b) => a + b, 0);
  if (bytes.length !== start + floats * 4)
    throw new Error(`snapshot: ${bytes.length} bytes where the header says ${start + floats * 4}`);
  // copied out: the arrays must not alias the file's buffer (nor need its alignment)
  const all = new Float32Array(bytes.slice(start).buffer);
  let at = 0;
  const next = (n: number) => all.slice(at, (at += n));
  const weights: Record<string, PlainTensor> = {};
  for (const w of h.weights) weights[w.name] = { shape: w.shape, data: next(sizeOf(w.shape)) };
  const m = h.momentSizes.map(next);
  const vs = h.momentSizes.map(next);
  return {
    step: h.step,
    history: h.history,
    tokens: h.tokens,
    wallMs: h.wallMs,
    weights,
    optimizer: { steps: h.optimizerSteps, m, v: vs },
  };
}
