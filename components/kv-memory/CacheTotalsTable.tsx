import { memo } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import type { KvRow } from '../../src/view-models/memory';
import { formatBytes, formatGB, formatInteger, formatTokensCompact } from '../../src/view-models/memory';
import { DTYPE_LABELS } from '../../src/memory';
import { KindRow } from './KindRow';
import { NumberCell } from './NumberCell';

interface CacheTotalsTableProps {
  rows: readonly KvRow[];
  contextLength: number;
  batch: number;
  budgetGB: number;
  layers: number;
  dtype: PlaygroundConfig['dtype'];
  id: string;
}

/** One kind's row; memoised on the row object, which stays the same while its numbers do. */
const TotalsRow = memo(function TotalsRow({ row }: { row: KvRow }) {
  return (
    <KindRow row={row}>
      <NumberCell col="total-at-context" value={row.totalBytesAtContext}>
        {formatBytes(row.totalBytesAtContext)}
      </NumberCell>
      <NumberCell col="fits" value={row.fitsAtContext}>
        {row.fitsAtContext ? 'yes' : 'no'}
      </NumberCell>
      <NumberCell col="longest-context" value={row.longestContextAtBudget}>
        {formatInteger(row.longestContextAtBudget)} ({formatTokensCompact(row.longestContextAtBudget)})
      </NumberCell>
    </KindRow>
  );
});

/** Whole-cache numbers at the chosen context length, and the longest context within the chosen budget. */
export const CacheTotalsTable = memo(function CacheTotalsTable({
  rows,
  contextLength,
  batch: sequences,
  budgetGB,
  layers,
  dtype,
  id,
}: CacheTotalsTableProps) {
  const tokens = formatInteger(contextLength);
  const batch = sequences > 1 ? ` × ${formatInteger(sequences)} sequences` : '';
  const budget = formatGB(budgetGB);
  return (
    <div className="kv-table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table className="kv-table" id={id} data-testid="kv-total-table">
        <caption id={`${id}-caption`}>
          Total KV cache at {tokens} tokens{batch} ({layers} layers, {DTYPE_LABELS[dtype]}), and the longest
          context whose cache fits in {budget}
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
            <TotalsRow key={row.kind} row={row} />
          ))}
        </tbody>
      </table>
    </div>
  );
});
