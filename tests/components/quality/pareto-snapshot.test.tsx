import { expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { DEFAULT_CONFIG } from '../../../src/config';
import { qualityChartView } from '../../../src/sweep/quality-view';
import { ParetoChart } from '../../../components/quality/ParetoChart';
import { FIXTURE_RESULTS, fixtureManifest } from '../../unit/sweep/fixtures';

/** The SVG with numbers rounded to one decimal and React ids renumbered: changes only when the drawing does. */
function normalisedSvg(svg: Element): string {
  const ids = new Map<string, string>();
  return svg.outerHTML
    .replace(/_r_[0-9a-z]+_|:r[0-9a-z]+:/g, (id) => {
      if (!ids.has(id)) ids.set(id, `id${ids.size}`);
      return ids.get(id)!;
    })
    .replace(/-?\d+\.\d+/g, (n) => String(Math.round(Number(n) * 10) / 10))
    .replace(/></g, '>\n<');
}

it('draws the corpus Pareto chart of the fixture the same way', () => {
  const view = qualityChartView(fixtureManifest(FIXTURE_RESULTS), 'corpus', DEFAULT_CONFIG);
  render(<ParetoChart view={view} tableId="table" onLoad={() => {}} />);
  expect(normalisedSvg(screen.getByTestId('pareto-chart-corpus'))).toMatchSnapshot();
});
