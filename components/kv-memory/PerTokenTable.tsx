import { memo } from 'react';
import type { CompareMode, PlaygroundConfig } from '../../src/config';
import type { KvRow } from '../../src/view-models/memory';
import { formatBytes, formatInteger } from '../../src/view-models/memory';
import { DTYPE_LABELS } from '../../src/memory';
import { KindRow } from './KindRow';
import { NumberCell } from './NumberCell';

interface PerTokenTableProps {
  rows: readonly KvRow[];
  compare: CompareMode;
  layers: number;
  dtype: PlaygroundConfig['dtype'];
  id: string;
}

/** One kind's row; memoised on the row object, which stays the same while its numbers do. */
const PerTokenRow = memo(function PerTokenRow({ row }: { row: KvRow }) {
  return (
    <KindRow row={row}>
      <td data-col="formula" className="kv-table__formula">
        {row.formula.filled}
      </td>
      <NumberCell col="elements" value={row.elementsPerToken}>
        {formatInteger(row.elementsPerToken)}
      </NumberCell>
      <NumberCell col="ratio" value={row.ratioToMha}>
        {row.kind === 'mha' ? '1× (baseline)' : `${row.ratioText} (${row.reductionText})`}
      </NumberCell>
      <NumberCell col="bytes-per-token" value={row.bytesPerTokenAllLayers}>
        {formatBytes(row.bytesPerTokenAllLayers)}
      </NumberCell>
      <NumberCell col="attention-params" value={row.attentionParams}>
        {formatInteger(row.attentionParams)}
      </NumberCell>
    </KindRow>
  );
});

/** The per-token numbers of the bars, as a table (what screen readers and tests read). */
export const PerTokenTable = memo(function PerTokenTable({
  rows,
  compare,
  layers,
  dtype,
  id,
}: PerTokenTableProps) {
  const mode = compare === 'head' ? 'head-matched' : 'parameter-matched';
  return (
    <div className="kv-table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table className="kv-table" id={id} data-testid="kv-per-token-table">
        <caption id={`${id}-caption`}>
          KV cache per token, {mode}: elements per layer, ratio to MHA, and bytes over {layers} layers in{' '}
          {DTYPE_LABELS[dtype]}
        </caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Heads h</th>
            <th scope="col">Formula</th>
            <th scope="col">Elements / token / layer</th>
            <th scope="col">vs MHA</th>
            <th scope="col">Bytes / token (all layers)</th>
            <th scope="col">Attention params / layer</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <PerTokenRow key={row.kind} row={row} />
          ))}
        </tbody>
      </table>
    </div>
  );
});
