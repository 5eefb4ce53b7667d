import type { RuntimeNotice } from '../../src/runtime/runtime-state';

export interface RuntimeNoticesProps {
  notices: readonly RuntimeNotice[];
  onDismiss: (id: number) => void;
}

/** What happened to the model worker (restarted, recovered, could not start), announced politely. */
export function RuntimeNotices({ notices, onDismiss }: RuntimeNoticesProps) {
  return (
    <div className="runtime-notices" aria-live="polite">
      {notices.map((n) => (
        <p
          key={n.id}
          className={`runtime-notice runtime-notice--${n.tone}`}
          data-testid="runtime-notice"
          data-tone={n.tone}
        >
          <span>{n.message}</span>
          <button
            type="button"
            className="button--quiet runtime-notice__close"
            onClick={() => onDismiss(n.id)}
          >
            Dismiss
          </button>
        </p>
      ))}
    </div>
  );
}
