import type { LossCurvesView } from '../../src/view-models/quality/training-curves';
import { formatInteger, formatTokensCompact } from '../../src/view-models/format';
import { ScrollTable } from './ScrollTable';
import { NumberCell } from '../kv-memory/NumberCell';
import { formatLoss } from './format';

interface FlatnessTableProps {
  view: LossCurvesView;
  id: string;
}

const percent = (x: number) => `${(100 * x).toFixed(2)}%`;

/**
 * The numbers of the loss chart: each long run's final validation loss at every budget (with the range
 * over seeds where it was repeated), and how much its long curve still improved over its last steps.
 */
export function FlatnessTable({ view, id }: FlatnessTableProps) {
  return (
    <ScrollTable
      id={id}
      testId="curves-table"
      caption={
        <>
          Final validation loss of each run at each budget (range over seeds where repeated), and the flatness
          of its long curve: {view.criterion}.
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
              {run.flatness
                ? `${percent(run.flatness.improvement)} (steps ${formatInteger(run.flatness.from.step)}–${formatInteger(run.flatness.to.step)})`
                : '–'}
            </NumberCell>
            <NumberCell col="flat" value={run.flatness?.flat ?? false}>
              {run.flatness ? (run.flatness.flat ? 'yes' : 'no') : '–'}
            </NumberCell>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
