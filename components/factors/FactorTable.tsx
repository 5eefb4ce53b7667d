import { headBreakdown } from '../../src/view-models/factors';
import type { FactorView } from '../../src/view-models/factors';
import { formatEntry, formatError } from './format';
import { NumbersDetails } from './NumbersDetails';

export interface FactorTableProps {
  view: FactorView;
  head: number;
}

/** The numbers behind the picture for one head: each term's row, their sum, the worker's row, the gap. */
export function FactorTable({ view, head }: FactorTableProps) {
  const b = headBreakdown(view, head);
  const features = Array.from({ length: view.headDim }, (_, j) => j);
  const row = (name: string, label: string, values: ArrayLike<number>, r?: number, format = formatEntry) => (
    <tr key={r === undefined ? name : `${name}-${r}`} data-row={name} data-r={r}>
      <th scope="row">{label}</th>
      {features.map((j) => {
        const v = values[j] ?? Number.NaN;
        return (
          <td key={j} data-value={v}>
            {format(v)}
          </td>
        );
      })}
    </tr>
  );
  return (
    <NumbersDetails
      summary={
        <>
          Numbers: head {b.head} of {view.symbol}, token {view.token} ({view.rank} terms)
        </>
      }
      label="Factor numbers"
    >
      <table data-testid="factor-table" data-head={b.head} data-rank={view.rank} data-part={view.part}>
        <caption className="visually-hidden">
          Row {b.head} of each rank-1 term, their sum and the worker’s {view.symbol}, by feature
        </caption>
        <thead>
          <tr>
            <th scope="col">feature</th>
            {features.map((j) => (
              <th key={j} scope="col">
                {j}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {b.terms.map((t, r) => row('term', `term r = ${r + 1}`, t, r + 1))}
          {row('sum', 'sum', b.sum)}
          {row('reported', `worker’s ${view.symbol}`, b.reported)}
          {row('error', '|difference|', b.error, undefined, formatError)}
        </tbody>
      </table>
    </NumbersDetails>
  );
}
