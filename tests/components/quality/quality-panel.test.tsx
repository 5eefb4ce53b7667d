import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { DEFAULT_CONFIG } from '../../../src/config';
import type { PlaygroundConfig } from '../../../src/config';
import { QualityPanel } from '../../../components/quality';
import { QualityView } from '../../../components/quality/QualityView';
import { renderWithServices } from '../support/services';
import { FIXTURE_RESULTS, fixtureManifest } from '../../unit/sweep/fixtures';

const manifest = fixtureManifest(FIXTURE_RESULTS, [
  { id: 'corpus-mha-h4', seed: 2, valLoss: 2.04, accuracy: null },
]);

function renderView(config: PlaygroundConfig = DEFAULT_CONFIG, onChange = vi.fn()) {
  const utils = render(<QualityView manifest={manifest} config={config} onChange={onChange} />);
  return { ...utils, onChange };
}

const points = (task: string) =>
  within(screen.getByTestId(`pareto-chart-${task}`)).getAllByTestId('pareto-point');

function tableValues(task: string, col: string): Record<string, number> {
  const rows = within(screen.getByTestId(`quality-table-${task}`))
    .getAllByRole('row')
    .slice(1);
  return Object.fromEntries(
    rows.map((r) => [
      r.getAttribute('data-run-id'),
      Number(r.querySelector(`[data-col="${col}"]`)!.getAttribute('data-value')),
    ]),
  );
}

describe('quality view (fixed data)', () => {
  it('draws one point per run on each chart, marked precomputed', () => {
    renderView();
    expect(points('corpus')).toHaveLength(8);
    expect(points('recall')).toHaveLength(3);
    expect(screen.getByTestId('quality-provenance').textContent).toMatch(
      /^precomputed 11 runs trained by test fixture/,
    );
  });

  it('tables hold the cache sizes from src/memory and the losses of the manifest', () => {
    renderView();
    // (R_K+R_V)(h+d_h)·L·4 B, 2·h·d_h·L·4 B, 2·d_h·L·4 B, d_c + d_h^R …
    expect(tableValues('corpus', 'kv-bytes')).toEqual({
      'corpus-mqa-h4': 512,
      'corpus-tpa-h4-r1-1-1': 576,
      'corpus-gqa-h4-g2': 1024,
      'corpus-tpakv-h4-r2-2': 1152,
      'corpus-tpa-h4-r4-2-2': 1152,
      'corpus-mla-h4-c128-q128-r32': 1280,
      'corpus-mha-h4': 2048,
      'corpus-tpa-h4-r4-4-4': 2304,
    });
    const losses = tableValues('corpus', 'metric');
    for (const [id, r] of Object.entries(FIXTURE_RESULTS))
      if (id.startsWith('corpus')) expect(losses[id]).toBe(r.valLoss);
    expect(tableValues('recall', 'metric')).toEqual({
      'recall-tpa-h4-r1-1-1': 0.3,
      'recall-tpa-h4-r4-2-2': 0.7,
      'recall-mha-h4': 0.9,
    });
  });

  it('draws the no-memory baselines of recall: guessing a value, and picking one of the sequence’s values', () => {
    renderView();
    const lines = within(screen.getByTestId('pareto-chart-recall')).getAllByTestId('pareto-baseline');
    // 10 value symbols; T = 24 holds 4 pairs (src/runtime/dataset-spec)
    expect(lines.map((l) => [Number(l.getAttribute('data-value')), l.textContent])).toEqual([
      [0.1, 'guessing a value'],
      [0.25, 'picking one of the 4 values in the sequence'],
    ]);
    expect(within(screen.getByTestId('pareto-chart-corpus')).queryAllByTestId('pareto-baseline')).toEqual([]);
  });

  it('draws the frontier through the runs no smaller cache beats, and marks them in the table', () => {
    renderView();
    const frontier = [
      'corpus-mqa-h4',
      'corpus-tpa-h4-r1-1-1',
      'corpus-gqa-h4-g2',
      'corpus-tpa-h4-r4-2-2',
      'corpus-mha-h4',
    ];
    expect(screen.getByTestId('pareto-frontier-corpus').getAttribute('data-ids')).toBe(frontier.join(' '));
    const marked = within(screen.getByTestId('quality-table-corpus'))
      .getAllByRole('row')
      .filter((r) => r.querySelector('[data-col="frontier"]')?.getAttribute('data-value') === 'true')
      .map((r) => r.getAttribute('data-run-id'));
    expect(marked.sort()).toEqual(frontier.slice().sort());
    expect(screen.getByTestId('pareto-frontier-recall').getAttribute('data-ids')).toBe(
      'recall-tpa-h4-r1-1-1 recall-tpa-h4-r4-2-2 recall-mha-h4',
    );
    // the staircase is a path through every frontier point and on to the right edge
    expect(screen.getByTestId('pareto-frontier-corpus').getAttribute('d')).toMatch(
      /^M[\d.]+,[\d.]+(H[\d.]+V[\d.]+|L[\d.]+,[\d.]+)+/,
    );
  });

  it('shows the reader’s configuration as a live marker that follows the rank sliders', () => {
    const { rerender, onChange } = renderView();
    expect(screen.getByTestId('pareto-live-corpus').getAttribute('data-value')).toBe('1152');
    expect(
      points('corpus')
        .find((p) => p.getAttribute('data-current') === 'true')
        ?.getAttribute('data-run-id'),
    ).toBe('corpus-tpa-h4-r4-2-2');
    // R_K = 1: (1 + 2)(4 + 32) elements × 2 layers × 4 B = 864
    rerender(
      <QualityView manifest={manifest} config={{ ...DEFAULT_CONFIG, rankK: 1 }} onChange={onChange} />,
    );
    expect(screen.getByTestId('pareto-live-corpus').getAttribute('data-value')).toBe('864');
    expect(screen.getByTestId('pareto-live-corpus').getAttribute('data-label')).toMatch(
      /864 B\/token \(not trained\)/,
    );
    expect(points('corpus').some((p) => p.getAttribute('data-current') === 'true')).toBe(false);
  });

  it('hover and focus show a run’s config, parameters and loss curve', () => {
    renderView();
    const mqa = points('corpus').find((p) => p.getAttribute('data-run-id') === 'corpus-mqa-h4')!;
    fireEvent.mouseEnter(mqa);
    const details = screen.getByTestId('quality-details');
    expect(details.getAttribute('data-run-id')).toBe('corpus-mqa-h4');
    expect(details.textContent).toContain('h=4 d_h=32');
    expect(details.textContent).toContain('400,000');
    expect(details.textContent).toContain('2.300');
    expect(within(details).getByTestId('quality-thumbnail').querySelector('path')?.getAttribute('d')).toMatch(
      /^M/,
    );
    const gqa = points('corpus').find((p) => p.getAttribute('data-run-id') === 'corpus-gqa-h4-g2')!;
    act(() => gqa.focus());
    expect(screen.getByTestId('quality-details').getAttribute('data-run-id')).toBe('corpus-gqa-h4-g2');
  });

  it('click or Enter on a point, or its table button, loads that run into the config', () => {
    const { onChange } = renderView();
    const mqa = points('corpus').find((p) => p.getAttribute('data-run-id') === 'corpus-mqa-h4')!;
    fireEvent.click(mqa);
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({
        kind: 'mqa',
        modelHeads: 4,
        modelHeadDim: 32,
        modelDModel: 128,
        dataset: 'corpus',
        trainSteps: 10,
      }),
    );
    const tpa = points('recall').find((p) => p.getAttribute('data-run-id') === 'recall-tpa-h4-r1-1-1')!;
    fireEvent.keyDown(tpa, { key: 'Enter' });
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ kind: 'tpa', rankQ: 1, rankK: 1, rankV: 1, dataset: 'recall' }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Load GQA G=2' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'gqa', kvHeads: 2 }));
  });

  it('writes the summary from the data at the reader’s cache size', () => {
    renderView();
    const summary = screen.getByTestId('quality-summary').textContent!;
    expect(summary).toContain('With at most 1,152 B of KV cache per token (your configuration)');
    expect(summary).toContain("is TPA R=(4,2,2)'s 2.050");
    expect(summary).toContain(
      "the best accuracy with at most 1,152 B per token is TPA R=(4,2,2)'s 70.0%",
    );
  });
});

