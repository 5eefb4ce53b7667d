import type { DatasetSpec } from './dataset';
import { datasetKey } from './dataset';
import type { ModelShape } from './model';

/** JSON with object keys sorted, so equal values give equal strings whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Names a trained model: its shape, seed and training data. Trained weights and the loss history are
 * stored under this key, so the same settings find them again after a reload.
 */
export function modelKey(shape: ModelShape, seed: number, dataset: DatasetSpec): string {
  return `t6:${stableJson(shape)}:seed=${seed}:${datasetKey(dataset)}`;
}
