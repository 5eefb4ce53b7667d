import type { ReactNode } from 'react';

interface NumberCellProps {
  /** stable column name for tests, e.g. "elements" */
  col: string;
  /** the exact number behind the formatted text */
  value: number | boolean;
  children: ReactNode;
}

/** A table cell that shows a formatted number and keeps the raw one in data-value. */
export function NumberCell({ col, value, children }: NumberCellProps) {
  return (
    <td className="kv-table__num" data-col={col} data-value={String(value)}>
      {children}
    </td>
  );
}
