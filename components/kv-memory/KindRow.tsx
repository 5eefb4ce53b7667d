import type { ReactNode } from 'react';
import type { KvRow } from '../../src/view-models/memory';
import { NumberCell } from './NumberCell';

interface KindRowProps {
  row: KvRow;
  /** the cells after the kind and heads columns */
  children: ReactNode;
}

/** A table row for one kind: the kind as row header, its heads, then the given cells; marked when current. */
export function KindRow({ row, children }: KindRowProps) {
  return (
    <tr
      data-kind={row.kind}
      data-current={row.current}
      className={row.current ? 'kv-table__row--current' : undefined}
      aria-current={row.current ? 'true' : undefined}
    >
      <th scope="row" data-col="kind">
        {row.label}
      </th>
      <NumberCell col="heads" value={row.heads}>
        {row.heads}
      </NumberCell>
      {children}
    </tr>
  );
}
