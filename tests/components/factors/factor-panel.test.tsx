import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { renderWithServices } from '../support/services';
import { FactorPanel } from '../../../components/factors';
import { aEntry, CONFIG, DH, fakeProbe, fakeRuntime, rope4, rowValues, bEntry } from './fixtures';

function renderPanel(config = CONFIG, onChange = vi.fn()) {
  const { services } = fakeRuntime();
  const { probe, request } = fakeProbe(services.store);
  const view = renderWithServices(<FactorPanel config={config} onChange={onChange} />, {
    ...services,
    probe,
  });
  return { ...view, onChange, probe, request };
}

/** Head 1's row of term r at token 1, computed by hand: (1/R)·A[1, r]·B̃[r, :]. */
function expectedTerm(r: number, rank = 2): number[] {
  const row = rope4(
    Array.from({ length: DH }, (_, j) => bEntry(1, r, j)),
    1,
  );
  return row.map((b) => (aEntry(1, 1, r) * b) / rank);
}

describe('FactorPanel (fixed inspection)', () => {
  it('the table lists R_Q terms for the chosen head and token; they add up to the worker’s Q', () => {
    renderPanel();
    const table = screen.getByTestId('factor-table');
    expect(table.getAttribute('data-rank')).toBe('2');
    expect(table.getAttribute('data-head')).toBe('1');
    const terms = table.querySelectorAll('tr[data-row="term"]');
    expect(terms).toHaveLength(2);
    for (let r = 0; r < 2; r++) {
      const got = rowValues(terms[r]);
      const want = expectedTerm(r);
      for (let j = 0; j < DH; j++) expect(got[j]).toBeCloseTo(want[j]!, 6);
    }
    const sum = rowValues(table.querySelector('tr[data-row="sum"]'));
    const reported = rowValues(table.querySelector('tr[data-row="reported"]'));
    for (let j = 0; j < DH; j++) {
      expect(sum[j]).toBeCloseTo(expectedTerm(0)[j]! + expectedTerm(1)[j]!, 6);
      expect(reported[j]).toBeCloseTo(sum[j]!, 6);
    }
    expect(Number(screen.getByTestId('factor-max-error').getAttribute('data-value'))).toBeLessThan(1e-6);
    expect(screen.getByTestId('factor-terms').getAttribute('data-count')).toBe('2');
    expect(screen.getAllByTestId('factor-term')).toHaveLength(2);
    // heatmaps have the factor shapes: A_Q h × R, B̃_Q R × d_h
    expect(screen.getByTestId('factor-a').getAttribute('data-rows')).toBe('2');
    expect(screen.getByTestId('factor-a').getAttribute('data-cols')).toBe('2');
    expect(screen.getByTestId('factor-b').getAttribute('data-cols')).toBe(String(DH));
  });

  it('lists the cached factors and MHA’s cache for the same token', () => {
    renderPanel();
    const cache = screen.getByTestId('factor-cache');
    const numbers = (name: string) => rowValues(cache.querySelector(`tr[data-name="${name}"]`));
    expect(numbers('A_K')).toEqual([2, 8]); // h × R_K = 2 numbers, 8 bytes
    expect(numbers('B̃_K')).toEqual([4, 16]);
    expect(numbers('tpa-total')).toEqual([12, 48]); // (1+1)(2+4)
    expect(numbers('mha')).toEqual([16, 64]); // 2·2·4
  });

  it('steps through the terms: the running sum shows the first r terms', () => {
    renderPanel();
    expect(screen.getByTestId('factor-step').getAttribute('data-value')).toBe('2');
    fireEvent.click(screen.getByRole('button', { name: /Previous/ }));
    expect(screen.getByTestId('factor-step').getAttribute('data-value')).toBe('1');
    expect(
      within(screen.getByTestId('factor-running')).getByText('Sum of the first 1 of 2 terms'),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Next/ }));
    expect(screen.getByTestId('factor-step').textContent).toBe('All 2 terms: the sum is Q');
  });

  it('keyboard on the sum names the entry’s row of A and column of B', () => {
    renderPanel();
    const frame = within(screen.getByTestId('factor-running')).getByRole('group');
    fireEvent.focus(frame);
    fireEvent.keyDown(frame, { key: 'ArrowDown' });
    fireEvent.keyDown(frame, { key: 'ArrowRight' });
    expect(screen.getByTestId('factor-entry').textContent).toMatch(
      /^Q\[1, 1\] = .* = .*: row 1 of A_Q times column 1 of B̃_Q\.$/,
    );
  });

  it('token, head, part and rank controls write the shared config', () => {
    const { onChange } = renderPanel();
    fireEvent.click(screen.getByLabelText('position 2: c'));
    expect(onChange).toHaveBeenLastCalledWith({ factorToken: 2 });
    fireEvent.change(screen.getByTestId('factor-head'), { target: { value: '0' } });
    expect(onChange).toHaveBeenLastCalledWith({ factorHead: 0 });
    fireEvent.click(within(screen.getByTestId('factor-part')).getByLabelText('V'));
    expect(onChange).toHaveBeenLastCalledWith({ factorPart: 'v' });
    const slider = within(screen.getByTestId('factor-rankQ')).getByRole('slider');
    fireEvent.change(slider, { target: { value: '0' } });
    expect(onChange).toHaveBeenLastCalledWith({ rankQ: 1 });
  });

  it('assembles V from the un-rotated B_V when asked', () => {
    renderPanel({ ...CONFIG, factorPart: 'v' });
    const table = screen.getByTestId('factor-table');
    expect(table.getAttribute('data-part')).toBe('v');
    const terms = table.querySelectorAll('tr[data-row="term"]');
    expect(terms).toHaveLength(1);
    const want = Array.from({ length: DH }, (_, j) => aEntry(1, 1, 0) * bEntry(1, 0, j));
    rowValues(terms[0]).forEach((v, j) => expect(v).toBeCloseTo(want[j]!, 6));
  });

  it('explains a model without factors and offers TPA', () => {
    const onChange = vi.fn();
    const { services } = fakeRuntime();
    const data = {
      tokens: [1],
      logits: { shape: [1, 4], data: new Float32Array(4) },
      layers: [{ layer: 0, kind: 'mha' as const, tensors: {} }],
    };
    const { probe } = fakeProbe(services.store, data);
    renderWithServices(<FactorPanel config={CONFIG} onChange={onChange} />, { ...services, probe });
    expect(screen.getByTestId('factor-unavailable').textContent).toMatch(/MHA has no factors/);
    expect(screen.queryByTestId('factor-table')).toBeNull();
  });
});
