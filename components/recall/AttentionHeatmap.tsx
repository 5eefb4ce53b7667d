export interface AttentionHeatmapProps {
  /** the sequence's tokens: row and column labels */
  tokens: readonly string[];
  /** row-major T×T attention (row = the attending token), each entry in [0, 1] */
  matrix: { rows: number; cols: number; data: readonly number[] };
  /** the query's row, drawn framed */
  row: number;
  /** columns to mark (the asked pair's key and value) */
  columns: readonly number[];
  title: string;
}

const CELL = 14;
const LABEL = 16;

/**
 * Attention as a grid: cell (i, j) is how much token i attends to token j, drawn as the accent colour at
 * that opacity (0 blank, 1 solid), with the tokens along both edges. The query's row is framed, the
 * asked pair's columns outlined (dashed). The SVG scales down with its viewBox at narrow widths.
 */
export function AttentionHeatmap({ tokens, matrix, row, columns, title }: AttentionHeatmapProps) {
  const n = matrix.rows;
  const size = LABEL + n * CELL;
  const cells = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i && j < matrix.cols; j++) {
      const p = matrix.data[i * matrix.cols + j] ?? 0;
      if (p <= 0) continue;
      cells.push(
        <rect
          key={`${i}-${j}`}
          x={LABEL + j * CELL}
          y={LABEL + i * CELL}
          width={CELL}
          height={CELL}
          fill="var(--accent)"
          fillOpacity={Math.min(1, p)}
        />,
      );
    }
  return (
    <svg
      className="recall-heatmap"
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={title}
      data-testid="recall-heatmap"
      data-row={row}
    >
      <rect className="recall-heatmap__frame" x={LABEL} y={LABEL} width={n * CELL} height={n * CELL} />
      {cells}
      {tokens.map((t, k) => (
        <g key={k} className="recall-heatmap__label" aria-hidden="true">
          <text x={LABEL + k * CELL + CELL / 2} y={LABEL - 4} textAnchor="middle">
            {t}
          </text>
          <text x={LABEL - 4} y={LABEL + k * CELL + CELL / 2} dy="0.35em" textAnchor="end">
            {t}
          </text>
        </g>
      ))}
      {columns.map((j) => (
        <rect
          key={j}
          className="recall-heatmap__column"
          x={LABEL + j * CELL + 0.5}
          y={LABEL + 0.5}
          width={CELL - 1}
          height={n * CELL - 1}
        />
      ))}
      <rect
        className="recall-heatmap__row"
        x={LABEL + 0.5}
        y={LABEL + row * CELL + 0.5}
        width={n * CELL - 1}
        height={CELL - 1}
        data-testid="recall-heatmap-row"
      />
    </svg>
  );
}
