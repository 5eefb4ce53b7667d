import { expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { DEFAULT_CONFIG } from '../../../src/config';
import { qualityChartView } from '../../../src/sweep/quality-view';
import { ParetoChart } from '../../../components/quality/ParetoChart';
import { FIXTURE_RESULTS, fixtureManifest } from '../../unit/sweep/fixtures';
import { normalisedSvg } from '../support/normalize-svg';

it('draws the corpus Pareto chart of the fixture the same way', () => {
  const view = qualityChartView(fixtureManifest(FIXTURE_RESULTS), 'corpus', DEFAULT_CONFIG);
  render(<ParetoChart view={view} tableId="table" onLoad={() => {}} />);
  expect(normalisedSvg(screen.getByTestId('pareto-chart-corpus'))).toMatchSnapshot();
});
