import { useCallback, useState } from 'react';
import type { FactorView } from '../../src/view-models/factors';
import { formatEntry, formatError } from './format';
import { Heatmap } from './Heatmap';
import type { Cell } from './Heatmap';
import { TermStepper } from './TermStepper';

export interface FactorBreakdownProps {
  view: FactorView;
  /** the head the table and highlight follow */
  head: number;
}

/** Cell size that keeps an h × d_h heatmap about `target` units wide. */
const cellFor = (cols: number, target: number) => Math.max(4, Math.min(16, Math.floor(target / cols)));

/**
 * A_X and B_X as heatmaps, the R rank-1 terms (1/R)·a_r ⊗ b_r, the running sum after r terms and the
 * worker's X, with a step-through. Hovering (or arrowing through) an entry of the sum highlights the row
 * of A and the column of B it is made from and writes the entry out as its sum of terms. Give it a `key`
 * that changes with the rank, so the step-through starts again at the full sum.
 */
export function FactorBreakdown({ view, head }: FactorBreakdownProps) {
  const { symbol, rank } = view;
  const [step, setStep] = useState(rank);
  const [active, setActive] = useState<Cell | null>(null);
  const onStep = useCallback((s: number) => setStep(s), []);
  const shown = Math.min(Math.max(1, step), rank);
  const running = view.running[shown - 1] ?? view.sum;
  const outCell = cellFor(view.headDim, 360);
  const termCell = cellFor(view.headDim, 200);
  const rowMark = active ? [active.row] : [head];
  const entry = active
    ? {
        parts: view.terms.map((t) => t.data[active.row * view.headDim + active.col] ?? Number.NaN),
        value: view.sum.data[active.row * view.headDim + active.col] ?? Number.NaN,
      }
    : null;

  return (
    <div className="factor-breakdown" data-testid="factor-breakdown" data-rank={rank} data-part={view.part}>
      <p className="factor-formula">
        {symbol} = (1/R) · Σ<sub>r</sub> a<sub>r</sub> ⊗ {view.rotated ? 'b̃' : 'b'}
        <sub>r</sub> with R = <strong data-testid="factor-rank">{rank}</strong>: {view.heads} heads ×{' '}
        {view.headDim} features, token {view.token} of {view.tokens}.
        {view.rotated ? ' B̃ is B after RoPE for this position.' : ' V gets no RoPE.'}
      </p>
      <div className="factor-row">
        <Heatmap
          matrix={view.a}
          extent={view.extent.a}
          title={`${view.aLabel} (h × R = ${view.heads} × ${rank})`}
          label={`Head factor ${view.aLabel}: ${view.heads} rows (heads) by ${rank} columns (ranks)`}
          cell={16}
          highlightRows={rowMark}
          highlightCols={[shown - 1]}
          testId="factor-a"
        />
        <Heatmap
          matrix={view.b}
          extent={view.extent.b}
          title={`${view.bLabel} (R × d_h = ${rank} × ${view.headDim})`}
          label={`Feature factor ${view.bLabel}: ${rank} rows (ranks) by ${view.headDim} columns (features)`}
          cell={outCell}
          highlightRows={[shown - 1]}
          highlightCols={active ? [active.col] : []}
          testId="factor-b"
        />
      </div>

      <TermStepper step={shown} rank={rank} onStep={onStep} symbol={symbol} />
      <ol className="factor-terms" data-testid="factor-terms" data-count={view.terms.length}>
        {view.terms.map((t, r) => (
          <li key={r} aria-current={r === shown - 1 ? 'step' : undefined}>
            <Heatmap
              matrix={t}
              extent={view.extent.out}
              title={`r = ${r + 1}: (1/${rank})·a${r + 1} ⊗ ${view.rotated ? 'b̃' : 'b'}${r + 1}`}
              label={`Rank-1 term ${r + 1} of ${rank}`}
              cell={termCell}
              highlightRows={rowMark}
              active={active}
              dim={r >= shown}
              testId="factor-term"
            />
          </li>
        ))}
      </ol>

      <div className="factor-row">
        <Heatmap
          matrix={running}
          extent={view.extent.out}
          title={shown === rank ? `Sum of all ${rank} terms` : `Sum of the first ${shown} of ${rank} terms`}
          label={`Running sum after ${shown} terms`}
          cell={outCell}
          highlightRows={[head]}
          active={active}
          onActive={setActive}
          fade
          testId="factor-running"
        />
        <Heatmap
          matrix={view.reported}
          extent={view.extent.out}
          title={`${symbol} as the worker computed it`}
          label={`${symbol} from the model worker, ${view.heads} heads by ${view.headDim} features`}
          cell={outCell}
          highlightRows={[head]}
          active={active}
          onActive={setActive}
          testId="factor-reported"
        />
      </div>
      <p className="factor-note" aria-live="polite" data-testid="factor-entry">
        {entry && active
          ? `${symbol}[${active.row}, ${active.col}] = ${entry.parts.map(formatEntry).join(' + ')} = ${formatEntry(entry.value)}: row ${active.row} of ${view.aLabel} times column ${active.col} of ${view.bLabel}.`
          : `Hover an entry of the sum or of ${symbol} (or focus it and use the arrow keys) to see which row of ${view.aLabel} and column of ${view.bLabel} it comes from.`}
      </p>
      <p className="factor-check">
        Largest |sum of terms − worker’s {symbol}|:{' '}
        <strong data-testid="factor-max-error" data-value={view.maxError}>
          {formatError(view.maxError)}
        </strong>{' '}
        (float32 rounding; entries are up to {formatEntry(view.extent.out)}).
      </p>
    </div>
  );
}
