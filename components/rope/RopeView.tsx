import type { RopePanelView } from '../../src/view-models/factors';
import type { FormulaText } from '../../src/memory';
import { RangeControl } from '../controls';
import { formatEntry, formatError } from '../factors/format';
import { NumbersDetails } from '../factors/NumbersDetails';
import { OffsetChart } from './OffsetChart';
import { PositionPlayer } from './PositionPlayer';
import { RotationDials } from './RotationDials';

export interface RopeViewProps {
  view: RopePanelView;
  maxPosition: number;
  onPosition: (position: number) => void;
  onRow: (row: number) => void;
  /** per-token cache formulas to contrast: MLA's latent + shared RoPE key, and TPA's factors */
  caches: { mla: FormulaText; tpa: FormulaText };
}

/** Below this a check reads “equal” (float32 numbers of size ~1). */
const EQUAL = 1e-5;

/**
 * RoPE on TPA's factors: the d_h/2 rotation pairs of a B_K row turning with position, the check that
 * rotating the factors equals rotating the assembled heads, q·k against the offset, and why low-rank
 * (MLA-style) compression needs a separate RoPE key instead.
 */
export function RopeView({ view, maxPosition, onPosition, onRow, caches }: RopeViewProps) {
  const checks = [view.checks.q, view.checks.k].filter((c) => c !== null);
  return (
    <div className="rope-view" data-testid="rope-view">
      <section aria-labelledby="rope-pairs-title" className="rope-section">
        <h3 id="rope-pairs-title">RoPE turns the feature factors, pair by pair</h3>
        <p className="factor-note">
          RoPE splits a d_h = {view.headDim} vector into {view.headDim / 2} pairs (dimension j with j +{' '}
          {view.headDim / 2}) and turns pair j by position × θ_j, θ_j = 10000^(−2j/d_h). TPA applies it to the
          rows of B_K (and B_Q) before they meet A. Slide the position to turn them; the fast pairs spin, the
          slow ones barely move.
        </p>
        <div className="rope-controls">
          <RangeControl
            label="position"
            display={String(view.position)}
            position={view.position}
            min={0}
            max={maxPosition}
            onInput={onPosition}
            testId="rope-position"
          />
          {view.rows > 1 ? (
            <label className="factor-field">
              <span>B_K row</span>
              <select
                value={view.row}
                onChange={(e) => onRow(Number(e.currentTarget.value))}
                data-testid="rope-row"
              >
                {Array.from({ length: view.rows }, (_, r) => (
                  <option key={r} value={r}>
                    r = {r + 1}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <PositionPlayer position={view.position} max={maxPosition} onPosition={onPosition} />
        </div>
        <RotationDials pairs={view.pairs} position={view.position} />
        {view.rowError !== null ? (
          <p className="factor-note">
            The worker’s cached B̃_K row for token {view.token} (turned to its own position {view.token}) and
            this row turned here to position {view.token} differ by at most{' '}
            <strong data-testid="rope-row-error" data-value={view.rowError}>
              {formatError(view.rowError)}
            </strong>
            .
          </p>
        ) : null}
        <NumbersDetails
          summary={
            <>
              Numbers: the {view.pairs.length} pairs at position {view.position}
            </>
          }
          label="Rotation pairs"
        >
          <table data-testid="rope-pairs-table">
            <thead>
              <tr>
                <th scope="col">pair j</th>
                <th scope="col">dims</th>
                <th scope="col">θ_j</th>
                <th scope="col">turn (rad)</th>
                <th scope="col">before</th>
                <th scope="col">after</th>
              </tr>
            </thead>
            <tbody>
              {view.pairs.map((p) => (
                <tr key={p.pair} data-pair={p.pair}>
                  <th scope="row">{p.pair}</th>
                  <td>
                    {p.dims[0]}, {p.dims[1]}
                  </td>
                  <td data-value={p.theta}>{formatEntry(p.theta)}</td>
                  <td data-value={p.angle}>{formatEntry(p.angle)}</td>
                  <td data-value={p.before.join(',')}>
                    ({formatEntry(p.before[0])}, {formatEntry(p.before[1])})
                  </td>
                  <td data-value={p.after.join(',')}>
                    ({formatEntry(p.after[0])}, {formatEntry(p.after[1])})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </NumbersDetails>
      </section>

      <section aria-labelledby="rope-check-title" className="rope-section">
        <h3 id="rope-check-title">Turn the factors or turn the heads: the same numbers</h3>
        <p className="factor-note">
          The worker turned B’s rows first and then formed Q and K (as the T6 code does). Here the raw factors
          are assembled first and each head is turned afterwards (Theorem 3.1 says it must agree, since A only
          mixes heads). Largest difference over all {view.tokens} tokens and heads of this layer:
        </p>
        <ul className="rope-checks">
          {checks.map((c) => (
            <li key={c.part}>
              {c.symbol}:{' '}
              <strong
                data-testid={`rope-check-${c.part}`}
                data-value={c.maxError}
                data-equal={c.maxError < EQUAL ? 'true' : 'false'}
              >
                {formatError(c.maxError)}
              </strong>{' '}
              over {c.count} numbers up to {formatEntry(c.maxValue)}{' '}
              {c.maxError < EQUAL ? '(equal up to float32 rounding)' : '(they differ!)'}; both orders in
              float64 here: {formatError(c.maxExactError)}.
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="rope-offset-title" className="rope-section">
        <h3 id="rope-offset-title">Only the offset matters</h3>
        <p className="factor-note">
          Head {view.head}’s query and key of token {view.token}, with their own rotation undone, placed at
          positions n + offset and n: the score q·k/√d_h is the same for every start n. Largest spread across
          the starts:{' '}
          <strong data-testid="rope-max-spread" data-value={view.maxSpread}>
            {formatError(view.maxSpread)}
          </strong>
          .
        </p>
        <OffsetChart rows={view.offsets} starts={view.starts} />
        <NumbersDetails summary={<>Numbers: score by offset</>} label="Scores by offset">
          <table data-testid="rope-offset-table">
            <thead>
              <tr>
                <th scope="col">offset</th>
                {view.starts.map((n) => (
                  <th key={n} scope="col">
                    key at {n}
                  </th>
                ))}
                <th scope="col">spread</th>
              </tr>
            </thead>
            <tbody>
              {view.offsets.map((r) => (
                <tr key={r.offset}>
                  <th scope="row">{r.offset}</th>
                  {r.scores.map((s, i) => (
                    <td key={i} data-value={s}>
                      {formatEntry(s)}
                    </td>
                  ))}
                  <td data-value={r.spread}>{formatError(r.spread)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </NumbersDetails>
      </section>

      <section aria-labelledby="rope-mla-title" className="rope-section">
        <h3 id="rope-mla-title">Why MLA needs a separate RoPE key</h3>
        <p className="factor-note">
          MLA caches a latent c and rebuilds each key as c·W_up. RoPE turns the key’s features, which exist
          only after the up-projection, so turning the latent is not the same as turning the key: the cache
          cannot hold pre-turned latents. MLA keeps the latent un-turned and adds one shared, turned RoPE key
          k_pe per token. TPA’s B already lives on the feature axis, so its cached B̃ is turned once and for
          all.
        </p>
        <ul className="rope-checks">
          <li>
            TPA, turning B’s rows vs turning the assembled K (this token, position {view.gaps.position}):{' '}
            <strong data-testid="rope-gap-tpa" data-value={view.gaps.tpa}>
              {formatError(view.gaps.tpa)}
            </strong>
          </li>
          <li>
            Low-rank k = c·W_up, turning c vs turning k (a fixed random W_up, c = this B_K row):{' '}
            <strong data-testid="rope-gap-lowrank" data-value={view.gaps.lowRank}>
              {formatError(view.gaps.lowRank)}
            </strong>{' '}
            on keys up to {formatEntry(view.gaps.lowRankScale)}
            {view.gaps.position === 0 ? ' (at position 0 nothing turns: move the slider)' : ''}
          </li>
          <li>
            Cache per token and layer: MLA {caches.mla.symbolic} = {caches.mla.filled}; TPA{' '}
            {caches.tpa.symbolic} = {caches.tpa.filled}.
          </li>
        </ul>
      </section>
    </div>
  );
}
