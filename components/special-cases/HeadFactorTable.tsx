import type { HeadFactorGrid } from '../../src/view-models/factors';
import { formatEntry } from '../factors/format';

export interface HeadFactorTableProps {
  name: string;
  grid: HeadFactorGrid;
}

/** A head factor's numbers: one row per head, one column per rank. */
export function HeadFactorTable({ name, grid }: HeadFactorTableProps) {
  const cols = Array.from({ length: grid.cols }, (_, r) => r);
  return (
    <table data-testid={`special-table-${name}`} data-rows={grid.rows} data-cols={grid.cols}>
      <caption>{name}</caption>
      <thead>
        <tr>
          <th scope="col">head</th>
          {cols.map((r) => (
            <th key={r} scope="col">
              r = {r + 1}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: grid.rows }, (_, i) => (
          <tr key={i}>
            <th scope="row">{i}</th>
            {cols.map((r) => {
              const v = grid.data[i * grid.cols + r] ?? Number.NaN;
              return (
                <td key={r} data-value={v}>
                  {formatEntry(v)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
