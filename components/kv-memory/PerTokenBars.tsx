import { memo, useMemo } from 'react';
import { scaleLinear } from 'd3';
import type { AttentionKind } from '../../src/spec';
import type { KvRow } from '../../src/view-models/memory';
import { formatInteger } from '../../src/view-models/memory';
import { KIND_COLOR_VAR } from '../../src/styles/kind-colors';
import { headsText } from './heads-text';

interface PerTokenBarsProps {
  rows: readonly KvRow[];
  maxElementsPerToken: number;
  onSelect: (kind: AttentionKind) => void;
  labelledBy: string;
  /** a classroom link locked the controls (the bars still show the numbers) */
  disabled?: boolean;
}

/** Smallest drawn bar, as a fraction of the track, so a tiny cache still shows a sliver. */
const MIN_FRACTION = 0.006;

interface PerTokenBarProps {
  row: KvRow;
  /** the bar's length as a fraction of the track */
  fill: number;
  onSelect: (kind: AttentionKind) => void;
  disabled: boolean | undefined;
}

/** One kind's bar; memoised on the row object and its length. */
const PerTokenBar = memo(function PerTokenBar({ row, fill, onSelect, disabled }: PerTokenBarProps) {
  return (
    <li>
      <button
        type="button"
        className={row.current ? 'kv-bar kv-bar--current' : 'kv-bar'}
        aria-pressed={row.current}
        data-kind={row.kind}
        disabled={disabled}
        onClick={() => onSelect(row.kind)}
      >
        <span className="kv-bar__head">
          <span className="kv-bar__label">{row.label}</span>
          <span className="kv-bar__heads">{headsText(row)}</span>
          <span className="kv-bar__value">{formatInteger(row.elementsPerToken)}</span>
        </span>
        <span className="kv-bar__track" aria-hidden="true">
          <span
            className="kv-bar__fill"
            style={{ transform: `scaleX(${fill})`, background: KIND_COLOR_VAR[row.kind] }}
          />
        </span>
        <span className="kv-bar__detail">
          <span className="kv-bar__formula">{row.formula.filled}</span>
          <span className="kv-bar__ratio">{row.kind === 'mha' ? 'the baseline' : row.reductionText}</span>
        </span>
      </button>
    </li>
  );
});

/**
 * One button per kind: a bar on one shared linear scale (D3) with the filled-in formula, the ratio to MHA
 * and the heads. Pressing it selects the kind; the selected one is pressed (aria-pressed).
 */
export const PerTokenBars = memo(function PerTokenBars({
  rows,
  maxElementsPerToken,
  onSelect,
  labelledBy,
  disabled,
}: PerTokenBarsProps) {
  const fraction = useMemo(
    () => scaleLinear().domain([0, maxElementsPerToken]).range([0, 1]).clamp(true),
    [maxElementsPerToken],
  );
  return (
    <ul className="kv-bars" role="list" aria-labelledby={labelledBy} data-testid="kv-per-token-bars">
      {rows.map((row) => (
        <PerTokenBar
          key={row.kind}
          row={row}
          fill={Math.max(MIN_FRACTION, fraction(row.elementsPerToken))}
          onSelect={onSelect}
          disabled={disabled}
        />
      ))}
    </ul>
  );
});
