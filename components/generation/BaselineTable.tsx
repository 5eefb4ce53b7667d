import { formatInteger, formatRatio } from '../../src/view-models/memory';
import type { BaselineRow } from '../../src/view-models/training/cache-view';

export interface BaselineTableProps {
  rows: readonly BaselineRow[];
}

/** Every attention kind at the small model's shape: cache measured in the worker against the formula. */
export function BaselineTable({ rows }: BaselineTableProps) {
  const tokens = rows[0]?.tokens ?? 0;
  return (
    // scrolls sideways on a narrow screen: focusable so the keyboard can scroll it too
    <div className="baseline-table" tabIndex={0} role="region" aria-label="Measured KV cache of every kind">
      <table data-testid="baseline-table">
        <caption>
          KV cache of each kind after {formatInteger(tokens)} tokens (fresh weights, the same tokens), all
          layers
        </caption>
        <thead>
          <tr>
            <th scope="col">kind and shape</th>
            <th scope="col">measured</th>
            <th scope="col">formula</th>
            <th scope="col">vs MHA</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.kind}
              data-kind={r.kind}
              data-matches={r.matches}
              aria-current={r.current ? 'true' : undefined}
            >
              <th scope="row">
                {r.label} <span className="baseline-table__shape">{r.shape}</span>
              </th>
              <td data-col="measured" data-value={r.measuredBytes}>
                {formatInteger(r.measuredBytes)} B
              </td>
              <td data-col="formula" data-value={r.formulaBytes}>
                {formatInteger(r.formulaBytes)} B {r.matches ? '✓' : '✗'}
              </td>
              <td data-col="ratio" data-value={r.ratioToMha ?? ''}>
                {r.ratioToMha === null ? '–' : formatRatio(r.ratioToMha)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
