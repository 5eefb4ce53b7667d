import { expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { DEFAULT_CONFIG } from '../../../src/config';
import { rerunJob } from '../../../src/sweep/compare';
import { qualityChartView } from '../../../src/view-models/quality/quality-view';
import { ParetoChart } from '../../../components/quality/ParetoChart';
import { FIXTURE_RESULTS, fixtureLiveRun, fixtureManifest } from '../../unit/sweep/fixtures';
import { normalisedSvg } from '../support/normalize-svg';

it('draws the corpus Pareto chart of the fixture the same way', () => {
  const view = qualityChartView(fixtureManifest(FIXTURE_RESULTS), 'corpus', DEFAULT_CONFIG);
  render(<ParetoChart view={view} tableId="table" onLoad={() => {}} />);
  expect(normalisedSvg(screen.getByTestId('pareto-chart-corpus'))).toMatchSnapshot();
});

it('draws runs trained live as diamonds joined to their precomputed points', () => {
  const manifest = fixtureManifest(FIXTURE_RESULTS);
  const job = rerunJob(manifest, 'full', manifest.runs.find((r) => r.id === 'corpus-tpa-h4-r4-2-2')!);
  const live = { [job.key]: { ...fixtureLiveRun(job, 2.08), backend: 'webgpu' as const } };
  const view = qualityChartView(manifest, 'corpus', DEFAULT_CONFIG, { live });
  render(<ParetoChart view={view} tableId="table" onLoad={() => {}} onRerun={() => {}} />);
  const chart = screen.getByTestId('pareto-chart-corpus');
  const marks = within(chart).getAllByTestId('pareto-live-point');
  expect(marks.map((m) => [m.getAttribute('data-run-id'), m.getAttribute('data-y')])).toEqual([
    ['corpus-tpa-h4-r4-2-2', '2.08'],
  ]);
  expect(normalisedSvg(marks[0]!)).toMatchSnapshot();
});
