import { useMemo } from 'react';
import type { ReactNode } from 'react';
import type { AttentionKind } from '../../src/spec';
import { KIND_COLOR_VAR } from '../../src/styles/kind-colors';
import { AxisBottom, AxisLeft, ChartFrame, GridLines, useMeasuredWidth, useSvgId } from '../chart';
import { BUDGET_LABEL_ROW, CURVES_MARGIN } from './curves-layout';
import type { CurvesLayout, TokenScale } from './curves-layout';

export interface DrawnRun {
  id: string;
  label: string;
  kind: AttentionKind;
}

interface TokenCurvesChartProps {
  /** the layout at a width (the chart measures its container); keep it stable between renders */
  layoutAt: (width: number) => CurvesLayout;
  /** the runs drawn, in layout.lines order */
  runs: readonly DrawnRun[];
  /** each run's dash pattern ('' for solid) */
  dashes: Readonly<Record<string, string>>;
  /** the chart's accessible name */
  title: string;
  yLabel: string;
  /** test ids: `${id}-chart`, `${id}-line`, `${id}-final`, … */
  id: string;
  /** the table with the same numbers */
  describedBy: string;
  /** marks under the curves, in the plot's coordinates (a band, a zero line), drawn from the layout */
  under?: (layout: CurvesLayout) => ReactNode;
  /** how the layout scales tokens, for the axis title */
  scale: TokenScale;
}

const CAP = 4;
const FALLBACK_WIDTH = 640;

/**
 * Values against tokens seen on a log or linear axis: each run's curve (and, thinner, its extended-budget
 * curve where it has one), its final at each budget as a dot, the seed range at a budget as an error bar,
 * and each budget's end as a labelled vertical rule. The loss and the gap-to-MHA charts both draw through
 * it; D3 computed the layout, React draws it.
 */
export function TokenCurvesChart({
  layoutAt,
  runs,
  dashes,
  title,
  yLabel,
  id,
  describedBy,
  under,
  scale,
}: TokenCurvesChartProps) {
  const [frameRef, width] = useMeasuredWidth<HTMLDivElement>(FALLBACK_WIDTH);
  const layout = useMemo(() => layoutAt(width), [layoutAt, width]);
  const { innerWidth, innerHeight } = layout;
  // the curves stay inside the plot: the loss axis leaves the first steps' higher losses out
  const clipId = useSvgId('plot');
  const kindOf = new Map(runs.map((r) => [r.id, r.kind]));
  const colour = (runId: string) => KIND_COLOR_VAR[kindOf.get(runId) ?? 'mha'];
  return (
    <div ref={frameRef} className="quality-chart">
      <ChartFrame
        className="quality-chart__svg"
        width={layout.width}
        height={layout.height}
        margin={CURVES_MARGIN}
        title={title}
        aria-describedby={describedBy}
        data-testid={`${id}-chart`}
      >
        <GridLines
          className="quality-chart__grid"
          width={innerWidth}
          height={innerHeight}
          y={layout.yAxis}
          x={layout.xAxis}
        />
        <AxisLeft className="quality-chart__axis" {...layout.yAxis}>
          <text className="quality-chart__axis-title" x={0} y={-10}>
            {yLabel}
          </text>
        </AxisLeft>
        <AxisBottom className="quality-chart__axis" {...layout.xAxis} y={innerHeight} lineLength={innerWidth}>
          <text className="quality-chart__axis-title" x={innerWidth} y={36} textAnchor="end">
            tokens seen per run ({scale} scale)
          </text>
        </AxisBottom>
        <clipPath id={clipId}>
          <rect width={innerWidth} height={innerHeight} />
        </clipPath>
        {under?.(layout)}
        <g className="quality-curves__budgets" aria-hidden="true">
          {layout.budgets.map((b) => (
            <g
              key={b.budget}
              data-testid={`${id}-budget`}
              data-budget={b.budget}
              data-tokens={b.tokens}
              data-x={b.x}
            >
              <line x1={b.x} x2={b.x} y1={0} y2={innerHeight} />
              <text
                x={b.x + (b.anchor === 'start' ? 3 : -3)}
                y={11 + b.row * BUDGET_LABEL_ROW}
                textAnchor={b.anchor}
              >
                {b.budget}
              </text>
            </g>
          ))}
        </g>
        <g className="quality-curves__lines" aria-hidden="true" clipPath={`url(#${clipId})`}>
          {layout.lines.map((l) => (
            <path
              key={l.id}
              d={l.d}
              data-testid={`${id}-line`}
              data-run-id={l.id}
              style={{ stroke: colour(l.id), strokeDasharray: dashes[l.id] || undefined }}
            />
          ))}
        </g>
        {layout.extendedLines.length > 0 && (
          <g className="quality-curves__extended" aria-hidden="true" clipPath={`url(#${clipId})`}>
            {layout.extendedLines.map((l) => (
              <path
                key={l.id}
                d={l.d}
                data-testid={`${id}-extended-line`}
                data-run-id={l.id}
                style={{ stroke: colour(l.id), strokeDasharray: dashes[l.id] || undefined }}
              />
            ))}
          </g>
        )}
        <g className="quality-curves__bars" aria-hidden="true">
          {layout.bars.map((b) => (
            <g
              key={`${b.id}-${b.budget}`}
              data-testid={`${id}-seeds`}
              data-run-id={b.id}
              data-budget={b.budget}
              style={{ stroke: colour(b.id) }}
            >
              <line x1={b.cx} x2={b.cx} y1={b.y1} y2={b.y2} />
              <line x1={b.cx - CAP} x2={b.cx + CAP} y1={b.y1} y2={b.y1} />
              <line x1={b.cx - CAP} x2={b.cx + CAP} y1={b.y2} y2={b.y2} />
            </g>
          ))}
        </g>
        <g className="quality-curves__finals" aria-hidden="true">
          {layout.finals.map((f) => (
            <circle
              key={`${f.id}-${f.budget}`}
              cx={f.cx}
              cy={f.cy}
              r={4}
              data-testid={`${id}-final`}
              data-run-id={f.id}
              data-budget={f.budget}
              data-tokens={f.tokens}
              data-value={f.value}
              style={{ fill: colour(f.id) }}
            />
          ))}
        </g>
      </ChartFrame>
    </div>
  );
}
