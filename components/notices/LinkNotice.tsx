import type { ConfigNotice } from '../../src/config';

export interface LinkNoticeProps {
  notices: readonly ConfigNotice[];
  onDismiss: () => void;
}

/** One notice listing everything the schema changed in the link the page was opened with. */
export function LinkNotice({ notices, onDismiss }: LinkNoticeProps) {
  if (notices.length === 0) return null;
  return (
    <section
      className="link-notice"
      role="alert"
      aria-labelledby="link-notice-title"
      data-testid="link-notice"
    >
      <h2 id="link-notice-title">Some settings in this link were changed</h2>
      <p>The link asked for values this page cannot use, so it used safe ones instead:</p>
      <ul>
        {notices.map((n, i) => (
          <li key={`${n.key}-${i}`}>{n.message}</li>
        ))}
      </ul>
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  );
}
