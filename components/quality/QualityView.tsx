import { useId, useMemo } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { formatInteger } from '../../src/explorer/format';
import type { Manifest } from '../../src/sweep/manifest';
import { qualityChartView } from '../../src/sweep/quality-view';
import type { QualityChartView } from '../../src/sweep/quality-view';
import { qualitySummary } from '../../src/sweep/summary';
import { PAPER_ZERO_SHOT } from '../article/paper-results';
import { ParetoChart } from './ParetoChart';
import { RunTable } from './RunTable';

export interface QualityViewProps {
  manifest: Manifest;
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
}

function ChartSection({
  title,
  note,
  view,
  onLoad,
}: {
  title: string;
  note: string;
  view: QualityChartView;
  onLoad: (patch: Partial<PlaygroundConfig>) => void;
}) {
  const tableId = useId();
  return (
    <section className="quality-section" aria-label={title}>
      <h3>{title}</h3>
      <p className="quality-note">{note}</p>
      <ParetoChart view={view} tableId={tableId} onLoad={onLoad} />
      <RunTable view={view} id={tableId} onLoad={onLoad} />
    </section>
  );
}

/** The quality panel once the precomputed results are in: summary, two Pareto charts and their tables. */
export function QualityView({ manifest, config, onChange }: QualityViewProps) {
  const corpus = useMemo(() => qualityChartView(manifest, 'corpus', config), [manifest, config]);
  const recall = useMemo(() => qualityChartView(manifest, 'recall', config), [manifest, config]);
  const summary = useMemo(
    () => qualitySummary({ manifest, budgetBytes: corpus.live.x, paper: PAPER_ZERO_SHOT }),
    [manifest, corpus.live.x],
  );
  const { corpus: pc, recall: pr } = manifest.protocols;
  return (
    <div className="quality-panel">
      <p className="quality-provenance" data-testid="quality-provenance">
        <span className="quality-badge">precomputed</span> {manifest.runs.length} runs trained by{' '}
        <code>{manifest.generator}</code> on {manifest.environment.backend} (tfjs {manifest.environment.tfjs}
        ), seed {pc.seed}, AdamW with peak learning rate {pc.learningRate}, the same data and budget for every
        run of a task: corpus {formatInteger(pc.steps)} steps × {pc.batch} windows of {pc.contextLength}{' '}
        characters; recall {formatInteger(pr.steps)} steps × {pr.batch} sequences of {pr.contextLength}{' '}
        tokens.
      </p>
      <div className="quality-summary" data-testid="quality-summary" aria-live="polite">
        <p>{summary.budget}</p>
        <p>{summary.recall}</p>
        <p>{summary.paper}</p>
      </div>
      <ChartSection
        title="Validation loss against KV cache"
        note="Lower and further left is better. The staircase is the Pareto frontier: the lowest loss any run reached with at most that much cache. The vertical line is your configuration (rank sliders and model knobs); its loss is not known until it is trained."
        view={corpus}
        onLoad={onChange}
      />
      <ChartSection
        title="Associative-recall accuracy against KV cache"
        note="Each sequence lists key–value pairs, then asks for some values back; only the answers are scored. Higher is better; a cache that is compressed too hard forgets pairs."
        view={recall}
        onLoad={onChange}
      />
    </div>
  );
}
