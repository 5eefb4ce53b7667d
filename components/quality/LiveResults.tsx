import type { Manifest } from '../../src/sweep/manifest';
import { BUDGET_LABELS, formatDiff, formatMetric, liveRows } from '../../src/view-models/quality/live-view';
import type { LiveRun } from '../../src/sweep/live-runs';

interface LiveResultsProps {
  manifest: Manifest;
  runs: Readonly<Record<string, LiveRun>>;
}

const DATE = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Every run trained live in this browser next to its precomputed run: validation loss (and recall
 * accuracy) of both, the difference, the tolerance for the backend it ran on, and the verdict.
 */
export function LiveResults({ manifest, runs }: LiveResultsProps) {
  const rows = liveRows(manifest, runs);
  if (rows.length === 0)
    return (
      <p className="quality-note" data-testid="quality-live-empty">
        No run has been trained live in this browser yet.
      </p>
    );
  return (
    <div className="quality-table-wrap" tabIndex={0} role="region" aria-labelledby="quality-live-caption">
      <table className="quality-table" data-testid="quality-live-results">
        <caption id="quality-live-caption">
          Runs trained live in this browser (kept across visits), against the precomputed runs
        </caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Budget</th>
            <th scope="col">Backend</th>
            <th scope="col">Live validation loss</th>
            <th scope="col">Precomputed</th>
            <th scope="col">Difference (nats)</th>
            <th scope="col">Recall accuracy, live / precomputed</th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.key}
              data-key={r.key}
              data-run-id={r.runId}
              data-budget={r.budget}
              data-backend={r.backend}
              data-live={r.live}
              data-precomputed={r.precomputed ?? ''}
              data-diff={r.diff ?? ''}
              data-tolerance={r.tolerance ?? ''}
              data-verdict={r.verdict}
            >
              <th scope="row">
                {r.label}
                <span className="quality-table__shape">
                  {DATE.format(new Date(r.comparison.live.finishedAt))}
                </span>
              </th>
              <td>{BUDGET_LABELS[r.budget]}</td>
              <td>{r.backend}</td>
              <td className="kv-table__num">{formatMetric('corpus', r.live)}</td>
              <td className="kv-table__num">{formatMetric('corpus', r.precomputed)}</td>
              <td className="kv-table__num">{formatDiff(r.diff)}</td>
              <td className="kv-table__num">
                {r.task === 'recall'
                  ? `${formatMetric('recall', r.accuracy)} / ${formatMetric('recall', r.precomputedAccuracy)}`
                  : '–'}
              </td>
              <td className={`quality-verdict quality-verdict--${r.verdict.replace(' ', '-')}`}>
                {r.verdictText}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
