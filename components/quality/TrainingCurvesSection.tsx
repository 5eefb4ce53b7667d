import { memo, useCallback, useId, useMemo, useState } from 'react';
import type { Manifest } from '../../src/sweep/manifest';
import { budgetNote, pretrainCommand } from '../../src/view-models/quality/budget-view';
import { gapView } from '../../src/view-models/quality/gap-curves';
import type { GapView } from '../../src/view-models/quality/gap-curves';
import { lossCurvesView } from '../../src/view-models/quality/loss-curves';
import type { LossCurvesView } from '../../src/view-models/quality/loss-curves';
import { dashesOf, gapLayout, lossCurvesLayout } from './curves-layout';
import type { TokenScale, CurvesLayout } from './curves-layout';
import { TokenScaleSwitch } from './TokenScaleSwitch';
import { FlatnessTable } from './FlatnessTable';
import { withCode } from './format';
import { GapTable } from './GapTable';
import { RunToggles } from './RunToggles';
import { TokenCurvesChart } from './TokenCurvesChart';

/** ", and thinner, the extended budget's curves of 2 of them" when some drawn runs have one. */
function extendedNote(drawn: readonly { extendedPoints: readonly unknown[] }[]): string {
  const n = drawn.filter((r) => r.extendedPoints.length > 0).length;
  return n === 0 ? '' : `, and thinner, the extended budget's curves of ${n} of them`;
}

interface ChartProps {
  loss: LossCurvesView;
  chosen: ReadonlySet<string>;
  dashes: Readonly<Record<string, string>>;
  tableId: string;
  scale: TokenScale;
}

function LossChart({ loss, chosen, dashes, tableId, scale }: ChartProps) {
  const drawn = useMemo(() => loss.runs.filter((r) => chosen.has(r.id)), [loss, chosen]);
  const layoutAt = useCallback(
    (width: number) => lossCurvesLayout(loss, drawn, width, scale),
    [loss, drawn, scale],
  );
  return (
    <TokenCurvesChart
      layoutAt={layoutAt}
      runs={drawn}
      dashes={dashes}
      title={`Validation loss against tokens seen (${scale} scale): the ${loss.curveBudgetName}'s validation curves of ${drawn.length} runs${extendedNote(drawn)}, each budget's final value as a dot, the range over seeds as a bar, the budgets as vertical rules`}
      yLabel="validation loss (nats per character)"
      id="curves"
      describedBy={tableId}
      scale={scale}
    />
  );
}

/** The seed-spread band around zero, and the zero line, of the gap chart. */
function GapBackdrop({ layout, spread }: { layout: CurvesLayout; spread: number | null }) {
  const { y, innerWidth } = layout;
  return (
    <>
      {spread !== null && (
        <g className="quality-curves__band" aria-hidden="true" data-testid="gap-band" data-spread={spread}>
          <rect x={0} width={innerWidth} y={y(spread)} height={Math.max(0, y(-spread) - y(spread))} />
          <text x={4} y={y(-spread) - 4}>
            seed spread ±{spread.toFixed(3)}
          </text>
        </g>
      )}
      <line
        className="quality-curves__zero"
        x1={0}
        x2={innerWidth}
        y1={y(0)}
        y2={y(0)}
        aria-hidden="true"
        data-testid="gap-zero"
      />
    </>
  );
}

function GapChart({ loss, gap, chosen, dashes, tableId, scale }: ChartProps & { gap: GapView }) {
  const drawn = useMemo(() => gap.curves.filter((c) => chosen.has(c.id)), [gap, chosen]);
  const spread = gap.seedSpread;
  const layoutAt = useCallback(
    (width: number) => gapLayout(loss, drawn, spread, width, scale),
    [loss, drawn, spread, scale],
  );
  const reference = gap.reference?.label ?? 'MHA';
  return (
    <TokenCurvesChart
      layoutAt={layoutAt}
      runs={drawn}
      dashes={dashes}
      title={`Validation loss minus ${reference}'s against tokens seen (${scale} scale), for ${drawn.length} runs${extendedNote(drawn)}, with zero and the seed-to-seed spread around it`}
      yLabel={`validation loss − ${reference}'s (nats)`}
      id="gap"
      describedBy={tableId}
      scale={scale}
      under={(layout) => <GapBackdrop layout={layout} spread={spread} />}
    />
  );
}

