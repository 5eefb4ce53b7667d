/**
 * Reads a pasted model config off the page's thread (read-off-thread.ts), so a large or
 * odd paste never stops the page from drawing. One message in (the text), one out (the ImportResult).
 */
import { importModelConfig } from './import-model-config';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (e: MessageEvent<unknown>) => {
  const text = typeof e.data === 'string' ? e.data : '';
  scope.postMessage(importModelConfig(text));
};
