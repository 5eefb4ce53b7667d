import { vi } from 'vitest';
import { render } from '@testing-library/react';
import type { RenderOptions } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { ModelServicesProvider } from '../../../src/state/model-context';
import type { ModelServices } from '../../../src/state/model-context';
import { FactorProbe } from '../../../src/runtime/factor-probe';
import type { FactorProbeDeps } from '../../../src/runtime/factor-probe';
import { LiveRunner } from '../../../src/runtime/live-runner';
import { memoryLiveRunStore } from '../../../src/runtime/live-run-store';
import type { RuntimeActions } from '../../../src/runtime/model-runtime';
import { createModelStore } from '../../../src/runtime/runtime-state';

/** Runtime actions that only record their calls. */
export function fakeActions() {
  return {
    start: vi.fn(),
    train: vi.fn(),
    step: vi.fn(),
    pause: vi.fn(),
    resume: vi.fn(),
    reset: vi.fn(async () => undefined),
    generate: vi.fn(),
    stopGeneration: vi.fn(),
    compareBaselines: vi.fn(async () => undefined),
    setCustomText: vi.fn(),
    restartNow: vi.fn(),
    dismissNotice: vi.fn(),
  } satisfies RuntimeActions;
}

/** A worker client whose requests never answer (the probe's store is set by hand in tests). */
export function silentClient() {
  const request = vi.fn(() => ({ id: 1, result: new Promise<never>(() => undefined), cancel: vi.fn() }));
  return { client: { request } as unknown as FactorProbeDeps['client'], request };
}

/**
 * The model services a panel test renders with: the parts it passes, and for the rest fakes that never
 * reach a worker (a fresh store, recording actions, a silent probe, a live runner whose runs fail).
 */
export function fakeServices(parts: Partial<ModelServices> = {}): ModelServices {
  const store = parts.store ?? createModelStore();
  return {
    store,
    runtime: parts.runtime ?? fakeActions(),
    probe: parts.probe ?? new FactorProbe({ client: silentClient().client, models: store }),
    liveRunner:
      parts.liveRunner ??
      new LiveRunner({
        runPoint: () => {
          throw new Error('this test runs no live points');
        },
        records: memoryLiveRunStore(),
      }),
  };
}

/** render() inside a ModelServicesProvider (rerender keeps it) with `fakeServices(parts)`. */
export function renderWithServices(
  ui: ReactElement,
  parts: Partial<ModelServices> = {},
  options: Omit<RenderOptions, 'wrapper'> = {},
) {
  const services = fakeServices(parts);
  const wrapper = ({ children }: { children: ReactNode }) => (
    <ModelServicesProvider value={services}>{children}</ModelServicesProvider>
  );
  return { ...render(ui, { ...options, wrapper }), services };
}