/**
 * How quality moves with training, from the manifest's curve budget (the longest once trained, else the
 * long one): validation loss against tokens seen for the runs ticked (with each budget's final and the
 * seed ranges) and the flatness of each curve; then each run's gap to head-matched MHA against tokens,
 * its verdict and a generated sentence.
 * Without a long section it says the long budget is not trained yet.
 * Memoised: it shows the manifest only, and its parent re-renders on every slider tick.
 */
export const TrainingCurvesSection = memo(function TrainingCurvesSection({
  manifest,
}: {
  manifest: Manifest;
}) {
  const loss = useMemo(() => lossCurvesView(manifest), [manifest]);
  const gap = useMemo(() => gapView(manifest), [manifest]);
  const dashes = useMemo(() => dashesOf(loss.runs), [loss]);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(loss.runs.map((r) => r.id)));
  const [scale, setScale] = useState<TokenScale>('log');
  const lossTable = useId();
  const gapTable = useId();
  const toggle = (id: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (!loss.available)
    return (
      <section
        className="quality-section"
        aria-labelledby={`${lossTable}-title`}
        data-testid="curves-section"
      >
        <h3 id={`${lossTable}-title`}>Loss and gap to MHA against tokens</h3>
        <p className="quality-note" data-testid="curves-unavailable">
          {withCode(budgetNote(manifest, 'long'), pretrainCommand('long'))} Until then there are no validation
          curves against tokens to show.
        </p>
      </section>
    );

  return (
    <>
      <section
        className="quality-section"
        aria-labelledby={`${lossTable}-title`}
        data-testid="curves-section"
      >
        <h3 id={`${lossTable}-title`}>Loss against tokens</h3>
        <p className="quality-note">
          Each line is a run&apos;s validation loss through the {loss.curveBudgetName}
          {loss.runs.some((r) => r.extendedPoints.length > 0) &&
            ' (a thinner line of the same colour: through the extended budget)'}
          ; the dots are each budget&apos;s own run at its end (a run is trained from the start for each
          budget, so its schedule differs), and a bar spans the final values of its seeds. The loss axis spans
          the dots: the first steps&apos; higher losses come in from the top. On a linear token axis the last
          steps, where a curve levels off or turns up, get their share of the width. Flatness:{' '}
          {loss.criterion}. <span data-testid="curves-flat-summary">{loss.flatSummary}</span>
        </p>
        {loss.lowestSummary && (
          <p className="quality-note" data-testid="curves-lowest-summary">
            {loss.lowestSummary}
          </p>
        )}
        {loss.fitSummary && (
          <p className="quality-note" data-testid="curves-fit-summary">
            {loss.fitSummary}
          </p>
        )}
        {loss.extendedSummary && (
          <p className="quality-note" data-testid="curves-extended-summary">
            {loss.extendedSummary}
          </p>
        )}
        <RunToggles
          runs={loss.runs}
          chosen={chosen}
          dashes={dashes}
          onToggle={toggle}
          legend="Runs on both charts"
        />
        <TokenScaleSwitch value={scale} onChange={setScale} />
        <LossChart loss={loss} chosen={chosen} dashes={dashes} tableId={lossTable} scale={scale} />
        <FlatnessTable view={loss} id={lossTable} />
      </section>
      <section className="quality-section" aria-labelledby={`${gapTable}-title`} data-testid="gap-section">
        <h3 id={`${gapTable}-title`}>Gap to MHA against tokens</h3>
        <p className="quality-note">
          Each line is a run&apos;s validation loss minus {gap.reference?.label ?? 'MHA'}&apos;s at the same
          step of the {loss.curveBudgetName}; the dots are the same difference at each budget&apos;s end.
          Below zero the run is ahead.{' '}
          {gap.seedSpread === null
            ? 'No long run was repeated with other seeds, so the seed-to-seed spread is not known.'
            : 'The shaded band is the seed-to-seed spread at the long budget: a gap inside it, or a change in the gap smaller than it, is not told apart from another seed.'}
        </p>
        <p className="quality-summary-line" data-testid="gap-summary">
          {gap.summary}
        </p>
        {gap.seedSummary && (
          <p className="quality-note" data-testid="gap-seed-summary">
            {gap.seedSummary}
          </p>
        )}
        <GapChart loss={loss} gap={gap} chosen={chosen} dashes={dashes} tableId={gapTable} scale={scale} />
        <GapTable view={gap} id={gapTable} />
      </section>
    </>
  );
});
