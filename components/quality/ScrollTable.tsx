import type { ReactNode } from 'react';

interface ScrollTableProps {
  /** the table's id (charts point at it with aria-describedby) */
  id: string;
  testId: string;
  /** what the table holds: shown above it and naming it */
  caption: ReactNode;
  /** the table's head and body */
  children: ReactNode;
}

/**
 * A table that scrolls sideways on its own when it is wider than the panel, under a caption that stays
 * the panel's width (a <caption> would be as wide as the table, and cut off on a phone). The caption
 * names both the table and its scrolling region.
 */
export function ScrollTable({ id, testId, caption, children }: ScrollTableProps) {
  const captionId = `${id}-caption`;
  return (
    <div className="quality-table-block">
      <p className="quality-table-caption" id={captionId} data-testid={`${testId}-caption`}>
        {caption}
      </p>
      <div className="quality-table-wrap" tabIndex={0} role="region" aria-labelledby={captionId}>
        <table className="quality-table" id={id} data-testid={testId} aria-labelledby={captionId}>
          {children}
        </table>
      </div>
    </div>
  );
}
