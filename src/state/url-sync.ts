import { decodeConfig, encodeConfig } from '../config';
import type { PlaygroundStore } from './playground-store';

export interface UrlSyncOptions {
  /** quiet time after the last change before the address bar is rewritten */
  delayMs?: number;
  location?: Pick<Location, 'search' | 'hash' | 'pathname'>;
  history?: Pick<History, 'replaceState'>;
}

/**
 * Two-way link sync. On start the store is loaded from the page's query string (with notices for
 * anything the schema had to fix). Afterwards every config change rewrites the query string with
 * `history.replaceState`, debounced, so dragging a slider makes no history entries and no per-tick work.
 * Returns a function that stops syncing (and flushes a pending write).
 */
export function startUrlSync(store: PlaygroundStore, options: UrlSyncOptions = {}): () => void {
  const loc = options.location ?? window.location;
  const hist = options.history ?? window.history;
  const delay = options.delayMs ?? 250;

  if (loc.search.length > 1) {
    const { config, notices } = decodeConfig(loc.search);
    store.getState().load(config, notices);
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = () => {
    timer = undefined;
    const query = encodeConfig(store.getState().config);
    hist.replaceState(null, '', `${loc.pathname}?${query}${loc.hash}`);
  };
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.config === previous.config) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(write, delay);
  });
  return () => {
    unsubscribe();
    if (timer !== undefined) {
      clearTimeout(timer);
      write();
    }
  };
}
