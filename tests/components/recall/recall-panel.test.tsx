import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { RecallPanel } from '../../../components/recall';
import { RecallView } from '../../../components/recall/RecallView';
import { attentionView } from '../../../src/view-models/recall';
import { FIXTURE_RESULTS, fixtureManifest } from '../../unit/sweep/fixtures';
import { fixtureDiagnosis } from '../../unit/sweep/diagnosis-fixture';

const section = fixtureDiagnosis();
const manifest = { ...fixtureManifest(FIXTURE_RESULTS), recallDiagnosis: section };
const json = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

const renderView = () => render(<RecallView section={section} />);
const finding = () => screen.getByTestId('recall-finding').textContent ?? '';

describe('recall panel (fixed data)', () => {
  it('draws accuracy by query for MHA, official TPA, the fix and the elimination score', () => {
    renderView();
    const chart = screen.getByTestId('recall-positions');
    const series = within(chart).getAllByTestId('recall-position-series');
    expect(series.map((s) => s.getAttribute('data-series'))).toEqual([
      'mha',
      'tpa',
      'tpa-fix',
      'elimination',
    ]);
    const values = (id: string) =>
      [...chart.querySelectorAll(`[data-series="${id}"] [data-value]`)].map((g) =>
        Number(g.getAttribute('data-value')),
      );
    expect(values('tpa')).toEqual([0.3, 0.4, 0.5, 1]);
    expect(values('elimination')).toEqual([0.25, 1 / 3, 0.5, 1]);
    expect(chart.textContent).toContain('TPA, constant A_K + matched init (variant (the fix))');
    expect(screen.getByRole('img', { name: 'Recall accuracy by query position' })).toBeTruthy();
  });

  it('opens the attention viewer on official TPA and follows the chosen model, layer, head and query', () => {
    renderView();
    const viewer = screen.getByTestId('recall-viewer');
    expect(within(viewer).getByTestId('recall-tokens').textContent).toBe(
      'A3 C7 B1 D5 ____ | C7 A3 D5 B1 ___',
    );
    const model = within(viewer).getByLabelText('Model') as HTMLSelectElement;
    expect(model.value).toBe('tpa');
    expect((within(viewer).getByLabelText('Layer') as HTMLSelectElement).value).toBe('1');
    expect(screen.getByTestId('recall-heatmap').getAttribute('data-row')).toBe('13');
    expect(finding()).toContain(attentionView(section, null)!.finding);
    expect(finding()).toContain('TPA R=(4,2,2) answers 3: wrong');

    fireEvent.change(model, { target: { value: 'mha' } });
    expect(finding()).toContain('It finds the value of its key');
    expect(finding()).toContain('MHA answers 7: right.');
    expect(screen.getByRole('img', { name: /^MHA, layer 2, head 1: attention/ })).toBeTruthy();

    fireEvent.change(within(viewer).getByLabelText('Layer'), { target: { value: '0' } });
    fireEvent.change(within(viewer).getByLabelText('Head'), { target: { value: '2' } });
    expect(screen.getByRole('img', { name: /^MHA, layer 1, head 3: attention/ })).toBeTruthy();

    fireEvent.click(within(viewer).getByLabelText(/3rd: D → 5/));
    expect(screen.getByTestId('recall-heatmap').getAttribute('data-row')).toBe('17');
    expect(finding()).toContain('At the query key D');
    expect((within(viewer).getByLabelText(/3rd: D → 5/) as HTMLInputElement).checked).toBe(true);
  });

  it('draws the key curves, and every run on request', () => {
    renderView();
    const curves = () => within(screen.getByTestId('recall-curves')).getAllByTestId('recall-curve');
    expect(
      curves()
        .map((c) => c.getAttribute('data-series'))
        .sort(),
    ).toEqual(['mha', 'tpa', 'tpa-fix']);
    fireEvent.click(screen.getByLabelText(/Show every run tried \(15\)/));
    expect(curves()).toHaveLength(15);
    expect(screen.getByTestId('recall-elimination-level')).toBeTruthy();
  });

  it('tables every run, the official one marked, with what it changes and how it ends', () => {
    renderView();
    const rows = within(screen.getByTestId('recall-table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-run-id'))).toEqual(section.runs.map((r) => r.id));
    const official = rows.find((r) => r.getAttribute('data-run-id') === 'tpa')!;
    expect(official.className).toBe('recall-table__official');
    expect(official.textContent).toContain('official T6');
    expect(official.querySelector('[data-col="accuracy"]')!.textContent).toBe('55.0%');
    expect(
      rows
        .filter((r) => r.getAttribute('data-verdict') === 'recalls')
        .map((r) => r.getAttribute('data-run-id')),
    ).toEqual(['mha', 'tpa-fix']);
    const region = screen.getByRole('region', { name: /Runs tried/ });
    expect(region.tabIndex).toBe(0);
    expect(screen.getByTestId('recall-open').textContent).toContain('one seed');
  });
});

describe('recall panel (loading)', () => {
  it('fetches the manifest and shows its diagnosis', async () => {
    const load = vi.fn(() => Promise.resolve(json(manifest)));
    render(<RecallPanel load={load} />);
    expect(await screen.findByTestId('recall-panel')).toBeTruthy();
    expect(load).toHaveBeenCalledWith('pretrained/manifest.json');
  });

  it('says how to make the section when the manifest has none', async () => {
    render(<RecallPanel load={() => Promise.resolve(json(fixtureManifest(FIXTURE_RESULTS)))} />);
    expect((await screen.findByTestId('recall-missing')).textContent).toContain(
      'PRETRAIN_PART=recall-diagnosis npm run pretrain',
    );
  });

  it('reports a malformed section or a failed fetch', async () => {
    const bad = json(manifest) as { recallDiagnosis: { runs: { final: { accuracy: number } }[] } };
    bad.recallDiagnosis.runs[1]!.final.accuracy = 0.9;
    const { unmount } = render(<RecallPanel load={() => Promise.resolve(bad)} />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/malformed .*not the mean/);
    unmount();
    render(<RecallPanel load={() => Promise.reject(new Error('HTTP 404'))} />);
    expect((await screen.findByRole('alert')).textContent).toContain('HTTP 404');
  });
});
