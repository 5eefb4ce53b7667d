import type { GapView } from '../../src/view-models/quality/gap-curves';
import { ScrollTable } from './ScrollTable';
import { NumberCell } from '../kv-memory/NumberCell';
import { formatSignedLoss } from './format';

interface GapTableProps {
  view: GapView;
  id: string;
}

/**
 * The numbers of the gap chart: each run's gap to MHA at the full and long budgets' ends (and the extended
 * budget's, for the runs trained at it), and the verdict from full to long.
 */
export function GapTable({ view, id }: GapTableProps) {
  const spread = view.seedSpread;
  const extended = view.curves.some((c) => c.finals.some((f) => f.budget === 'extended'));
  return (
    <ScrollTable
      id={id}
      testId="gap-table"
      caption={
        <>
          Validation loss minus {view.reference?.label ?? 'MHA'}&apos;s at the end of each budget, the change
          in the gap&apos;s size from the full to the long budget, and whether it narrows, holds or widens by
          more than the seed-to-seed spread ({spread === null ? 'not measured' : spread.toFixed(3)})
        </>
      }
    >
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Gap, full budget</th>
          <th scope="col">Gap, long budget</th>
          {extended && <th scope="col">Gap, extended budget</th>}
          <th scope="col">Change in size</th>
          <th scope="col">Verdict</th>
        </tr>
      </thead>
      <tbody>
        {view.curves.map((c) => {
          const full = c.finals.find((f) => f.budget === 'full')?.value ?? null;
          const long = c.finals.find((f) => f.budget === 'long')?.value ?? null;
          const ext = c.finals.find((f) => f.budget === 'extended')?.value ?? null;
          return (
            <tr key={c.id} data-run-id={c.id} data-kind={c.kind}>
              <th scope="row">{c.label}</th>
              <NumberCell col="gap-full" value={full ?? NaN}>
                {formatSignedLoss(full)}
              </NumberCell>
              <NumberCell col="gap-long" value={long ?? NaN}>
                {formatSignedLoss(long)}
              </NumberCell>
              {extended && (
                <NumberCell col="gap-extended" value={ext ?? NaN}>
                  {formatSignedLoss(ext)}
                </NumberCell>
              )}
              <NumberCell col="change" value={c.change ?? NaN}>
                {formatSignedLoss(c.change)}
              </NumberCell>
              <td data-col="trend" data-value={c.trend ?? ''}>
                {c.trend ?? '–'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </ScrollTable>
  );
}
