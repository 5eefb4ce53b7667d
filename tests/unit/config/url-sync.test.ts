import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, decodeConfig } from '../../../src/config';
import { createPlaygroundStore } from '../../../src/state/playground-store';
import { startUrlSync } from '../../../src/state/url-sync';

function fakeBrowser(search: string) {
  const location = { search, hash: '#kv', pathname: '/app/' };
  const writes: string[] = [];
  const history = {
    replaceState: (_data: unknown, _unused: string, url?: string | URL | null) => {
      writes.push(String(url));
      location.search = String(url)
        .replace(/^[^?]*/, '')
        .replace(/#.*$/, '');
    },
  };
  return { location, history, writes };
}

describe('URL sync', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('loads the store from the link, with the notices', () => {
    const store = createPlaygroundStore();
    const b = fakeBrowser('?v=1&rq=3&h=-1');
    startUrlSync(store, b);
    expect(store.getState().config.rankQ).toBe(3);
    expect(store.getState().config.heads).toBe(1);
    // h = 1 also forces G = 1: one notice for each
    expect(store.getState().linkNotices.map((n) => n.key)).toEqual(['heads', 'kvHeads']);
  });

  it('a burst of slider ticks makes one replaceState after the quiet time, none before', () => {
    const store = createPlaygroundStore();
    const b = fakeBrowser('');
    startUrlSync(store, { ...b, delayMs: 200 });
    for (let r = 1; r <= 30; r++) {
      store.getState().update({ rankK: r });
      vi.advanceTimersByTime(10);
    }
    expect(b.writes).toHaveLength(0);
    vi.advanceTimersByTime(200);
    expect(b.writes).toHaveLength(1);
    expect(b.writes[0]).toMatch(/^\/app\/\?v=1&/);
    expect(b.writes[0]).toMatch(/#kv$/);
    expect(decodeConfig(b.location.search).config.rankK).toBe(30);
  });

  it('stopping flushes a pending write', () => {
    const store = createPlaygroundStore();
    const b = fakeBrowser('');
    const stop = startUrlSync(store, b);
    store.getState().update({ rankV: 7 });
    stop();
    expect(b.writes).toHaveLength(1);
    expect(decodeConfig(b.location.search).config.rankV).toBe(7);
  });
});

describe('store edits keep the config valid and say what they adjusted', () => {
  it('lowering h so G no longer divides it moves G and leaves a hint on G', () => {
    const store = createPlaygroundStore({ ...DEFAULT_CONFIG, heads: 32, kvHeads: 8 });
    store.getState().update({ heads: 12 });
    expect(store.getState().config.kvHeads).toBe(6);
    expect(store.getState().hints.kvHeads).toMatch(/divide/);
    store.getState().update({ rankQ: 2 });
    expect(store.getState().hints.kvHeads).toBeUndefined();
  });
});
