import { useState } from 'react';
import { encodeConfig } from '../../src/config';
import type { PlaygroundConfig } from '../../src/config';

/** The link to this exact configuration (built from the config, so it is current even mid-debounce). */
function shareLink(config: PlaygroundConfig): string {
  const { origin, pathname } = window.location;
  return `${origin}${pathname}?${encodeConfig(config)}`;
}

type CopyState = { kind: 'idle' } | { kind: 'copied' } | { kind: 'manual'; link: string };

/** Copies the share link; where the clipboard is unavailable, shows the link selected for manual copy. */
export function CopyLinkButton({ config }: { config: PlaygroundConfig }) {
  const [state, setState] = useState<CopyState>({ kind: 'idle' });
  const copy = async () => {
    const link = shareLink(config);
    try {
      await navigator.clipboard.writeText(link);
      setState({ kind: 'copied' });
    } catch {
      setState({ kind: 'manual', link });
    }
  };
  return (
    <div className="copy-link">
      <button type="button" data-testid="copy-link" onClick={() => void copy()}>
        Copy link
      </button>
      <span role="status" className="copy-link__status">
        {state.kind === 'copied' ? 'Link copied' : null}
      </span>
      {state.kind === 'manual' ? (
        <label className="copy-link__manual">
          <span>Copy this link:</span>
          <input readOnly value={state.link} onFocus={(e) => e.currentTarget.select()} autoFocus />
        </label>
      ) : null}
    </div>
  );
}
