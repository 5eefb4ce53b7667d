import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { renderWithServices } from '../support/services';
import { SpecialCasesPanel } from '../../../components/special-cases';
import { specialCaseKey } from '../../../src/runtime/factor-probe';
import type { SpecialCaseResult } from '../../../src/runtime/factor-probe';
import { aEntry, CONFIG, fakeProbe, fakeRuntime, rowValues } from './fixtures';

const MHA_REQUEST = { stop: 'mha', heads: 2, headDim: 4, kvHeads: 2, dModel: 16, seed: CONFIG.seed } as const;

function mhaResult(maxError: number): SpecialCaseResult {
  const grid = (data: number[]) => ({ shape: [2, 2], data: Float32Array.from(data) });
  return {
    kind: 'special-case',
    stop: 'mha',
    ranks: { rankQ: 2, rankK: 2, rankV: 2 },
    tokens: 8,
    maxError,
    maxOutput: 0.7,
    headFactors: { A_Q: grid([2, 0, 0, 2]), A_K: grid([2, 0, 0, 2]), A_V: grid([2, 0, 0, 2]) },
  };
}

function renderPanel(stop: (typeof CONFIG)['specialCase'], result?: SpecialCaseResult) {
  const onChange = vi.fn();
  const { services } = fakeRuntime();
  const { probe, request } = fakeProbe(services.store);
  if (result)
    probe.store.setState({
      specialCases: { [specialCaseKey(MHA_REQUEST)]: { status: 'ready', result, error: null } },
    });
  renderWithServices(<SpecialCasesPanel config={{ ...CONFIG, specialCase: stop }} onChange={onChange} />, {
    ...services,
    probe,
  });
  return { onChange, request };
}

const tableRows = (name: string) =>
  [...screen.getByTestId(`special-table-${name}`).querySelectorAll('tbody tr')].map(rowValues);

describe('SpecialCasesPanel (fixed data)', () => {
  it('the TPA stop shows the trained model’s own head factors for the token', () => {
    renderPanel('tpa');
    expect(screen.getByTestId('special-view').getAttribute('data-stop')).toBe('tpa');
    expect(tableRows('A_K')).toEqual([[aEntry(1, 0, 0)], [aEntry(1, 1, 0)]]);
    expect(tableRows('A_Q')).toEqual([
      [aEntry(1, 0, 0), aEntry(1, 0, 1)],
      [aEntry(1, 1, 0), aEntry(1, 1, 1)],
    ]);
    expect(screen.getByTestId('special-cache-contextual').textContent).toBe('(1+1)(2+4) = 12');
    expect(screen.queryByTestId('special-max-error')).toBeNull();
  });

  it('a measured MHA stop: head factors h·e_i, equal outputs, the same cache as MHA', () => {
    renderPanel('mha', mhaResult(3e-8));
    const error = screen.getByTestId('special-max-error');
    expect(Number(error.getAttribute('data-value'))).toBe(3e-8);
    expect(error.getAttribute('data-equal')).toBe('true');
    expect(screen.getByTestId('special-check').textContent).toMatch(/equal \(float32 rounding\)/);
    expect(tableRows('A_K')).toEqual([
      [2, 0],
      [0, 2],
    ]);
    expect(screen.getByTestId('special-cache-baseline').textContent).toBe('2·2·4 = 16');
    expect(Number(screen.getByTestId('special-cache-fixed').getAttribute('data-value'))).toBe(16);
  });

  it('says “different” when the outputs differ', () => {
    renderPanel('mha', mhaResult(0.02));
    expect(screen.getByTestId('special-max-error').getAttribute('data-equal')).toBe('false');
    expect(screen.getByTestId('special-check').textContent).toMatch(/different/);
  });

  it('asks the worker for a stop it has not measured, and the stop control writes the config', () => {
    const { request, onChange } = renderPanel('gqa');
    expect(request).toHaveBeenCalledWith({ type: 'special-case', ...MHA_REQUEST, stop: 'gqa' });
    expect(screen.getByTestId('special-status').textContent).toBe('Building both layers in the worker…');
    fireEvent.click(screen.getByLabelText('MQA'));
    expect(onChange).toHaveBeenLastCalledWith({ specialCase: 'mqa' });
  });
});
