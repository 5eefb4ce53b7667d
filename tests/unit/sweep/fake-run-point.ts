/** A fake ModelRuntime.runPoint for tests of the live runner and the quality panel. */
import { CancelledError } from '../../../src/runtime/model-client';
import type { RunPoint } from '../../../src/runtime/live-runner';
import type { LossPoint, PointPlan } from '../../../src/spec';

const point = (step: number): LossPoint => ({
  step,
  loss: 3 - step / 10,
  valLoss: null,
  accuracy: null,
  lr: 0.001,
  gradNorm: 1,
  ms: 5,
  tokens: 10,
});

/**
 * A fake worker: each run posts its steps on later ticks (one per `tickMs`), then ends with
 * `valLoss(index)` (default 2 + index / 10) on wasm; `failAt` makes that run fail instead.
 */
export function fakeRunPoint(
  opts: { failAt?: number; valLoss?: (index: number) => number; tickMs?: number } = {},
) {
  const started: PointPlan[] = [];
  const cancels: number[] = [];
  const runPoint: RunPoint = (plan, onStep) => {
    const index = started.length;
    started.push(plan);
    let cancel: () => void = () => undefined;
    const result = new Promise<Awaited<ReturnType<RunPoint>['result']>>((resolve, reject) => {
      let step = 0;
      const timer = setInterval(() => {
        step++;
        onStep?.(point(step));
        if (opts.failAt === index) {
          clearInterval(timer);
          reject(new Error('the GPU device was lost'));
        } else if (step === plan.steps) {
          clearInterval(timer);
          resolve({
            history: Array.from({ length: plan.steps }, (_, i) => point(i + 1)),
            valLoss: opts.valLoss ? opts.valLoss(index) : 2 + index / 10,
            accuracy: null,
            parameters: 1000,
            tokens: 100,
            wallMs: 50,
            backend: 'wasm',
          });
        }
      }, opts.tickMs ?? 1);
      cancel = () => {
        clearInterval(timer);
        cancels.push(index);
        reject(new CancelledError('run-point was cancelled'));
      };
    });
    return { result, cancel: () => cancel() };
  };
  return { runPoint, started, cancels };
}
