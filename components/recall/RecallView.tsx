import { memo, useMemo } from 'react';
import type { ManifestRecallDiagnosis } from '../../src/sweep/manifest';
import {
  accuracyCurves,
  diagnosisTable,
  positionChart,
  recallConclusion,
} from '../../src/view-models/recall';
import { AccuracyCurvesChart } from './AccuracyCurvesChart';
import { AttentionViewer } from './AttentionViewer';
import { DiagnosisTableView } from './DiagnosisTableView';
import { PositionChart } from './PositionChart';

/**
 * The diagnosis: what TPA learns instead, where its attention goes, the runs tried and what they show.
 * Memoised: it shows the manifest's section only, and its parent re-renders on every slider tick.
 */
export const RecallView = memo(function RecallView({ section }: { section: ManifestRecallDiagnosis }) {
  const conclusion = useMemo(() => recallConclusion(section), [section]);
  const positions = useMemo(() => positionChart(section), [section]);
  const curves = useMemo(() => accuracyCurves(section), [section]);
  const table = useMemo(() => diagnosisTable(section), [section]);
  if (!conclusion)
    return (
      <p className="recall-note" data-testid="recall-missing">
        The recall diagnosis in the shipped results has no official TPA run to explain.
      </p>
    );
  return (
    <div className="recall-panel" data-testid="recall-panel">
      <p className="recall-scale">{conclusion.scale}</p>
      <section className="recall-section" aria-labelledby="recall-positions-title">
        <h3 id="recall-positions-title">What TPA learns instead of recall</h3>
        <p>{conclusion.mechanism}</p>
        {positions ? <PositionChart data={positions} /> : null}
      </section>
      <section className="recall-section" aria-labelledby="recall-attention-title">
        <h3 id="recall-attention-title">Which key does the query find?</h3>
        <AttentionViewer section={section} />
      </section>
      <section className="recall-section" aria-labelledby="recall-curves-title">
        <h3 id="recall-curves-title">Recall accuracy along training</h3>
        {curves ? <AccuracyCurvesChart curves={curves} /> : null}
      </section>
      <section className="recall-section" aria-labelledby="recall-runs-title">
        <h3 id="recall-runs-title">What was tried</h3>
        <p>{conclusion.obstacles}</p>
        <p>{conclusion.circuit}</p>
        {conclusion.others ? <p>{conclusion.others}</p> : null}
        <DiagnosisTableView table={table} />
      </section>
      <section className="recall-section" aria-labelledby="recall-open-title">
        <h3 id="recall-open-title">What remains open</h3>
        <ul className="recall-open" data-testid="recall-open">
          {conclusion.open.map((x) => (
            <li key={x}>{x}</li>
          ))}
        </ul>
      </section>
    </div>
  );
});
