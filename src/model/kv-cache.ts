import type * as tf from '@tensorflow/tfjs-core';
import type { AttentionKind, CacheReport } from '../spec';
import type { LayerCache } from './attention';
import { disposeCachesExcept } from './attention';

const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };

/** Bytes of one tensor's data: element count × element size of its dtype. */
function tensorBytes(t: tf.Tensor): number {
  const size = BYTES_PER_ELEMENT[t.dtype];
  if (size === undefined) throw new Error(`no byte size for dtype ${t.dtype}`);
  return t.size * size;
}

interface TensorEntry {
  name: string;
  shape: number[];
  bytes: number;
}

/**
 * The tensors of one layer's cache as the layout names them: the chunks of a chunked cache
 * (LayerCache.chunkLengths) summed into one entry per name, the shapes joined along the token axis.
 */
function logicalTensors(c: LayerCache | null): TensorEntry[] {
  const entries = new Map<string, TensorEntry>();
  for (const [key, t] of Object.entries(c?.tensors ?? {})) {
    const name = c?.chunkLengths ? key.slice(0, key.lastIndexOf('.')) : key;
    const seen = entries.get(name);
    if (!seen) {
      entries.set(name, { name, shape: t.shape.slice(), bytes: tensorBytes(t) });
      continue;
    }
    const axis = c?.tokenAxis?.[name];
    if (axis === undefined) throw new Error(`no token axis for the chunks of ${name}`);
    seen.shape[axis] = seen.shape[axis]! + t.shape[axis]!;
    seen.bytes += tensorBytes(t);
  }
  return [...entries.values()];
}

/**
 * The KV cache of a whole model: one LayerCache per layer, owned here (tensors are disposed when they
 * are replaced and on `dispose`).
 */
export class KvCache {
  private caches: (LayerCache | null)[];

  constructor(
    readonly kind: AttentionKind,
    layers: number,
  ) {
    this.caches = new Array<LayerCache | null>(layers).fill(null);
  }

  /** M, the number of tokens held. */
  get length(): number {
    return this.caches[0]?.length ?? 0;
  }

  get layers(): readonly (LayerCache | null)[] {
    return this.caches;
  }

  /** Takes ownership of the grown caches and disposes the tensors they replace. */
  replace(next: readonly LayerCache[]): void {
    if (next.length !== this.caches.length) throw new Error(`expected ${this.caches.length} layer caches`);
    // the old caches' tensors that are not carried over into `next`
    disposeCachesExcept(this.held(), next);
    this.caches = next.slice();
  }

  private held(): LayerCache[] {
    return this.caches.filter((c): c is LayerCache => c !== null);
  }

  /** Real size of the cache in bytes, summed over every layer's tensors. */
  bytes(): number {
    return this.report().totalBytes;
  }

  report(): CacheReport {
    const layers = this.caches.map((c, layer) => {
      const tensors = logicalTensors(c);
      return { layer, bytes: tensors.reduce((s, t) => s + t.bytes, 0), tensors };
    });
    return {
      kind: this.kind,
      tokens: this.length,
      totalBytes: layers.reduce((s, l) => s + l.bytes, 0),
      layers,
    };
  }

  /** Drops every cached token. */
  clear(): void {
    disposeCachesExcept(this.held(), []);
    this.caches = this.caches.map(() => null);
  }

  dispose(): void {
    this.clear();
  }
}
