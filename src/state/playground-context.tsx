import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ConfigKey, ConfigNotice, PlaygroundConfig } from '../config';
import { playgroundStore } from './playground-store';
import type { PlaygroundState, PlaygroundStore } from './playground-store';

/**
 * The playground store through React context. Without a provider the hooks read the page's store
 * (it is small and on the first screen anyway); tests and embeddings pass their own to
 * PlaygroundProvider. Components read the store through the named hooks below, never by reaching into it.
 */
const PlaygroundContext = createContext<PlaygroundStore>(playgroundStore);

export function PlaygroundProvider({ store, children }: { store: PlaygroundStore; children: ReactNode }) {
  return <PlaygroundContext value={store}>{children}</PlaygroundContext>;
}

function usePlayground<T>(selector: (state: PlaygroundState) => T): T {
  return useStore(useContext(PlaygroundContext), selector);
}

/** The reader's settings (re-renders when any setting changes). */
export const useConfig = (): PlaygroundConfig => usePlayground((s) => s.config);

/** Apply an edit from the UI; the schema keeps the config valid and records hints for what it adjusted. */
export const useConfigUpdate = (): ((patch: Partial<PlaygroundConfig>) => void) =>
  usePlayground((s) => s.update);

/** The constraint hints of the latest edit, per knob. */
export const useHints = (): Partial<Record<ConfigKey, string>> => usePlayground((s) => s.hints);

/** What the schema changed when it read the link the page opened with. */
export const useLinkNotices = (): ConfigNotice[] => usePlayground((s) => s.linkNotices);

export const useDismissLinkNotices = (): (() => void) => usePlayground((s) => s.dismissLinkNotices);
