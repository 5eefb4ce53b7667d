import { useManifest } from '../quality/use-manifest';
import type { JsonLoader } from '../quality/use-manifest';
import { RecallView } from './RecallView';
import './recall.css';

export interface RecallPanelProps {
  /** how the manifest is fetched (tests pass their own) */
  load?: JsonLoader;
}

/**
 * Why TPA does not learn recall here: the recall diagnosis of the shipped manifest
 * (public/pretrained/manifest.json, section `recallDiagnosis`), shown from the manifest alone.
 */
export function RecallPanel({ load }: RecallPanelProps) {
  const state = useManifest(load);
  if (state.status === 'loading') return <p className="recall-note">Loading the precomputed results…</p>;
  if (state.status === 'error')
    return (
      <p className="recall-error" role="alert">
        The precomputed results could not be shown: {state.message}.
      </p>
    );
  const section = state.manifest.recallDiagnosis;
  if (!section)
    return (
      <p className="recall-note" data-testid="recall-missing">
        The shipped results hold no recall diagnosis yet:{' '}
        <code>PRETRAIN_PART=recall-diagnosis npm run pretrain</code> trains it into the manifest.
      </p>
    );
  return <RecallView section={section} />;
}
