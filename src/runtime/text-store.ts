import { inTransaction, lazyDb, TEXT_STORE } from '../storage/idb';
import type { TextStore } from './model-runtime';

const KEY = 'custom';

/** The pasted training text in the playground's IndexedDB (nothing is kept where there is none). */
export function indexedDbTextStore(): TextStore {
  const db = lazyDb();
  return {
    available: async () => (await db()) !== null,
    async load() {
      const d = await db();
      if (!d) return null;
      const text = await inTransaction<unknown>(d, TEXT_STORE, 'readonly', (s) => s.get(KEY));
      return typeof text === 'string' ? text : null;
    },
    async save(text) {
      const d = await db();
      if (!d) return;
      await inTransaction(d, TEXT_STORE, 'readwrite', (s) => s.put(text, KEY));
    },
  };
}

export function memoryTextStore(initial: string | null = null): TextStore & { value: string | null } {
  const store = {
    value: initial,
    available: async () => true,
    load: async () => store.value,
    save: async (text: string) => {
      store.value = text;
    },
  };
  return store;
}
