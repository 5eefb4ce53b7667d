import type { PlaygroundConfig } from '../../src/config';
import { CONTROL_GROUP_LABELS, isLocked } from './control-groups';
import './classroom.css';

export interface ClassroomNoticeProps {
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
}

/**
 * Says what a classroom link did: which controls it hides and that the rest are locked. Both can be undone
 * here: a link cannot force anything, it only focuses the page.
 */
export function ClassroomNotice({ config, onChange }: ClassroomNoticeProps) {
  const locked = isLocked(config);
  if (!locked && config.hidden.length === 0) return null;
  return (
    <div className="classroom-notice" role="note" data-testid="classroom-notice">
      {locked ? (
        <p className="classroom-notice__line">
          <strong>Locked by the link.</strong> These controls keep the settings the link was shared with.{' '}
          <button type="button" className="button--quiet" onClick={() => onChange({ locked: 0 })}>
            Unlock
          </button>
        </p>
      ) : null}
      {config.hidden.length > 0 ? (
        <p className="classroom-notice__line">
          This link hides: {config.hidden.map((g) => CONTROL_GROUP_LABELS[g]).join('; ')}.{' '}
          <button type="button" className="button--quiet" onClick={() => onChange({ hidden: [] })}>
            Show all controls
          </button>
        </p>
      ) : null}
    </div>
  );
}
