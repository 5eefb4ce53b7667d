import type { RotationPair } from '../../src/factors';
import { formatEntry } from '../factors/format';

export interface RotationDialsProps {
  pairs: readonly RotationPair[];
  position: number;
}

const SIZE = 64;
const R = 27;

/**
 * Each rotation pair (dimension j with j + d_h/2) as a 2-D vector on its own dial: the raw B_K entry
 * (dashed) and the same vector turned for the chosen position (solid). All dials share one length
 * scale, so a pair's length is comparable across dials; turning never changes it.
 */
export function RotationDials({ pairs, position }: RotationDialsProps) {
  const longest = Math.max(1e-12, ...pairs.map((p) => p.norm));
  const k = R / longest;
  return (
    <figure className="rope-dials" data-testid="rope-dials" data-count={pairs.length}>
      <figcaption className="heatmap__title">
        The {pairs.length} rotation pairs of the B_K row at position {position}, fastest (θ = 1) first,
        slowest last
      </figcaption>
      <ol className="rope-dials__list">
        {pairs.map((p) => {
          const c = SIZE / 2;
          const bx = c + p.before[0] * k;
          const by = c - p.before[1] * k;
          const ax = c + p.after[0] * k;
          const ay = c - p.after[1] * k;
          return (
            <li key={p.pair}>
              <svg
                viewBox={`0 0 ${SIZE} ${SIZE}`}
                width={SIZE}
                height={SIZE}
                role="img"
                aria-label={`Pair ${p.pair}: dimensions ${p.dims[0]} and ${p.dims[1]}, turned by ${formatEntry(p.angle)} radians`}
              >
                <circle className="rope-dials__ring" cx={c} cy={c} r={Math.max(1, p.norm * k)} />
                <line className="rope-dials__axis" x1={2} x2={SIZE - 2} y1={c} y2={c} />
                <line className="rope-dials__axis" x1={c} x2={c} y1={2} y2={SIZE - 2} />
                <line className="rope-dials__before" x1={c} y1={c} x2={bx} y2={by} />
                <line className="rope-dials__after" x1={c} y1={c} x2={ax} y2={ay} />
                <circle className="rope-dials__tip" cx={ax} cy={ay} r={2.5} />
              </svg>
              <span className="rope-dials__label">
                j={p.pair}
                <br />
                θ={formatEntry(p.theta)}
              </span>
            </li>
          );
        })}
      </ol>
    </figure>
  );
}
