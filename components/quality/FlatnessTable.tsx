import { curveStateText, flatnessText, lowestText } from '../../src/view-models/quality/loss-sentences';
import type { LossCurvesView } from '../../src/view-models/quality/loss-curves';
import { formatSignedNats, formatTokensCompact } from '../../src/view-models/format';
import { ScrollTable } from './ScrollTable';
import { NumberCell } from '../kv-memory/NumberCell';
import { formatLoss } from './format';

interface FlatnessTableProps {
  view: LossCurvesView;
  id: string;
}

/**
 * The numbers of the loss chart: each run's final validation loss at every budget (with the range over
 * seeds where it was repeated), how much its curve still improved over its last steps, whether
 * it levelled off or is past its best, and its lowest point (with the gap to MHA's lowest).
 */
export function FlatnessTable({ view, id }: FlatnessTableProps) {
  const extended = view.runs.some((r) => r.extendedFlatness !== null);
  return (
    <ScrollTable
      id={id}
      testId="curves-table"
      caption={
        <>
          Final validation loss of each run at each budget (range over seeds where repeated), and the flatness
          of its curve at the {view.curveBudgetName}
          {extended && ' (and of its extended curve where it has one)'}: {view.criterion}. The lowest point is
          that of the same curve, with its difference from MHA&apos;s lowest.
        </>
      }
    >
      <thead>
        <tr>
          <th scope="col">Run</th>
          {view.budgets.map((b) => (
            <th scope="col" key={b.budget}>
              {b.budget} ({formatTokensCompact(b.tokens)} tokens)
            </th>
          ))}
          <th scope="col">Improvement over the last steps</th>
          <th scope="col">Flat</th>
          <th scope="col">Lowest point</th>
          {extended && <th scope="col">Improvement over the last steps, extended budget</th>}
        </tr>
      </thead>
      <tbody>
        {view.runs.map((run) => (
          <tr key={run.id} data-run-id={run.id} data-kind={run.kind}>
            <th scope="row">{run.label}</th>
            {view.budgets.map((b) => {
              const f = run.finals.find((x) => x.budget === b.budget);
              return (
                <NumberCell key={b.budget} col={`final-${b.budget}`} value={f?.value ?? NaN}>
                  {formatLoss(f?.value)}
                  {f?.seeds && (
                    <span className="quality-table__seeds">
                      {' '}
                      ({formatLoss(f.seeds.min)}–{formatLoss(f.seeds.max)}, {f.seeds.seeds} seeds)
                    </span>
                  )}
                </NumberCell>
              );
            })}
            <NumberCell col="improvement" value={run.flatness?.improvement ?? NaN}>
              {flatnessText(run.flatness)}
            </NumberCell>
            <NumberCell col="flat" value={run.flatness?.flat ?? false}>
              {curveStateText(run.flatness)}
            </NumberCell>
            <NumberCell col="lowest" value={run.flatness?.lowest.loss ?? NaN}>
              {lowestText(run.flatness)}
              {run.lowestGap !== null && ` (${formatSignedNats(run.lowestGap)})`}
            </NumberCell>
            {extended && (
              <NumberCell col="improvement-extended" value={run.extendedFlatness?.improvement ?? NaN}>
                {flatnessText(run.extendedFlatness)}
              </NumberCell>
            )}
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
