import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { DEFAULT_CONFIG } from '../../../src/config';
import type { ConfigNotice } from '../../../src/config';
import { createPlaygroundStore, playgroundStore } from '../../../src/state/playground-store';
import {
  PlaygroundProvider,
  useConfig,
  useConfigUpdate,
  useDismissLinkNotices,
  useHints,
  useLinkNotices,
} from '../../../src/state/playground-context';

/** Shows what the hooks read and edits through them. */
function Probe() {
  const config = useConfig();
  const hints = useHints();
  const update = useConfigUpdate();
  const notices = useLinkNotices();
  const dismiss = useDismissLinkNotices();
  return (
    <div>
      <output data-testid="heads">{config.heads}</output>
      <output data-testid="kv-heads">{config.kvHeads}</output>
      <output data-testid="hint">{hints.kvHeads ?? ''}</output>
      <output data-testid="notices">{notices.map((n) => n.message).join('|')}</output>
      <button type="button" onClick={() => update({ heads: 6, kvHeads: 4 })}>
        edit
      </button>
      <button type="button" onClick={dismiss}>
        dismiss
      </button>
    </div>
  );
}

const text = (id: string) => screen.getByTestId(id).textContent;

describe('playground context', () => {
  it('reads and edits the provider’s store, not the page’s', () => {
    const store = createPlaygroundStore();
    const pageBefore = playgroundStore.getState().config;
    render(
      <PlaygroundProvider store={store}>
        <Probe />
      </PlaygroundProvider>,
    );
    expect(text('heads')).toBe(String(DEFAULT_CONFIG.heads));
    fireEvent.click(screen.getByText('edit'));
    // G = 4 does not divide h = 6: the store keeps the config valid and says so, per knob
    const { config, hints } = store.getState();
    expect(config.heads).toBe(6);
    expect(6 % config.kvHeads).toBe(0);
    expect(text('kv-heads')).toBe(String(config.kvHeads));
    expect(text('hint')).toBe(hints.kvHeads);
    expect(text('hint')).toMatch(/G must divide h = 6/);
    expect(playgroundStore.getState().config).toBe(pageBefore);
  });

  it('shows the link’s notices until they are dismissed', () => {
    const store = createPlaygroundStore();
    const notices: ConfigNotice[] = [{ key: 'link', message: 'the link was made by a newer version' }];
    store.getState().load(DEFAULT_CONFIG, notices);
    render(
      <PlaygroundProvider store={store}>
        <Probe />
      </PlaygroundProvider>,
    );
    expect(text('notices')).toBe('the link was made by a newer version');
    fireEvent.click(screen.getByText('dismiss'));
    expect(text('notices')).toBe('');
    expect(store.getState().linkNotices).toEqual([]);
  });

  it('without a provider reads the page’s store', () => {
    render(<Probe />);
    expect(text('heads')).toBe(String(playgroundStore.getState().config.heads));
  });
});
