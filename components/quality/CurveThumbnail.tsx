import { useMemo } from 'react';
import { line, scaleLinear } from 'd3';
import type { ManifestRun } from '../../src/sweep/manifest';

const W = 180;
const H = 56;
const PAD = 3;

/** A run's loss curves in miniature: training loss (line) and validation loss (dots), shared scales. */
export function CurveThumbnail({ run }: { run: ManifestRun }) {
  const paths = useMemo(() => {
    const train = run.curve.trainLoss.map((loss, i) => ({ step: i + 1, loss }));
    const valid = run.curve.valid.map((p) => ({ step: p.step, loss: p.loss }));
    const all = [...train, ...valid].map((p) => p.loss);
    // the first few steps fall from far above the rest: start the scale after 3% of the run (clamped)
    const settled = train.slice(Math.ceil(run.steps * 0.03)).map((p) => p.loss);
    const top =
      settled.length > 0 ? Math.max(...settled, ...valid.slice(1).map((p) => p.loss)) : Math.max(...all);
    const x = scaleLinear()
      .domain([1, Math.max(2, run.steps)])
      .range([PAD, W - PAD]);
    const y = scaleLinear()
      .domain([Math.min(...all), top])
      .range([H - PAD, PAD])
      .clamp(true);
    const path = line<{ step: number; loss: number }>()
      .x((p) => x(p.step))
      .y((p) => y(p.loss));
    return {
      train: path(train) ?? '',
      valid: valid.map((p) => ({ cx: x(p.step), cy: y(p.loss), step: p.step })),
    };
  }, [run]);
  const first = run.curve.trainLoss[0];
  const lastValid = run.curve.valid.at(-1);
  return (
    <svg
      className="quality-thumb"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={
        `Loss curve: training loss from ${first?.toFixed(2) ?? '–'} at step 1` +
        (lastValid ? `, validation loss ${lastValid.loss.toFixed(3)} at step ${lastValid.step}` : '')
      }
      data-testid="quality-thumbnail"
    >
      <path className="quality-thumb__train" d={paths.train} />
      {paths.valid.map((p) => (
        <circle key={p.step} className="quality-thumb__valid" cx={p.cx} cy={p.cy} r={1.6} />
      ))}
    </svg>
  );
}
