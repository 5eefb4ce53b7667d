import { useMemo } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { useLiveRunner, useLiveRuns } from '../../src/state/model-context';
import { QualityView } from './QualityView';
import type { LiveProps } from './live-types';
import { useManifest } from './use-manifest';
import type { JsonLoader } from './use-manifest';
import './quality.css';

export interface QualityPanelProps {
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
  /** how the manifest is fetched (tests pass their own) */
  load?: JsonLoader;
}

/**
 * Quality against memory: the precomputed sweep (public/pretrained/), loaded when the panel mounts, and
 * runs of it trained live in this browser (compare mode, re-runs), kept across visits.
 */
export function QualityPanel({ config, onChange, load }: QualityPanelProps) {
  const state = useManifest(load);
  const runner = useLiveRunner();
  const liveState = useLiveRuns();
  const live = useMemo<LiveProps>(
    () => ({
      state: liveState,
      actions: {
        start: (jobs) => void runner.start(jobs),
        cancel: () => runner.cancel(),
        forget: () => void runner.forget(),
      },
    }),
    [liveState, runner],
  );
  if (state.status === 'loading') return <p className="quality-note">Loading the precomputed results…</p>;
  if (state.status === 'error')
    return (
      <p className="quality-error" role="alert" data-testid="quality-error">
        The precomputed results could not be shown: {state.message}.
      </p>
    );
  return <QualityView manifest={state.manifest} config={config} onChange={onChange} live={live} />;
}
