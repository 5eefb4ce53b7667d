import { useMemo } from 'react';
import type { KeyboardEvent } from 'react';
import { interpolateRdBu, scaleDiverging } from 'd3';
import { formatEntry } from './format';

export interface Cell {
  row: number;
  col: number;
}

export interface HeatmapProps {
  matrix: { rows: number; cols: number; data: ArrayLike<number> };
  /** colours run from −extent (blue) through 0 (white) to +extent (red) */
  extent: number;
  /** visible caption */
  title: string;
  /** what the picture shows, for assistive tech (the numbers are in the table views) */
  label: string;
  /** side of one cell in SVG units (the SVG scales down to its container) */
  cell?: number;
  highlightRows?: readonly number[];
  highlightCols?: readonly number[];
  active?: Cell | null;
  /** hover and arrow keys pick a cell; Escape or leaving clears it */
  onActive?: (cell: Cell | null) => void;
  /** dimmed (e.g. a term the step-through has not reached) */
  dim?: boolean;
  /**
   * the cells fade to a new colour (350 ms) instead of switching: for the one picture whose change is the
   * point (the step-through's running sum). Every fading cell is a CSS transition the browser animates on
   * the main thread, with transitionrun, transitionstart and transitionend events that React's root
   * listeners receive: a refreshed inspection of every heatmap at once was hundreds of them in one frame
   * (docs/performance.md#the-page-while-the-worker-trains)
   */
  fade?: boolean;
  testId?: string;
}

/** A diverging colour scale symmetric around 0 (D3); a zero extent still gives a valid scale. */
function divergingColor(extent: number): (v: number) => string {
  const m = extent > 0 && Number.isFinite(extent) ? extent : 1;
  return scaleDiverging<string>(interpolateRdBu).domain([m, 0, -m]).clamp(true);
}

/**
 * A matrix as a grid of coloured cells. React renders the rects; D3 supplies the colour scale. Rows and
 * columns can be highlighted (where a hovered entry of Q comes from); with `onActive` the grid is one tab
 * stop whose arrow keys move the active cell.
 */
export function Heatmap(props: HeatmapProps) {
  const { matrix, extent, cell = 12, active, onActive } = props;
  const color = useMemo(() => divergingColor(extent), [extent]);
  const w = matrix.cols * cell;
  const h = matrix.rows * cell;
  const rows = new Set(props.highlightRows ?? []);
  const cols = new Set(props.highlightCols ?? []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (!onActive) return;
    const at = active ?? { row: 0, col: 0 };
    const moves: Record<string, Cell> = {
      ArrowUp: { row: Math.max(0, at.row - 1), col: at.col },
      ArrowDown: { row: Math.min(matrix.rows - 1, at.row + 1), col: at.col },
      ArrowLeft: { row: at.row, col: Math.max(0, at.col - 1) },
      ArrowRight: { row: at.row, col: Math.min(matrix.cols - 1, at.col + 1) },
      Home: { row: at.row, col: 0 },
      End: { row: at.row, col: matrix.cols - 1 },
    };
    const next = moves[e.key];
    if (next) {
      e.preventDefault();
      onActive(active ? next : at);
    } else if (e.key === 'Escape') {
      onActive(null);
    }
  };

  const rects = [];
  for (let i = 0; i < matrix.rows; i++)
    for (let j = 0; j < matrix.cols; j++) {
      const v = matrix.data[i * matrix.cols + j] ?? Number.NaN;
      rects.push(
        <rect
          key={`${i}-${j}`}
          x={j * cell}
          y={i * cell}
          width={cell}
          height={cell}
          fill={Number.isFinite(v) ? color(v) : 'var(--muted)'}
          onMouseEnter={onActive ? () => onActive({ row: i, col: j }) : undefined}
        >
          {onActive ? null : <title>{`[${i}, ${j}] = ${formatEntry(v)}`}</title>}
        </rect>,
      );
    }

  return (
    <figure
      className={`heatmap${props.dim ? ' heatmap--dim' : ''}${props.fade ? ' heatmap--fade' : ''}`}
      data-testid={props.testId}
      data-rows={matrix.rows}
      data-cols={matrix.cols}
    >
      <figcaption className="heatmap__title">{props.title}</figcaption>
      <div
        className="heatmap__frame"
        tabIndex={onActive ? 0 : undefined}
        role={onActive ? 'group' : undefined}
        aria-label={onActive ? `${props.label}. Arrow keys pick an entry.` : undefined}
        onKeyDown={onActive ? onKeyDown : undefined}
        onFocus={onActive && !active ? () => onActive({ row: 0, col: 0 }) : undefined}
        onMouseLeave={onActive ? () => onActive(null) : undefined}
      >
        <svg
          viewBox={`0 0 ${w} ${h}`}
          width={w}
          role="img"
          aria-label={props.label}
          preserveAspectRatio="xMinYMin meet"
        >
          {rects}
          {[...rows].map((i) => (
            <rect
              key={`r${i}`}
              className="heatmap__mark"
              x={0.5}
              y={i * cell + 0.5}
              width={w - 1}
              height={cell - 1}
            />
          ))}
          {[...cols].map((j) => (
            <rect
              key={`c${j}`}
              className="heatmap__mark"
              x={j * cell + 0.5}
              y={0.5}
              width={cell - 1}
              height={h - 1}
            />
          ))}
          {active ? (
            <rect
              className="heatmap__active"
              x={active.col * cell + 0.5}
              y={active.row * cell + 0.5}
              width={cell - 1}
              height={cell - 1}
            />
          ) : null}
        </svg>
      </div>
    </figure>
  );
}
