import type { StopView } from '../../src/view-models/factors';
import type { SpecialStop } from '../../src/spec';
import { formatEntry, formatError } from '../factors/format';
import { Heatmap } from '../factors/Heatmap';
import { NumbersDetails } from '../factors/NumbersDetails';
import { HeadFactorTable } from './HeadFactorTable';
import { StopPicker } from './StopPicker';

export interface SpecialCaseViewProps {
  stop: SpecialStop;
  /** null while there is nothing to show for the stop (the note says why) */
  view: StopView | null;
  onStop: (stop: SpecialStop) => void;
  /** what the worker is doing for this stop, if it has no numbers yet */
  status: string | null;
  /** where the trained model's head factors come from, e.g. "token 4 (“c”) in layer 1" */
  context?: string;
}

const NAMES = ['A_Q', 'A_K', 'A_V'] as const;

/**
 * One stop of the morph: its rule for the head factors, the head factors themselves (as the TPA layer
 * computed them), what each layout caches per token, and, for MHA/MQA/GQA, the measured difference
 * between the TPA layer and the baseline layer on the same inputs.
 */
export function SpecialCaseView({ stop, view, onStop, status, context }: SpecialCaseViewProps) {
  if (!view)
    return (
      <div className="special-view" data-testid="special-view" data-stop={stop}>
        <StopPicker stop={stop} onStop={onStop} />
        <p className="factor-note" aria-live="polite" data-testid="special-status">
          {status ?? ''}
        </p>
      </div>
    );
  const baselineName = view.stop === 'tpa' ? null : view.title;
  const check = view.check;
  return (
    <div className="special-view" data-testid="special-view" data-stop={view.stop}>
      <StopPicker stop={view.stop} onStop={onStop} />
      <p className="special-rule">
        <strong>{view.title}</strong>: {view.rule}. Ranks R_Q = {view.ranks.rankQ}, R_K = {view.ranks.rankK},
        R_V = {view.ranks.rankV}; h = {view.heads}, d_h = {view.headDim}.
        {view.stop === 'tpa'
          ? ` Below: its head factors for ${context ?? 'the chosen token'}. They change from token to token; the other stops fix them.`
          : ' The head factors are constants here, so the 1/R of TPA cancels against them.'}
      </p>
      {view.factors ? (
        <div className="factor-row" data-testid="special-factors">
          {NAMES.map((name) => {
            const grid = view.factors?.[name];
            if (!grid) return null;
            return (
              <div key={name} className="special-factor">
                <Heatmap
                  matrix={grid}
                  extent={view.extent}
                  title={`${name} (${grid.rows} × ${grid.cols})`}
                  label={`${name}: ${grid.rows} heads by ${grid.cols} ranks`}
                  cell={18}
                  testId={`special-heatmap-${name}`}
                />
                <NumbersDetails summary="Numbers" label={`${name} numbers`}>
                  <HeadFactorTable name={name} grid={grid} />
                </NumbersDetails>
              </div>
            );
          })}
        </div>
      ) : null}
      <ul className="special-cache" data-testid="special-cache">
        {view.cache.baseline && baselineName ? (
          <li>
            {baselineName} caches {view.cache.baseline.symbolic} ={' '}
            <span data-testid="special-cache-baseline" data-value={view.cache.fixedHeads.elements}>
              {view.cache.baseline.filled}
            </span>{' '}
            numbers per token and layer.
          </li>
        ) : null}
        <li>
          {baselineName ? 'With fixed head factors' : 'Were the head factors fixed (the other stops),'} only B
          {baselineName ? ' has to be cached' : ' would be cached'}: {view.cache.fixedHeads.symbolic} ={' '}
          <span data-testid="special-cache-fixed" data-value={view.cache.fixedHeads.elements}>
            {view.cache.fixedHeads.filled}
          </span>
          {baselineName ? `, the same as ${baselineName}.` : '.'}
        </li>
        <li>
          TPA’s own layout, which caches the token-dependent A as well: {view.cache.contextual.symbolic} ={' '}
          <span data-testid="special-cache-contextual">{view.cache.contextual.filled}</span>.
        </li>
      </ul>
      {check ? (
        <p className="special-check" data-testid="special-check">
          Built in the worker with the same weights and run on the same {check.tokens} random tokens: largest
          |TPA output − {baselineName} output| ={' '}
          <strong
            data-testid="special-max-error"
            data-value={check.maxError}
            data-equal={check.equal ? 'true' : 'false'}
          >
            {formatError(check.maxError)}
          </strong>{' '}
          on outputs up to {formatEntry(check.maxOutput)}:{' '}
          <strong className={check.equal ? 'special-check--equal' : 'special-check--different'}>
            {check.equal ? 'equal (float32 rounding)' : 'different'}
          </strong>
          .
        </p>
      ) : (
        <p className="factor-note" aria-live="polite" data-testid="special-status">
          {status ?? ''}
        </p>
      )}
    </div>
  );
}
