import { useId, useState } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { CONTROL_GROUPS, CONTROL_GROUP_LABELS, classroomLink } from './control-groups';
import type { ControlGroup } from './control-groups';
import './classroom.css';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * For teachers: choose which controls the link hides and whether the rest are locked, then copy the link.
 * The choice only shapes the link; this page keeps all its controls until the link is opened.
 */
export function ClassroomPicker({ config }: { config: PlaygroundConfig }) {
  const [hidden, setHidden] = useState<readonly ControlGroup[]>(config.hidden);
  const [locked, setLocked] = useState(config.locked === 1);
  const [copy, setCopy] = useState<CopyState>('idle');
  const linkId = useId();
  const link = classroomLink(config, hidden, locked);

  const toggle = (group: ControlGroup, on: boolean) => {
    setCopy('idle');
    setHidden((prev) => (on ? [...prev, group] : prev.filter((g) => g !== group)));
  };
  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <details className="classroom" data-testid="classroom-picker">
      <summary>Make a classroom link</summary>
      <p className="controls__note">
        Share this exact view with some controls hidden, so students can focus. The link also keeps the tour
        step and theme.
      </p>
      <fieldset className="classroom__groups">
        <legend>Hide these controls</legend>
        {CONTROL_GROUPS.map((group) => (
          <label key={group} className="classroom__check">
            <input
              type="checkbox"
              data-testid={`classroom-hide-${group}`}
              checked={hidden.includes(group)}
              onChange={(e) => toggle(group, e.currentTarget.checked)}
            />
            <span>{CONTROL_GROUP_LABELS[group]}</span>
          </label>
        ))}
      </fieldset>
      <label className="classroom__check">
        <input
          type="checkbox"
          data-testid="classroom-lock"
          checked={locked}
          onChange={(e) => {
            setCopy('idle');
            setLocked(e.currentTarget.checked);
          }}
        />
        <span>Lock the controls that stay visible</span>
      </label>
      <label className="classroom__link" htmlFor={linkId}>
        Classroom link
      </label>
      <input
        id={linkId}
        className="classroom__link-input"
        data-testid="classroom-link"
        readOnly
        value={link}
        onFocus={(e) => e.currentTarget.select()}
      />
      <div className="classroom__actions">
        <button type="button" onClick={() => void copyLink()}>
          Copy classroom link
        </button>
        <a href={link} target="_blank" rel="noopener">
          Open it in a new tab
        </a>
        <span role="status" className="copy-link__status">
          {copy === 'copied' ? 'Link copied' : copy === 'failed' ? 'Select the link above and copy it' : ''}
        </span>
      </div>
    </details>
  );
}
