/**
 * Trained weights, the optimizer's state and the loss history, saved under the model key (src/runtime/model-key.ts) so a
 * reload, a config round-trip or a worker restart finds them again.
 */
import { CHECKPOINT_STORE, inTransaction, lazyDb } from '../src/storage/idb';
import type { LossPoint } from '../src/spec';

export interface CheckpointRecord {
  key: string;
  savedAt: number;
  /** steps taken when saved */
  step: number;
  history: LossPoint[];
  /** parameter name → values, row-major in the parameter's shape */
  weights: Record<string, Float32Array>;
  /**
   * AdamW's state at `step` (its update count and both moments, by parameter name), so training goes on
   * after a reload exactly as if the page had stayed open. Records saved before it existed lack it: the
   * model then goes on with a fresh optimizer.
   */
  optimizer?: SavedOptimizer;
}

export interface SavedOptimizer {
  steps: number;
  m: Record<string, Float32Array>;
  v: Record<string, Float32Array>;
}

export interface CheckpointStore {
  /** False when nothing can be saved in this browser (no IndexedDB, private mode, storage blocked). */
  available(): Promise<boolean>;
  /** What is stored under `key`, unchecked (see checkpoint-check.ts), or null when nothing is. */
  load(key: string): Promise<unknown>;
  /** Resolves true when the record was stored (false: no storage in this browser). */
  save(record: CheckpointRecord): Promise<boolean>;
  remove(key: string): Promise<void>;
}

/** At most this many trained models are kept; saving another drops the least recently saved. */
const MAX_CHECKPOINTS = 6;
/** Save during training at most this often (and always on pause, cancel and at the end). */
export const CHECKPOINT_INTERVAL_MS = 5000;
/**
 * A save (weights and both moments read back, then written to IndexedDB) may take at most this share of
 * the time: a large model, whose save takes longer, saves less often.
 */
export const CHECKPOINT_TIME_SHARE = 0.05;

/**
 * Whether to save now: new steps, and at least CHECKPOINT_INTERVAL_MS since the last save, or longer when
 * the last save took long (`lastSaveMs`), so that saving stays under CHECKPOINT_TIME_SHARE of the time.
 */
export function shouldCheckpoint(
  now: number,
  lastSavedAt: number,
  stepsSinceSave: number,
  lastSaveMs = 0,
): boolean {
  const interval = Math.max(CHECKPOINT_INTERVAL_MS, lastSaveMs / CHECKPOINT_TIME_SHARE);
  return stepsSinceSave > 0 && now - lastSavedAt >= interval;
}

/**
 * Checkpoints in the playground's IndexedDB; without IndexedDB nothing is saved, and the worker's `ready`
 * result says so (`storage: false`), so the page can tell the reader.
 */
export function indexedDbCheckpoints(): CheckpointStore {
  const db = lazyDb();
  return {
    available: async () => (await db()) !== null,
    async load(key) {
      const d = await db();
      if (!d) return null;
      const rec = await inTransaction<unknown>(d, CHECKPOINT_STORE, 'readonly', (s) => s.get(key));
      return rec ?? null;
    },
    async save(record) {
      const d = await db();
      if (!d) return false;
      await inTransaction(d, CHECKPOINT_STORE, 'readwrite', (s) => {
        s.put(record);
        // drop the oldest beyond the limit (keys only: the weights are not read)
        const keys: IDBValidKey[] = [];
        const cursor = s.index('savedAt').openKeyCursor(null, 'prev');
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c) {
            for (const k of keys.slice(MAX_CHECKPOINTS)) s.delete(k);
            return;
          }
          if (c.primaryKey !== record.key) keys.push(c.primaryKey);
          c.continue();
        };
        keys.push(record.key);
        return undefined;
      });
      return true;
    },
    async remove(key) {
      const d = await db();
      if (!d) return;
      await inTransaction(d, CHECKPOINT_STORE, 'readwrite', (s) => s.delete(key));
    },
  };
}

/** In memory (tests, and browsers without IndexedDB). */
export function memoryCheckpoints(): CheckpointStore & { records: Map<string, CheckpointRecord> } {
  const records = new Map<string, CheckpointRecord>();
  return {
    records,
    available: async () => true,
    load: async (key) => records.get(key) ?? null,
    save: async (record) => {
      records.set(record.key, record);
      return true;
    },
    remove: async (key) => {
      records.delete(key);
    },
  };
}
