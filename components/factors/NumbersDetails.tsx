import type { ReactNode } from 'react';

export interface NumbersDetailsProps {
  summary: ReactNode;
  /** accessible name of the scrolling region */
  label: string;
  children: ReactNode;
}

/** The table view behind a chart: closed by default, scrolls sideways on its own on a narrow screen. */
export function NumbersDetails({ summary, label, children }: NumbersDetailsProps) {
  return (
    <details className="factor-table">
      <summary>{summary}</summary>
      <div className="factor-table__scroll" tabIndex={0} role="region" aria-label={label}>
        {children}
      </div>
    </details>
  );
}
