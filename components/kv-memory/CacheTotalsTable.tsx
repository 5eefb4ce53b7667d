import type { PlaygroundConfig } from '../../src/config';
import type { KvRow } from '../../src/view-models/memory';
import { formatBytes, formatGB, formatInteger, formatTokensCompact } from '../../src/view-models/memory';
import { DTYPE_LABELS } from '../../src/memory';
import { KindRow } from './KindRow';
import { NumberCell } from './NumberCell';

interface CacheTotalsTableProps {
  rows: readonly KvRow[];
  config: PlaygroundConfig;
  id: string;
}

/** Whole-cache numbers at the chosen context length, and the longest context within the chosen budget. */
export function CacheTotalsTable({ rows, config, id }: CacheTotalsTableProps) {
  const tokens = formatInteger(config.contextLength);
  const batch = config.batch > 1 ? ` × ${formatInteger(config.batch)} sequences` : '';
  const budget = formatGB(config.budgetGB);
  return (
    <div className="kv-table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table className="kv-table" id={id} data-testid="kv-total-table">
        <caption id={`${id}-caption`}>
          Total KV cache at {tokens} tokens{batch} ({config.layers} layers, {DTYPE_LABELS[config.dtype]}), and
          the longest context whose cache fits in {budget}
        </caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Heads h</th>
            <th scope="col">Cache at {tokens} tokens</th>
            <th scope="col">Fits in {budget}?</th>
            <th scope="col">Longest context in {budget}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <KindRow key={row.kind} row={row}>
              <NumberCell col="total-at-context" value={row.totalBytesAtContext}>
                {formatBytes(row.totalBytesAtContext)}
              </NumberCell>
              <NumberCell col="fits" value={row.fitsAtContext}>
                {row.fitsAtContext ? 'yes' : 'no'}
              </NumberCell>
              <NumberCell col="longest-context" value={row.longestContextAtBudget}>
                {formatInteger(row.longestContextAtBudget)} ({formatTokensCompact(row.longestContextAtBudget)}
                )
              </NumberCell>
            </KindRow>
          ))}
        </tbody>
      </table>
    </div>
  );
}
