import type { GapView } from '../../src/view-models/quality/gap-curves';
import { ScrollTable } from './ScrollTable';
import { NumberCell } from '../kv-memory/NumberCell';
import { formatSignedLoss } from './format';

interface GapTableProps {
  view: GapView;
  id: string;
}

/** The budgets whose ends the table has a column for, in token order. */
const GAP_BUDGETS = ['full', 'long', 'extended', 'longest'] as const;

/**
 * The numbers of the gap chart: each run's gap to MHA at the end of every budget it was trained at from
 * the full one on, and the verdict from full to long.
 */
export function GapTable({ view, id }: GapTableProps) {
  const spread = view.seedSpread;
  const budgets = GAP_BUDGETS.filter((b) => view.curves.some((c) => c.finals.some((f) => f.budget === b)));
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
          {budgets.map((b) => (
            <th scope="col" key={b}>
              Gap, {b} budget
            </th>
          ))}
          <th scope="col">Change in size</th>
          <th scope="col">Verdict</th>
        </tr>
      </thead>
      <tbody>
        {view.curves.map((c) => (
          <tr key={c.id} data-run-id={c.id} data-kind={c.kind}>
            <th scope="row">{c.label}</th>
            {budgets.map((b) => {
              const gap = c.finals.find((f) => f.budget === b)?.value ?? null;
              return (
                <NumberCell key={b} col={`gap-${b}`} value={gap ?? NaN}>
                  {formatSignedLoss(gap)}
                </NumberCell>
              );
            })}
            <NumberCell col="change" value={c.change ?? NaN}>
              {formatSignedLoss(c.change)}
            </NumberCell>
            <td data-col="trend" data-value={c.trend ?? ''}>
              {c.trend ?? '–'}
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
