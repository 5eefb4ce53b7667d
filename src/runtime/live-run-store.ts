/**
 * Where finished live runs of the quality sweep are kept between visits: the playground's IndexedDB, in
 * the page's key–value store (the one that also holds the pasted text), under one key. Read back through
 * src/sweep/live-runs' parser: storage is not trusted.
 */
import { parseStoredLiveRuns, storedLiveRuns } from '../sweep/live-runs';
import type { LiveRun } from '../sweep/live-runs';
import { inTransaction, lazyDb, TEXT_STORE } from '../storage/idb';

export interface LiveRunStore {
  load(): Promise<LiveRun[]>;
  save(runs: readonly LiveRun[]): Promise<void>;
}

const KEY = 'quality-live-runs';

export function indexedDbLiveRunStore(): LiveRunStore {
  const db = lazyDb();
  return {
    async load() {
      const d = await db();
      if (!d) return [];
      return parseStoredLiveRuns(await inTransaction<unknown>(d, TEXT_STORE, 'readonly', (s) => s.get(KEY)));
    },
    async save(runs) {
      const d = await db();
      if (!d) return;
      await inTransaction(d, TEXT_STORE, 'readwrite', (s) => s.put(storedLiveRuns(runs), KEY));
    },
  };
}

/** In memory (tests); `stored` is what a reload would read. */
export function memoryLiveRunStore(initial: unknown = null): LiveRunStore & { stored: unknown } {
  const store = {
    stored: initial,
    load: async () => parseStoredLiveRuns(structuredClone(store.stored)),
    save: async (runs: readonly LiveRun[]) => {
      store.stored = structuredClone(storedLiveRuns(runs));
    },
  };
  return store;
}
