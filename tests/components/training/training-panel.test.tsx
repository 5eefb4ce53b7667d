import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { renderWithServices } from '../support/services';
import { TrainingPanel } from '../../../components/training';
import { BackendBadge } from '../../../components/backend-badge';
import type { PlaygroundConfig } from '../../../src/config';
import { nanAlert } from '../../../src/runtime/training-health';
import { BACKEND, CONFIG, READY, fakeRuntime, history } from './fixtures';

function renderPanel(state = READY, config: PlaygroundConfig = CONFIG) {
  const fake = fakeRuntime(state);
  const onChange = vi.fn<(patch: Partial<PlaygroundConfig>) => void>();
  const utils = renderWithServices(<TrainingPanel config={config} onChange={onChange} />, fake.services);
  return { ...utils, ...fake, onChange };
}

const dataValue = (id: string) => screen.getByTestId(id).getAttribute('data-value');

describe('backend badge', () => {
  it('names the backend, the adapter and why, with the probe timings', () => {
    render(<BackendBadge phase="ready" backend={BACKEND} status={null} override={null} />);
    const badge = screen.getByTestId('backend-badge');
    expect(badge.getAttribute('data-backend')).toBe('wasm');
    expect(badge.textContent).toContain('GPU adapter: google swiftshader (software fallback)');
    expect(screen.getByTestId('backend-reason').textContent).toBe(BACKEND.reason);
    const probes = badge.querySelectorAll('tr[data-probe]');
    expect([...probes].map((r) => r.textContent)).toEqual([
      'webgpu150.00 ms',
      'webgl40.00 ms',
      'wasm3.00 ms',
    ]);
  });

  it('has no backend while starting, and shows the probe in progress', () => {
    render(<BackendBadge phase="starting" backend={null} status="probing webgl…" override={null} />);
    const badge = screen.getByTestId('backend-badge');
    expect(badge.getAttribute('data-backend')).toBe('');
    expect(badge.textContent).toContain('starting the model worker…');
    expect(badge.textContent).toContain('probing webgl…');
  });

  it('says when a GPU failure moved the model to another backend', () => {
    render(
      <BackendBadge
        phase="ready"
        backend={{ ...BACKEND, requested: 'wasm' }}
        status={null}
        override="wasm"
      />,
    );
    expect(screen.getByTestId('backend-override').textContent).toMatch(/moved to wasm/);
  });
});

