import { encodeConfig } from '../../src/config';
import type { PlaygroundConfig } from '../../src/config';
import { CONTROL_GROUPS } from '../../src/config/fields';
import type { ControlGroup } from '../../src/config/fields';

export type { ControlGroup };

/**
 * What each control group a classroom link can hide holds, as the teacher's picker names it. A panel marks
 * the element holding a group's controls with `data-control-group="<group>"`; the app hides it when the
 * link names the group (see app.css).
 */
export const CONTROL_GROUP_LABELS: Readonly<Record<ControlGroup, string>> = {
  presets: 'Presets',
  ranks: 'TPA ranks (R_Q, R_K, R_V)',
  shape: 'Model shape (h, d_h, L, d)',
  gqa: 'GQA KV heads',
  mla: 'MLA latents',
  workload: 'Workload (context, batch, storage type, budget)',
  compare: 'Head- / parameter-matched switch',
  training: 'Training controls',
  generation: 'Generation controls',
  import: 'Import and export',
};

export { CONTROL_GROUPS };

export function isHidden(config: Pick<PlaygroundConfig, 'hidden'>, group: ControlGroup): boolean {
  return config.hidden.includes(group);
}

export function isLocked(config: Pick<PlaygroundConfig, 'locked'>): boolean {
  return config.locked === 1;
}

/** The link to this view with the chosen groups hidden and, optionally, the rest locked. */
export function classroomLink(
  config: PlaygroundConfig,
  hidden: readonly ControlGroup[],
  locked: boolean,
  base: { origin: string; pathname: string } = window.location,
): string {
  const view: PlaygroundConfig = {
    ...config,
    hidden: CONTROL_GROUPS.filter((g) => hidden.includes(g)),
    locked: locked ? 1 : 0,
  };
  return `${base.origin}${base.pathname}?${encodeConfig(view)}`;
}
