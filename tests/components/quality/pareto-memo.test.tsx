import { beforeEach, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { DEFAULT_CONFIG } from '../../../src/config';
import type { PlaygroundConfig } from '../../../src/config';
import { qualityChartView } from '../../../src/view-models/quality/quality-view';
import { ParetoChart } from '../../../components/quality/ParetoChart';
import { FIXTURE_RESULTS, fixtureManifest } from '../../unit/sweep/fixtures';

// counts what the chart does on each render: a layout builds one Delaunay triangulation (the hit
// areas), and the axes are drawn by the memoised part under the marks
const counts = vi.hoisted(() => ({ layouts: 0, axisRenders: 0 }));

vi.mock('d3', async (importOriginal) => {
  const d3 = await importOriginal<typeof import('d3')>();
  const from = (...args: Parameters<typeof d3.Delaunay.from>) => {
    counts.layouts += 1;
    return d3.Delaunay.from(...args);
  };
  return { ...d3, Delaunay: { ...d3.Delaunay, from } };
});

vi.mock('../../../components/chart', async (importOriginal) => {
  const chart = await importOriginal<typeof import('../../../components/chart')>();
  function AxisLeft(props: Parameters<typeof chart.AxisLeft>[0]) {
    counts.axisRenders += 1;
    return chart.AxisLeft(props);
  }
  return { ...chart, AxisLeft };
});

const manifest = fixtureManifest(FIXTURE_RESULTS);
const viewOf = (config: PlaygroundConfig) => qualityChartView(manifest, 'corpus', config);
const onLoad = () => {};

beforeEach(() => {
  counts.layouts = 0;
  counts.axisRenders = 0;
});

it('does not lay out or re-render its plot when a slider it does not show moves', () => {
  const { rerender } = render(<ParetoChart view={viewOf(DEFAULT_CONFIG)} tableId="t" onLoad={onLoad} />);
  expect([counts.layouts, counts.axisRenders]).toEqual([1, 1]);
  // the explorer's heads, layers and context length are not the in-browser model's: same chart
  const moved = { ...DEFAULT_CONFIG, heads: DEFAULT_CONFIG.heads + 4, layers: 7, contextLength: 1000 };
  rerender(<ParetoChart view={viewOf(moved)} tableId="t" onLoad={onLoad} />);
  rerender(<ParetoChart view={viewOf(moved)} tableId="t" onLoad={() => {}} />);
  expect([counts.layouts, counts.axisRenders]).toEqual([1, 1]);
});

it('moves only the live marker when the K rank changes the cache but no point', () => {
  const a = { ...DEFAULT_CONFIG, rankK: 3 };
  const b = { ...DEFAULT_CONFIG, rankK: 4 };
  const [viewA, viewB] = [viewOf(a), viewOf(b)];
  // neither configuration is one of the fixture's runs, and the marker stays inside the x axis
  expect([...viewA.runs, ...viewB.runs].some((r) => r.current)).toBe(false);
  expect(viewB.live.x).not.toBe(viewA.live.x);
  expect(Math.max(viewA.live.x, viewB.live.x)).toBeLessThan(Math.max(...viewA.runs.map((r) => r.x)));
  const { rerender } = render(<ParetoChart view={viewA} tableId="t" onLoad={onLoad} />);
  const marker = screen.getByTestId('pareto-live-corpus');
  const lineA = marker.querySelector('line')!.getAttribute('x1');
  rerender(<ParetoChart view={viewB} tableId="t" onLoad={onLoad} />);
  expect(marker.getAttribute('data-value')).toBe(String(viewB.live.x));
  expect(marker.querySelector('line')!.getAttribute('x1')).not.toBe(lineA);
  expect([counts.layouts, counts.axisRenders]).toEqual([1, 1]);
});

it('lays out again when what it shows changes (a run becomes the current configuration)', () => {
  const { rerender } = render(
    <ParetoChart view={viewOf({ ...DEFAULT_CONFIG, rankK: 3 })} tableId="t" onLoad={onLoad} />,
  );
  const view = viewOf(DEFAULT_CONFIG);
  expect(view.runs.some((r) => r.current)).toBe(true);
  rerender(<ParetoChart view={view} tableId="t" onLoad={onLoad} />);
  expect([counts.layouts, counts.axisRenders]).toEqual([2, 2]);
  const current = screen
    .getAllByTestId('pareto-point')
    .filter((p) => p.getAttribute('data-current') === 'true');
  expect(current.length).toBeGreaterThan(0);
});
