import { createStore } from 'zustand/vanilla';
import { DEFAULT_CONFIG, normalizeConfig } from '../config';
import type { ConfigKey, ConfigNotice, PlaygroundConfig } from '../config';

export interface PlaygroundState {
  config: PlaygroundConfig;
  /** What the schema changed when it read the link the page opened with (shown once, dismissible). */
  linkNotices: ConfigNotice[];
  /** Constraint hints from the latest edit, per knob (e.g. "G must divide h: G changed to 4"). */
  hints: Partial<Record<ConfigKey, string>>;
  /** Apply an edit from the UI; the schema keeps the config valid and reports what it adjusted. */
  update: (patch: Partial<PlaygroundConfig>) => void;
  /** Replace the whole config (e.g. from a link) and record the notices it came with. */
  load: (config: PlaygroundConfig, notices: ConfigNotice[]) => void;
  dismissLinkNotices: () => void;
}

export function createPlaygroundStore(initial: PlaygroundConfig = DEFAULT_CONFIG) {
  return createStore<PlaygroundState>()((set, get) => ({
    config: initial,
    linkNotices: [],
    hints: {},
    update: (patch) => {
      const { config, notices } = normalizeConfig({ ...get().config, ...patch });
      const hints: Partial<Record<ConfigKey, string>> = {};
      for (const n of notices) if (n.key !== 'link') hints[n.key] = n.message;
      set({ config, hints });
    },
    load: (config, notices) => set({ config, linkNotices: notices, hints: {} }),
    dismissLinkNotices: () => set({ linkNotices: [] }),
  }));
}

export type PlaygroundStore = ReturnType<typeof createPlaygroundStore>;

/**
 * The page's store, shared by the link sync (main.tsx), the page's model runtime and, through
 * playground-context.tsx, the components.
 */
export const playgroundStore = createPlaygroundStore();
