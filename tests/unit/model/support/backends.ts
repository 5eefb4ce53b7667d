import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, beforeEach, expect } from 'vitest';

tf.env().set('PROD', true);

/** Every model suite runs once per backend. */
export const BACKENDS = ['cpu', 'wasm'] as const;
export type BackendName = (typeof BACKENDS)[number];

/**
 * Call inside a describe block: switches tfjs to `name` before the block's tests, and checks that
 * every test leaves exactly as many live tensors as it found.
 */
export function useBackend(name: BackendName): void {
  let live = 0;
  beforeAll(async () => {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`backend ${name} failed to initialise`);
    await tf.ready();
  });
  beforeEach(() => {
    live = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors, 'tensors leaked by this test').toBe(live);
  });
}

export { tf };
