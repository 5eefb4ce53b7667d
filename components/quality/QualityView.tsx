import { useId, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { formatInteger } from '../../src/view-models/format';
import type { LiveState } from '../../src/runtime/live-runner';
import { rerunJob } from '../../src/sweep/compare';
import type { Manifest } from '../../src/sweep/manifest';
import type { Budget } from '../../src/sweep/protocol';
import {
  budgetNote,
  budgetOptions,
  chartBudgetOfJob,
  offeredLive,
  pretrainCommand,
} from '../../src/view-models/quality/budget-view';
import { qualityChartView } from '../../src/view-models/quality/quality-view';
import type { QualityChartView, QualityRunView } from '../../src/view-models/quality/quality-view';
import { qualitySummary } from '../../src/view-models/quality/summary';
import { PAPER_ZERO_SHOT } from '../article/paper-results';
import { LiveProgress } from './LiveProgress';
import { LiveSection } from './LiveSection';
import type { LiveProps } from './live-types';
import { BudgetSwitch } from './BudgetSwitch';
import { withCode } from './format';
import { ParetoChart } from './ParetoChart';
import { RunTable } from './RunTable';
import { TrainingCurvesSection } from './TrainingCurvesSection';
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
  note: ReactNode;
  view: QualityChartView;
  onLoad: (patch: Partial<PlaygroundConfig>) => void;
  live: LiveProps | undefined;
  manifest: Manifest;
  config: PlaygroundConfig;
}) {
  const tableId = useId();
  const progress = live?.state.progress ?? null;
  const busy = progress !== null;
  // the long and extended budgets are not offered live (too long to train here)
  const trainable = live && offeredLive(view.budget) ? live : undefined;
  const onRerun = trainable
    ? (run: QualityRunView) => trainable.actions.start([rerunJob(manifest, view.budget, run.run)])
    : undefined;
  const mine = progress && view.runs.some((r) => `${view.budget}:${r.id}` === progress.key);
  return (
    <section className="quality-section" aria-label={title}>
      <h3>{title}</h3>
      <p
        className="quality-note"
        data-testid={view.runs.length === 0 ? `pareto-unavailable-${view.id}` : undefined}
      >
        {note}
      </p>
      {view.runs.length > 0 && (
        <ChartBody
          view={view}
          tableId={tableId}
          onLoad={onLoad}
          onRerun={onRerun}
          busy={busy}
          live={trainable}
          manifest={manifest}
          config={config}
          progress={mine ? progress : null}
        />
      )}
    </section>
  );
}

function ChartBody({
  view,
  tableId,
  onLoad,
  onRerun,
  busy,
  live,
  manifest,
  config,
  progress,
}: {
  view: QualityChartView;
  tableId: string;
  onLoad: (patch: Partial<PlaygroundConfig>) => void;
  onRerun: ((run: QualityRunView) => void) | undefined;
  busy: boolean;
  live: LiveProps | undefined;
  manifest: Manifest;
  config: PlaygroundConfig;
  progress: LiveState['progress'];
}) {
  return (
    <>
      {progress && <LiveProgress progress={progress} announce={false} />}
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
    </>
  );
}

/**
 * The quality panel once the precomputed results are in: a budget switch, the summary for the chosen
 * budget, the corpus Pareto chart at that budget, loss and gap to MHA against tokens (the long budget),
 * the recall chart, and with a live runner compare mode and re-runs.
 */
export function QualityView({ manifest, config, onChange, live }: QualityViewProps) {
  const runs = live?.state.runs ?? NO_RUNS;
  const [budget, setBudget] = useState<Budget>('full');
  // a live run that starts is drawn on its budget's chart: show that one
  const jobKey = live?.state.progress?.key ?? null;
  const [seenJob, setSeenJob] = useState(jobKey);
  if (jobKey !== seenJob) {
    setSeenJob(jobKey);
    const jobBudget = jobKey === null ? null : chartBudgetOfJob(manifest, jobKey);
    if (jobBudget !== null && jobBudget !== budget) setBudget(jobBudget);
  }
  const options = useMemo(() => budgetOptions(manifest), [manifest]);
  const corpus = useMemo(
    () => qualityChartView(manifest, 'corpus', config, { budget, live: runs }),
    [manifest, config, budget, runs],
  );
  const recall = useMemo(
    () => qualityChartView(manifest, 'recall', config, { live: runs }),
    [manifest, config, runs],
  );
  const summary = useMemo(
    () => qualitySummary({ manifest, budgetBytes: corpus.live.x, paper: PAPER_ZERO_SHOT, budget }),
    [manifest, corpus.live.x, budget],
  );
  const { corpus: pc, recall: pr } = manifest.protocols;
  return (
    <div className="quality-panel">
      <p className="quality-provenance" data-testid="quality-provenance">
        <span className="quality-badge">precomputed</span> {manifest.runs.length} runs trained by{' '}
        <code>{manifest.generator}</code> on {manifest.environment.backend} (tfjs {manifest.environment.tfjs}
        ), seed {pc.seed}, AdamW, the same data, budget and schedule for every run of a task: corpus{' '}
        {formatInteger(pc.steps)} steps × {pc.batch} windows of {pc.contextLength} characters at peak learning
        rate {pc.learningRate}; recall {formatInteger(pr.steps)} steps × {pr.batch} sequences of{' '}
        {pr.contextLength} tokens at {pr.learningRate}, trained on the answers only. The corpus runs also come
        at a quick budget{manifest.long ? ' and longer ones' : ''} (the switch below).
      </p>
      <BudgetSwitch options={options} value={budget} onChange={setBudget} />
      <div className="quality-summary" data-testid="quality-summary" aria-live="polite">
        <p data-testid="quality-summary-budget">{summary.budget}</p>
        <p>{summary.recall}</p>
        <p>{summary.paper}</p>
      </div>
      <ChartSection
        title="Validation loss against KV cache"
        note={
          corpus.runs.length === 0
            ? withCode(budgetNote(manifest, budget), pretrainCommand(budget))
            : `${budgetNote(manifest, budget)} Lower and further left is better. The staircase is the Pareto frontier: the lowest loss any run reached with at most that much cache. The vertical line is your configuration (rank sliders and model knobs); its loss is not known until it is trained.`
        }
        view={corpus}
        onLoad={onChange}
        live={live}
        manifest={manifest}
        config={config}
      />
      <TrainingCurvesSection manifest={manifest} />
      <ChartSection
        title="Associative-recall accuracy against KV cache"
        note="Each sequence lists key–value pairs, then asks for their values back after a gap; the models are trained and scored on the answers only. Higher is better; the dotted lines are what a model scores without knowing which value belongs to which key."
        view={recall}
        onLoad={onChange}
        live={live}
        manifest={manifest}
        config={config}
      />
      {/* Recall diagnosis (issue 12, part 2: per-position accuracy, attention patterns, accuracy curves)
          goes here, after the recall chart it explains. */}
      {live && <LiveSection manifest={manifest} state={live.state} actions={live.actions} />}
    </div>
  );
}
