import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { renderWithServices } from '../support/services';
import { RopePanel } from '../../../components/rope';
import { bEntry, CONFIG, DH, fakeProbe, fakeRuntime, rope4, rowValues } from './fixtures';

function renderPanel(onChange = vi.fn()) {
  const { services } = fakeRuntime();
  const { probe } = fakeProbe(services.store);
  renderWithServices(<RopePanel config={CONFIG} onChange={onChange} />, { ...services, probe });
  return { onChange };
}

// stored as float32, as the worker sends it
const raw = Array.from({ length: DH }, (_, j) => Math.fround(bEntry(1, 0, j)));
const pairCells = (pair: number) =>
  [...screen.getByTestId('rope-pairs-table').querySelectorAll(`tr[data-pair="${pair}"] td[data-value]`)].map(
    (td) => td.getAttribute('data-value')!,
  );

describe('RopePanel (fixed inspection)', () => {
  it('lists the d_h/2 rotation pairs of the token’s B_K row at its own position', () => {
    renderPanel();
    expect(screen.getByTestId('rope-dials').getAttribute('data-count')).toBe('2');
    // pair 0: dims 0 and 2, θ = 1, turned by −1 at position 1; pair 1: θ = 0.01
    const [theta0, angle0, before0, after0] = pairCells(0);
    expect(Number(theta0)).toBe(1);
    expect(Number(angle0)).toBe(-1);
    expect(before0!.split(',').map(Number)).toEqual([raw[0], raw[2]]);
    const turned = rope4(raw, 1);
    after0!
      .split(',')
      .map(Number)
      .forEach((v, k) => expect(v).toBeCloseTo(turned[k === 0 ? 0 : 2]!, 6));
    expect(Number(pairCells(1)[0])).toBeCloseTo(0.01, 15);
    expect(Number(screen.getByTestId('rope-row-error').getAttribute('data-value'))).toBeLessThan(1e-6);
  });

  it('the position slider turns the pairs further', () => {
    renderPanel();
    const slider = within(screen.getByTestId('rope-position')).getByRole('slider');
    fireEvent.change(slider, { target: { value: '5' } });
    const turned = rope4(raw, 5);
    const after1 = pairCells(1)[3]!.split(',').map(Number);
    expect(after1[0]).toBeCloseTo(turned[1]!, 6);
    expect(after1[1]).toBeCloseTo(turned[3]!, 6);
    expect(Number(screen.getByTestId('rope-gap-lowrank').getAttribute('data-value'))).toBeGreaterThan(1e-3);
    expect(Number(screen.getByTestId('rope-gap-tpa').getAttribute('data-value'))).toBeLessThan(1e-12);
  });

  it('rotating the factors equals rotating the assembled heads, for Q and K', () => {
    renderPanel();
    for (const part of ['q', 'k']) {
      const check = screen.getByTestId(`rope-check-${part}`);
      expect(Number(check.getAttribute('data-value'))).toBeLessThan(1e-6);
      expect(check.getAttribute('data-equal')).toBe('true');
    }
  });

  it('scores by offset do not depend on the start', () => {
    renderPanel();
    const rows = screen.getByTestId('rope-offset-table').querySelectorAll('tbody tr');
    expect(rows).toHaveLength(32);
    for (const row of rows) {
      const [a, b, c, spread] = rowValues(row);
      expect(Math.abs(a! - b!)).toBeLessThan(1e-12);
      expect(Math.abs(a! - c!)).toBeLessThan(1e-12);
      expect(spread).toBeLessThan(1e-12);
    }
    expect(Number(screen.getByTestId('rope-max-spread').getAttribute('data-value'))).toBeLessThan(1e-12);
  });

  it('picking a token goes to the shared config', () => {
    const { onChange } = renderPanel();
    fireEvent.click(screen.getByLabelText('position 0: a'));
    expect(onChange).toHaveBeenLastCalledWith({ factorToken: 0 });
  });
});
