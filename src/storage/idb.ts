/**
 * A few promise helpers over IndexedDB, shared by the page (pasted text) and the worker (trained
 * weights). One database, two object stores.
 */
const DB_NAME = 't6-playground';
const DB_VERSION = 1;
export const CHECKPOINT_STORE = 'checkpoints';
export const TEXT_STORE = 'texts';

function openPlaygroundDb(factory: IDBFactory = indexedDB): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(CHECKPOINT_STORE)) {
        const store = db.createObjectStore(CHECKPOINT_STORE, { keyPath: 'key' });
        store.createIndex('savedAt', 'savedAt');
      }
      if (!db.objectStoreNames.contains(TEXT_STORE)) db.createObjectStore(TEXT_STORE);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
}

/** Resolves with the request's result once its transaction has committed. */
export function inTransaction<T>(
  db: IDBDatabase,
  store: string,
  mode: IDBTransactionMode,
  run: (s: IDBObjectStore) => IDBRequest<T> | undefined,
): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const req = run(tx.objectStore(store));
    tx.oncomplete = () => resolve(req ? req.result : undefined);
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** A lazily opened database; null forever after the first failure (private mode, no IndexedDB). */
export function lazyDb(factory: () => IDBFactory | undefined = () => globalThis.indexedDB) {
  let db: Promise<IDBDatabase | null> | undefined;
  return (): Promise<IDBDatabase | null> => {
    db ??= (async () => {
      const f = factory();
      if (!f) return null;
      try {
        return await openPlaygroundDb(f);
      } catch {
        return null;
      }
    })();
    return db;
  };
}