describe('quality panel (loading)', () => {
  it('fetches the manifest, checks it and draws it', async () => {
    const load = vi.fn(() => Promise.resolve(JSON.parse(JSON.stringify(manifest)) as unknown));
    renderWithServices(<QualityPanel config={DEFAULT_CONFIG} onChange={() => {}} load={load} />);
    expect(screen.getByText(/Loading the precomputed results/)).toBeTruthy();
    expect(await screen.findByTestId('pareto-chart-corpus')).toBeTruthy();
    expect(load).toHaveBeenCalledWith('pretrained/manifest.json');
  });

  it('says what is wrong with a malformed manifest instead of drawing it', async () => {
    const bad = JSON.parse(JSON.stringify(manifest)) as { runs: { kvBytesPerToken: number }[] };
    bad.runs[0]!.kvBytesPerToken = 1;
    renderWithServices(
      <QualityPanel config={DEFAULT_CONFIG} onChange={() => {}} load={() => Promise.resolve(bad)} />,
    );
    expect((await screen.findByTestId('quality-error')).textContent).toMatch(
      /malformed .*kvBytesPerToken 1 does not follow/,
    );
    expect(screen.queryByTestId('pareto-chart-corpus')).toBeNull();
  });

  it('reports a failed fetch', async () => {
    renderWithServices(
      <QualityPanel
        config={DEFAULT_CONFIG}
        onChange={() => {}}
        load={() => Promise.reject(new Error('HTTP 404'))}
      />,
    );
    expect((await screen.findByTestId('quality-error')).textContent).toMatch(/HTTP 404/);
  });
});
