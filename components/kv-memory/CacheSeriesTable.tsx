import { memo } from 'react';
import type { CacheSeries } from '../../src/view-models/memory';
import { formatBytes, formatContextLength, formatInteger } from '../../src/view-models/memory';

interface CacheSeriesTableProps {
  series: readonly CacheSeries[];
  contexts: readonly number[];
}

/** Every point the chart's lines pass through: one row per context length, one column per kind. */
export const CacheSeriesTable = memo(function CacheSeriesTable({ series, contexts }: CacheSeriesTableProps) {
  return (
    <details className="kv-details">
      <summary>Every point of the chart</summary>
      <div className="kv-table-wrap" tabIndex={0} role="region" aria-label="Chart points">
        <table className="kv-table" data-testid="kv-series-table">
          <caption>Total KV cache at each plotted context length</caption>
          <thead>
            <tr>
              <th scope="col">Context</th>
              {series.map((s) => (
                <th scope="col" key={s.kind} data-kind={s.kind}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {contexts.map((tokens, i) => (
              <tr key={tokens} data-tokens={tokens}>
                <th scope="row" title={`${formatInteger(tokens)} tokens`}>
                  {formatContextLength(tokens)}
                </th>
                {series.map((s) => {
                  const bytes = s.points[i]?.bytes ?? Number.NaN;
                  return (
                    <td key={s.kind} className="kv-table__num" data-kind={s.kind} data-value={bytes}>
                      {formatBytes(bytes)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
});
