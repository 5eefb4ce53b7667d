import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/config';
import type { PlaygroundConfig } from '../../../src/config';
import { createPlaygroundStore } from '../../../src/state/playground-store';
import { createModelStore } from '../../../src/runtime/runtime-state';
import { ModelRuntime } from '../../../src/runtime/model-runtime';
import { memoryTextStore } from '../../../src/runtime/text-store';
import { FactorProbe, specialCaseKey } from '../../../src/runtime/factor-probe';
import type { FactorProbeState } from '../../../src/runtime/factor-probe';
import { ropeCheck } from '../../../src/factors';
import { factorView } from '../../../src/view-models/factors';
import { memoryCheckpoints } from '../../../workers/checkpoints';
import { inProcessWorker } from '../runtime/support/in-process-worker';

const TINY: Partial<PlaygroundConfig> = {
  backend: 'cpu',
  modelDModel: 16,
  modelLayers: 2,
  modelHeads: 4,
  modelHeadDim: 8,
  modelContext: 16,
  trainBatch: 2,
  trainSteps: 3,
  kind: 'tpa',
  rankQ: 2,
  rankK: 1,
  rankV: 1,
  kvHeads: 2,
};

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

function setup() {
  const playground = createPlaygroundStore({ ...DEFAULT_CONFIG, ...TINY });
  const models = createModelStore();
  const requests: string[] = [];
  const runtime = new ModelRuntime({
    playground,
    store: models,
    texts: memoryTextStore(),
    baseUrl: 'http://test/',
    settleMs: 0,
    createWorker: () => {
      const w = inProcessWorker(memoryCheckpoints());
      const post = w.post.bind(w);
      w.post = (m: unknown) => {
        const type = (m as { type: string }).type;
        requests.push(type === 'inspect' ? `inspect@${models.getState().phase}` : type);
        post(m);
      };
      return w;
    },
  });
  const probe = new FactorProbe({ client: runtime.client, models, debounceMs: 5 });
  disposers.push(
    () => probe.dispose(),
    () => runtime.dispose(),
  );
  return { playground, models, runtime, probe, requests };
}

async function until(probe: FactorProbe, check: (s: FactorProbeState) => boolean, ms = 20_000) {
  const start = Date.now();
  while (!check(probe.store.getState())) {
    if (Date.now() - start > ms)
      throw new Error(`timed out: ${JSON.stringify(probe.store.getState().inspection.status)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return probe.store.getState();
}

const rankQOf = (s: FactorProbeState) => s.inspection.inspection?.layers[0]?.tensors.A_Q?.shape[2];

describe('FactorProbe (the real worker session in-process)', () => {
  it('inspects the text once the model is ready, and its factors add up to Q', async () => {
    const { runtime, probe } = setup();
    probe.setText('the cat');
    expect(probe.store.getState().inspection.status).toBe('idle');
    runtime.start();
    const s = await until(probe, (st) => st.inspection.status === 'ready');
    const inspection = s.inspection.inspection!;
    expect(inspection.tokens).toHaveLength(7);
    expect(inspection.layers).toHaveLength(2);
    expect(rankQOf(s)).toBe(2);
    const view = factorView(inspection.layers[1]!, 'q', 3);
    expect(view.ok && view.view.maxError).toBeLessThan(1e-5);
    expect(ropeCheck(inspection.layers[0]!, 'k')!.maxError).toBeLessThan(1e-5);
  });

  it('a new rank rebuilds the model and re-inspects with the new R_Q', async () => {
    const { playground, runtime, probe } = setup();
    probe.setText('hello');
    runtime.start();
    await until(probe, (st) => st.inspection.status === 'ready');
    playground.getState().update({ rankQ: 3 });
    const s = await until(probe, (st) => st.inspection.status === 'ready' && rankQOf(st) === 3);
    expect(s.inspection.inspection!.layers[0]!.tensors.B_Q_rot!.shape).toEqual([5, 3, 8]);
  });

  it('re-inspects when training stops (never while it runs), and a burst of text edits sends one request', async () => {
    const { models, runtime, probe, requests } = setup();
    probe.setText('ab');
    runtime.start();
    const first = await until(probe, (st) => st.inspection.status === 'ready');
    expect(first.inspection.source?.step).toBe(0);
    const inspects = () => requests.filter((t) => t.startsWith('inspect')).length;
    const before = inspects();
    for (const t of ['a', 'ab', 'abc', 'abcd']) probe.setText(t);
    await until(
      probe,
      (st) => st.inspection.status === 'ready' && st.inspection.inspection?.tokens.length === 4,
    );
    expect(inspects() - before).toBe(1);
    runtime.train();
    const trained = await until(
      probe,
      (st) =>
        st.inspection.status === 'ready' &&
        st.inspection.source?.step === 3 &&
        models.getState().phase === 'ready',
    );
    expect(trained.inspection.inspection?.tokens).toHaveLength(4);
    expect(requests.filter((t) => t === 'inspect@training')).toEqual([]);
    expect(inspects() - before).toBe(2);
  });

  it('builds each special case once per shape and reports equality', async () => {
    const { models, runtime, probe, requests } = setup();
    runtime.start();
    await new Promise<void>((resolve) => {
      const stop = models.subscribe((s) => {
        if (s.backend) {
          stop();
          resolve();
        }
      });
    });
    const request = { stop: 'gqa', heads: 4, headDim: 8, kvHeads: 2, dModel: 16, seed: 1 } as const;
    probe.specialCase(request);
    probe.specialCase(request);
    const key = specialCaseKey(request);
    const s = await until(probe, (st) => st.specialCases[key]?.status === 'ready');
    const r = s.specialCases[key]!.result!;
    expect(r.ranks).toEqual({ rankQ: 4, rankK: 2, rankV: 2 });
    expect(r.maxError).toBeLessThan(1e-5);
    expect(r.maxOutput).toBeGreaterThan(0.01);
    expect(r.headFactors.A_K.shape).toEqual([4, 2]);
    expect(Array.from(r.headFactors.A_K.data)).toEqual([2, 0, 2, 0, 0, 2, 0, 2]);
    expect(requests.filter((t) => t === 'special-case')).toHaveLength(1);
  });
});
