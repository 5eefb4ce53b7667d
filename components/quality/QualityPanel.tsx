import type { PlaygroundConfig } from '../../src/config';
import { QualityView } from './QualityView';
import { useManifest } from './use-manifest';
import type { JsonLoader } from './use-manifest';
import './quality.css';

export interface QualityPanelProps {
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
  /** how the manifest is fetched (tests pass their own) */
  load?: JsonLoader;
}

/** Quality against memory: the precomputed sweep (public/pretrained/), loaded when the panel mounts. */
export function QualityPanel({ config, onChange, load }: QualityPanelProps) {
  const state = useManifest(load);
  if (state.status === 'loading') return <p className="quality-note">Loading the precomputed results…</p>;
  if (state.status === 'error')
    return (
      <p className="quality-error" role="alert" data-testid="quality-error">
        The precomputed results could not be shown: {state.message}.
      </p>
    );
  return <QualityView manifest={state.manifest} config={config} onChange={onChange} />;
}