describe('training panel', () => {
  it('before the worker runs: a button loads the model; the fitted ranks are already shown', () => {
    const { actions } = renderPanel({ phase: 'idle' });
    expect(screen.getByTestId('model-adjustments').textContent).toMatch(/R_Q = 6 is above min\(h, d_h\) = 2/);
    fireEvent.click(screen.getByTestId('load-model'));
    expect(actions.start).toHaveBeenCalledOnce();
  });

  it('shows progress, speed and losses from the history', () => {
    renderPanel({ ...READY, history: history(30) });
    expect(dataValue('train-step')).toBe('30');
    expect(Number(dataValue('loss-first'))).toBeCloseTo(4.45, 10);
    expect(Number(dataValue('loss-latest'))).toBeCloseTo(3, 10);
    expect(Number(dataValue('loss-valid'))).toBeCloseTo(3.1, 10);
    expect(dataValue('tokens-per-sec')).toBe('320'); // 64 tokens per 200 ms
    expect(dataValue('step-ms')).toBe('200');
    expect(screen.getByTestId('loss-chart').getAttribute('data-points')).toBe('30');
    const bar = screen.getByRole('progressbar');
    expect([bar.getAttribute('value'), bar.getAttribute('max')]).toEqual(['30', '40']);
    expect(screen.getByTestId('model-params').textContent).toBe('23,584');
    expect(within(screen.getByTestId('validation-table')).getAllByRole('row')).toHaveLength(1 + 6);
  });

  it('start, single step and reset (after confirming) call the runtime', () => {
    const { actions } = renderPanel({ ...READY, history: history(3) });
    const start = screen.getByTestId('train-start');
    expect(start.textContent).toBe('Train on to step 40');
    fireEvent.click(start);
    fireEvent.click(screen.getByTestId('train-step-once'));
    fireEvent.click(screen.getByTestId('train-reset'));
    expect(actions.reset).not.toHaveBeenCalled();
    expect(screen.getByRole('group', { name: 'Confirm reset' }).textContent).toMatch(
      /Discard 3 trained steps/,
    );
    fireEvent.click(screen.getByTestId('reset-confirm'));
    expect([actions.train, actions.step, actions.reset].map((f) => f.mock.calls.length)).toEqual([1, 1, 1]);
  });

  it('at the configured steps, Start is done; while training it pauses, while paused it resumes', () => {
    const { actions, store } = renderPanel({ ...READY, history: history(40) });
    const start = screen.getByTestId('train-start') as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    expect(start.textContent).toBe('Trained 40 steps');
    act(() => store.setState({ phase: 'training' }));
    fireEvent.click(screen.getByTestId('train-pause'));
    expect(actions.pause).toHaveBeenCalledOnce();
    act(() => store.setState({ phase: 'paused' }));
    fireEvent.click(screen.getByTestId('train-resume'));
    expect(actions.resume).toHaveBeenCalledOnce();
    expect((screen.getByTestId('train-step-once') as HTMLButtonElement).disabled).toBe(true);
  });

  it('a NaN loss is explained, with a lower learning rate one click away', () => {
    const { onChange } = renderPanel({ ...READY, alert: nanAlert(20, 0.003) });
    const alert = screen.getByTestId('training-alert');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toMatch(/became NaN.*back to step 20/);
    fireEvent.click(within(alert).getByRole('button', { name: 'Use learning rate 0.001' }));
    expect(onChange).toHaveBeenCalledWith({ learningRate: 0.001 });
  });

  it('a build error (pasted text too short) is shown; typing text goes to the runtime', () => {
    const { actions } = renderPanel(
      { ...READY, model: null, trainError: 'The text is too short: 9 characters', customText: 'too short' },
      { ...CONFIG, dataset: 'custom' },
    );
    expect(screen.getByTestId('train-error').textContent).toMatch(/too short/);
    const area = screen.getByTestId('custom-text') as HTMLTextAreaElement;
    expect(area.value).toBe('too short');
    expect(screen.getByText(/9 characters; at least 161 needed at context 16/)).toBeTruthy();
    fireEvent.change(area, { target: { value: 'more text' } });
    expect(actions.setCustomText).toHaveBeenCalledWith('more text');
  });

  it('settings: sliders and selects patch the config; a locked link disables them, a hidden group hides them', () => {
    const { onChange, unmount } = renderPanel();
    const lr = screen.getByTestId('control-learningRate').querySelector('input')!;
    fireEvent.change(lr, { target: { value: '6' } });
    expect(onChange).toHaveBeenLastCalledWith({ learningRate: 0.01 });
    fireEvent.change(screen.getByTestId('control-dataset'), { target: { value: 'recall' } });
    expect(onChange).toHaveBeenLastCalledWith({ dataset: 'recall' });
    fireEvent.change(screen.getByTestId('control-seed'), { target: { value: '42' } });
    expect(onChange).toHaveBeenLastCalledWith({ seed: 42 });
    unmount();
    renderPanel(READY, { ...CONFIG, locked: 1 });
    expect((screen.getByTestId('training-settings') as HTMLFieldSetElement).disabled).toBe(true);
  });

  it('on recall above the sweep’s recall learning rate, a hint offers that rate', () => {
    const { onChange, unmount } = renderPanel(READY, { ...CONFIG, dataset: 'recall', learningRate: 0.003 });
    const hint = screen.getByTestId('training-recall-hint');
    expect(hint.textContent).toMatch(/peak learning\s+rate of 0\.001/);
    fireEvent.click(within(hint).getByRole('button', { name: 'Use 0.001' }));
    expect(onChange).toHaveBeenLastCalledWith({ learningRate: 0.001 });
    unmount();
    renderPanel(READY, { ...CONFIG, dataset: 'recall', learningRate: 0.001 });
    expect(screen.queryByTestId('training-recall-hint')).toBeNull();
    renderPanel(READY, { ...CONFIG, dataset: 'corpus', learningRate: 0.003 });
    expect(screen.queryByTestId('training-recall-hint')).toBeNull();
  });

  it('hides the settings for a classroom link that hides the training group', () => {
    renderPanel(READY, { ...CONFIG, hidden: ['training'] });
    expect(screen.queryByTestId('training-settings')).toBeNull();
    expect(screen.getByTestId('train-start')).toBeTruthy();
  });

  it('lists runtime notices, which can be dismissed; after giving up, offers a restart', () => {
    const { actions } = renderPanel({
      ...READY,
      phase: 'failed',
      notices: [{ id: 7, tone: 'error', message: 'The model worker stopped 4 times within a minute' }],
    });
    const notice = screen.getByTestId('runtime-notice');
    expect(notice.getAttribute('data-tone')).toBe('error');
    fireEvent.click(within(notice).getByRole('button', { name: 'Dismiss' }));
    expect(actions.dismissNotice).toHaveBeenCalledWith(7);
    fireEvent.click(screen.getByTestId('restart-model'));
    expect(actions.restartNow).toHaveBeenCalledOnce();
  });
});
