/**
 * The import box's reader: the size check here (at once, whatever the size), the parsing in a worker of
 * its own (import.worker.ts, beside this file), so the page keeps drawing however large or odd the paste. Where
 * there are no workers (tests in jsdom) it parses on this thread after yielding once.
 */
import { importModelConfig } from './import-model-config';
import type { ImportResult } from './import-result';
import { importTooLong } from './import-text';

/** What the reader needs of a worker (a real Worker fits). */
export interface ReaderWorker {
  onmessage: ((e: MessageEvent<unknown>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  postMessage(text: string): void;
  terminate(): void;
}

function defaultWorker(): ReaderWorker | null {
  if (typeof Worker === 'undefined') return null;
  return new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
}

function isImportResult(x: unknown): x is ImportResult {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as { ok?: unknown; error?: unknown; patch?: unknown };
  return r.ok === true ? typeof r.patch === 'object' && r.patch !== null : typeof r.error === 'string';
}

/** Reads pasted text into a config patch, never blocking the page for the parse. Never rejects. */
export async function readModelConfig(
  text: string,
  createWorker: () => ReaderWorker | null = defaultWorker,
): Promise<ImportResult> {
  const tooLong = importTooLong(text.length);
  if (tooLong) return { ok: false, error: tooLong };
  const worker = createWorker();
  if (!worker) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    return importModelConfig(text);
  }
  try {
    return await new Promise<ImportResult>((resolve) => {
      worker.onmessage = (e) =>
        resolve(
          isImportResult(e.data)
            ? e.data
            : { ok: false, error: 'The reader gave an answer it should not have.' },
        );
      worker.onerror = (e) => {
        e.preventDefault();
        resolve({ ok: false, error: `The reader stopped: ${e.message || 'unknown error'}.` });
      };
      worker.postMessage(text);
    });
  } finally {
    worker.terminate();
  }
}
