import { useId, useMemo } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { formatInteger } from '../../src/view-models/format';
import type { LiveState } from '../../src/runtime/live-runner';
import { rerunJob } from '../../src/sweep/compare';
import type { Manifest } from '../../src/sweep/manifest';
import { qualityChartView } from '../../src/view-models/quality/quality-view';
import type { QualityChartView, QualityRunView } from '../../src/view-models/quality/quality-view';
import { qualitySummary } from '../../src/view-models/quality/summary';
import { PAPER_ZERO_SHOT } from '../article/paper-results';
import { LiveProgress } from './LiveProgress';
import { LiveSection } from './LiveSection';
import type { LiveProps } from './live-types';
import { ParetoChart } from './ParetoChart';
import { RunTable } from './RunTable';
import { YourRunControl } from './YourRunControl';

export interface QualityViewProps {
  manifest: Manifest;
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
  /** live runs and what trains them (absent: the precomputed results only) */
  live?: LiveProps;
}

const NO_RUNS: LiveState['runs'] = {};

function ChartSection({
  title,
  note,
  view,
  onLoad,
  live,
  manifest,
  config,
}: {
  title: string;
  note: string;
  view: QualityChartView;
  onLoad: (patch: Partial<PlaygroundConfig>) => void;
  live: LiveProps | undefined;
  manifest: Manifest;
  config: PlaygroundConfig;
}) {
  const tableId = useId();
  const progress = live?.state.progress ?? null;
  const busy = progress !== null;
  const onRerun = live
    ? (run: QualityRunView) => live.actions.start([rerunJob(manifest, view.budget, run.run)])
    : undefined;
  const mine = progress && view.runs.some((r) => `${view.budget}:${r.id}` === progress.key);
  return (
    <section className="quality-section" aria-label={title}>
      <h3>{title}</h3>
      <p className="quality-note">{note}</p>
      {mine && <LiveProgress progress={progress} announce={false} />}
      <ParetoChart view={view} tableId={tableId} onLoad={onLoad} onRerun={onRerun} busy={busy} />
      <p className="quality-legend" aria-hidden="true">
        <span className="quality-legend__item">
          <span className="quality-legend__dot" /> precomputed (filled: head-matched, hollow:
          parameter-matched)
        </span>
        <span className="quality-legend__item">
          <span className="quality-legend__diamond" /> trained live in this browser
        </span>
        <span className="quality-legend__item">
          <span className="quality-legend__diamond quality-legend__diamond--yours" /> your own model, trained
          live
        </span>
      </p>
      {live && (
        <YourRunControl
          manifest={manifest}
          view={view}
          config={config}
          state={live.state}
          actions={live.actions}
        />
      )}
      <RunTable view={view} id={tableId} onLoad={onLoad} onRerun={onRerun} busy={busy} />
    </section>
  );
}

/**
 * The quality panel once the precomputed results are in: summary, two Pareto charts and their tables;
 * with a live runner also compare mode, re-runs, and the quick budget's chart.
 */
export function QualityView({ manifest, config, onChange, live }: QualityViewProps) {
  const runs = live?.state.runs ?? NO_RUNS;
  const corpus = useMemo(
    () => qualityChartView(manifest, 'corpus', config, { live: runs }),
    [manifest, config, runs],
  );
  const recall = useMemo(
    () => qualityChartView(manifest, 'recall', config, { live: runs }),
    [manifest, config, runs],
  );
  const quick = useMemo(
    () => qualityChartView(manifest, 'corpus', config, { budget: 'quick', live: runs }),
    [manifest, config, runs],
  );
  const summary = useMemo(
    () => qualitySummary({ manifest, budgetBytes: corpus.live.x, paper: PAPER_ZERO_SHOT }),
    [manifest, corpus.live.x],
  );
  const { corpus: pc, recall: pr } = manifest.protocols;
  const q = manifest.quick.protocol;
  return (
    <div className="quality-panel">
      <p className="quality-provenance" data-testid="quality-provenance">
        <span className="quality-badge">precomputed</span> {manifest.runs.length} runs trained by{' '}
        <code>{manifest.generator}</code> on {manifest.environment.backend} (tfjs {manifest.environment.tfjs}
        ), seed {pc.seed}, AdamW, the same data, budget and schedule for every run of a task: corpus{' '}
        {formatInteger(pc.steps)} steps × {pc.batch} windows of {pc.contextLength} characters at peak learning
        rate {pc.learningRate}; recall {formatInteger(pr.steps)} steps × {pr.batch} sequences of{' '}
        {pr.contextLength} tokens at {pr.learningRate}, trained on the answers only.
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
        live={live}
        manifest={manifest}
        config={config}
      />
      <ChartSection
        title="Associative-recall accuracy against KV cache"
        note="Each sequence lists key–value pairs, then asks for their values back after a gap; the models are trained and scored on the answers only. Higher is better; the dotted lines are what a model scores without knowing which value belongs to which key."
        view={recall}
        onLoad={onChange}
        live={live}
        manifest={manifest}
        config={config}
      />
      {live && (
        <>
          <LiveSection manifest={manifest} state={live.state} actions={live.actions} />
          <ChartSection
            title="Quick budget: validation loss against KV cache"
            note={`The corpus runs again at ${formatInteger(q.steps)} steps × ${q.batch} windows of ${q.contextLength} characters, also precomputed: a live re-run takes seconds instead of minutes. This early in training the kinds barely differ; the point is to see a run trained here land on its precomputed value.`}
            view={quick}
            onLoad={onChange}
            live={live}
            manifest={manifest}
            config={config}
          />
        </>
      )}
    </div>
  );
}
