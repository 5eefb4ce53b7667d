import { Profiler } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { act, screen } from '@testing-library/react';
import { TrainingPanel } from '../../../components/training';
import { useModelServices, useRuntimePhase, useTrainedSteps } from '../../../src/state/model-context';
import { IDLE_GENERATION } from '../../../src/runtime/runtime-state';
import { CONFIG, READY, fakeRuntime, history } from '../training/fixtures';
import { fakeServices, renderWithServices } from '../support/services';

function Probe() {
  const phase = useRuntimePhase();
  const steps = useTrainedSteps();
  const { runtime } = useModelServices();
  return (
    <button type="button" data-testid="probe" onClick={() => runtime.start()}>
      {phase} {steps}
    </button>
  );
}

describe('model services context', () => {
  it('the hooks read the provider’s store and follow it; actions go to the provider’s runtime', () => {
    const { services } = fakeRuntime({ phase: 'idle' });
    const { services: given } = renderWithServices(<Probe />, services);
    expect(screen.getByTestId('probe').textContent).toBe('idle 0');
    act(() => given.store.setState({ ...READY, history: history(7) }));
    expect(screen.getByTestId('probe').textContent).toBe('ready 7');
    screen.getByTestId('probe').click();
    expect(services.runtime.start).toHaveBeenCalledTimes(1);
  });

  it('the training panel subscribes to the runtime’s store once, and ignores fields it does not show', () => {
    const services = fakeServices(fakeRuntime(READY).services);
    const subscribe = vi.spyOn(services.store, 'subscribe');
    let renders = 0;
    renderWithServices(
      <Profiler id="training" onRender={() => renders++}>
        <TrainingPanel config={CONFIG} onChange={() => {}} />
      </Profiler>,
      services,
    );
    expect(subscribe).toHaveBeenCalledTimes(1);

    const before = renders;
    act(() => services.store.setState({ generation: { ...IDLE_GENERATION, status: 'running' } }));
    expect(renders).toBe(before);
    act(() => services.store.setState({ history: history(3) }));
    expect(renders).toBe(before + 1);
    expect(screen.getByTestId('training-panel').getAttribute('data-phase')).toBe('ready');
  });
});
