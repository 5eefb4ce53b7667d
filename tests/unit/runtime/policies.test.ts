import { describe, expect, it } from 'vitest';
import { restartDecision } from '../../../src/runtime/restart-policy';
import {
  autoWithoutProbe,
  forcedOrder,
  forcedReason,
  pickFromProbes,
  pickThreads,
  probeCandidates,
  threadsReason,
} from '../../../workers/backend-choice';
import { parseCommand, parseWorkerEvent } from '../../../workers/protocol';
import {
  shouldCheckpoint,
  CHECKPOINT_INTERVAL_MS,
  CHECKPOINT_TIME_SHARE,
} from '../../../workers/checkpoints';
import { evalInterval } from '../../../src/training/eval-cadence';

const swiftshader = { vendor: 'google', architecture: 'swiftshader', description: '', isFallback: true };
const realGpu = { vendor: 'nvidia', architecture: 'ampere', description: 'RTX', isFallback: false };

describe('backend choice', () => {
  it('auto: a hardware adapter wins without a probe', () => {
    expect(autoWithoutProbe(realGpu)).toMatchObject({ probe: false, backend: 'webgpu' });
    expect(autoWithoutProbe(realGpu).reason).toMatch(/hardware WebGPU adapter.*nvidia ampere RTX/);
  });

  it('auto: a fallback adapter is raced against webgl and wasm; no adapter leaves webgl and wasm', () => {
    expect(autoWithoutProbe(swiftshader).probe).toBe(true);
    expect(autoWithoutProbe(swiftshader).reason).toBe(
      'Auto: the WebGPU adapter is a software fallback (google swiftshader), so it was raced against the others',
    );
    expect(probeCandidates(swiftshader)).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(probeCandidates(null)).toEqual(['webgl', 'wasm']);
  });

  it('the fastest probe wins and the reason lists every probe', () => {
    const pick = pickFromProbes('Auto: x', [
      { backend: 'webgpu', ms: 160, error: null },
      { backend: 'webgl', ms: 41.5, error: null },
      { backend: 'wasm', ms: 3.14, error: null },
    ]);
    expect(pick.backend).toBe('wasm');
    expect(pick.reason).toBe(
      'Auto: x on a short matmul probe: webgpu 160 ms, webgl 42 ms, wasm 3.1 ms. wasm was fastest.',
    );
  });

  it('failed probes do not win; all failed means cpu', () => {
    expect(
      pickFromProbes('A', [
        { backend: 'webgl', ms: null, error: 'no context' },
        { backend: 'wasm', ms: 9, error: null },
      ]).backend,
    ).toBe('wasm');
    const none = pickFromProbes('A', [{ backend: 'webgl', ms: null, error: 'no context' }]);
    expect(none.backend).toBe('cpu');
    expect(none.reason).toMatch(/webgl failed \(no context\)/);
  });

  it('a forced backend is tried first, then the rest in order, and a fallback is explained', () => {
    expect(forcedOrder('wasm')).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
    expect(forcedReason('wasm', 'wasm', [])).toBe('Chosen in the settings (?be=wasm).');
    expect(forcedReason('webgpu', 'webgl', [{ backend: 'webgpu', error: 'no WebGPU adapter' }])).toBe(
      'You chose webgpu, but it could not start (webgpu: no WebGPU adapter). Fell back to webgl.',
    );
  });
});

describe('wasm thread choice', () => {
  const probe = (threads: number, ms: number | null) => ({ threads, ms, error: ms === null ? 'boom' : null });

  it('threads run only when at least 10% faster than one thread', () => {
    expect(pickThreads([probe(1, 100), probe(2, 89)])).toBe(2);
    expect(pickThreads([probe(1, 100), probe(2, 90)])).toBe(2);
    expect(pickThreads([probe(1, 100), probe(2, 95)])).toBe(1);
    expect(pickThreads([probe(1, 100), probe(2, 300)])).toBe(1);
  });

  it('a failed configuration never wins', () => {
    expect(pickThreads([probe(1, 100), probe(2, null)])).toBe(1);
    expect(pickThreads([probe(1, null), probe(2, 120)])).toBe(2);
    expect(pickThreads([probe(1, null), probe(2, null)])).toBe(1);
  });

  const base = { available: true, cores: 2, wanted: 2, probes: [], count: 2 } as const;

  it('explains each case: not isolated, chosen in the link, one core, and the probe', () => {
    expect(threadsReason({ ...base, requested: 'auto', available: false, count: 1 })).toMatch(
      /^1 thread: the page is not cross-origin isolated.*Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp/,
    );
    expect(threadsReason({ ...base, requested: '2' })).toBe('2 threads, chosen in the settings (?th=2).');
    expect(threadsReason({ ...base, requested: '4', wanted: 4, count: 2 })).toBe(
      '4 threads, chosen in the settings (?th=4). tfjs started 2 threads.',
    );
    expect(threadsReason({ ...base, requested: 'auto', cores: 1, wanted: 1, count: 1 })).toBe(
      '1 thread: the browser reports a single core.',
    );
    expect(
      threadsReason({ ...base, requested: 'auto', probes: [probe(1, 137), probe(2, 371)], count: 1 }),
    ).toBe(
      'Auto: a short training probe (the default model, batch 8, median of 3 steps): 1 thread 137 ms, ' +
        '2 threads 371 ms; more threads were not at least 10% faster, so 1 thread runs.',
    );
    expect(threadsReason({ ...base, requested: 'auto', probes: [probe(1, 200), probe(2, 120)] })).toMatch(
      /1 thread 200 ms, 2 threads 120 ms; 2 threads were clearly faster, so they run\.$/,
    );
  });
});

describe('restart policy', () => {
  const base = {
    reason: 'uncaught-error' as const,
    earlier: [],
    now: 100_000,
    requested: 'auto' as const,
    running: 'wasm',
  };

  it('restarts with the same settings after a first crash', () => {
    expect(restartDecision(base)).toMatchObject({ restart: true, backend: 'auto' });
  });

  it('a lost GPU device, or a second crash on a GPU backend, restarts on wasm', () => {
    expect(restartDecision({ ...base, reason: 'device-lost', running: 'webgpu' })).toMatchObject({
      restart: true,
      backend: 'wasm',
    });
    expect(restartDecision({ ...base, running: 'webgl', earlier: [90_000] })).toMatchObject({
      restart: true,
      backend: 'wasm',
    });
    // old crashes do not count
    expect(restartDecision({ ...base, running: 'webgl', earlier: [10_000] })).toMatchObject({
      backend: 'auto',
    });
  });

  it('gives up after more than three crashes within a minute', () => {
    const d = restartDecision({ ...base, earlier: [50_000, 60_000, 70_000] });
    expect(d.restart).toBe(false);
    expect(d.message).toMatch(/4 times within a minute/);
  });
});

describe('protocol validation', () => {
  it('accepts well-formed commands and events', () => {
    expect(parseCommand({ type: 'cancel', id: 3, target: 2 })).toEqual({
      ok: true,
      value: { type: 'cancel', id: 3, target: 2 },
    });
    const ev = {
      type: 'progress',
      id: 1,
      data: { kind: 'token', index: 0, text: 'a', ms: 2, slid: false, cacheTokens: 4, layerBytes: [10, 10] },
    };
    expect(parseWorkerEvent(ev).ok).toBe(true);
  });

  it('rejects unknown types, missing fields, wrong ranges and NaN, naming the field', () => {
    expect(parseCommand({ type: 'explode', id: 1 }).ok).toBe(false);
    const bad = parseCommand({
      type: 'generate',
      id: 1,
      prompt: 'x',
      maxTokens: 0,
      temperature: 1,
      topK: 0,
      seed: 1,
    });
    expect(bad).toEqual({ ok: false, message: expect.stringMatching(/^maxTokens: /) });
    expect(parseCommand({ type: 'init', id: 1, backend: 'tpu', baseUrl: '/' }).ok).toBe(false);
    const nanLoss = {
      type: 'progress',
      id: 1,
      data: {
        kind: 'train-step',
        untilStep: 2,
        point: { step: 1, loss: NaN, valLoss: null, accuracy: null, lr: 1, gradNorm: 1, ms: 1, tokens: 1 },
      },
    };
    expect(parseWorkerEvent(nanLoss).ok).toBe(false);
    expect(parseWorkerEvent({ type: 'result', id: 1, data: { kind: 'ack' } }).ok).toBe(false);
  });

  it('checks a build shape’s attention per kind', () => {
    const shape = { dModel: 16, layers: 1, maxSeqLen: 16, attention: { kind: 'gqa', heads: 4, headDim: 4 } };
    expect(
      parseCommand({ type: 'build', id: 1, key: 'k', seed: 1, dataset: { kind: 'corpus' }, shape }).ok,
    ).toBe(false);
    shape.attention = { ...shape.attention, kvHeads: 2 } as typeof shape.attention;
    expect(
      parseCommand({ type: 'build', id: 1, key: 'k', seed: 1, dataset: { kind: 'corpus' }, shape }).ok,
    ).toBe(true);
  });
});

describe('worker timing policies', () => {
  it('checkpoints at most every few seconds, and only with new steps', () => {
    expect(shouldCheckpoint(CHECKPOINT_INTERVAL_MS, 0, 3)).toBe(true);
    expect(shouldCheckpoint(CHECKPOINT_INTERVAL_MS - 1, 0, 3)).toBe(false);
    expect(shouldCheckpoint(CHECKPOINT_INTERVAL_MS * 2, 0, 0)).toBe(false);
  });

  it('a model whose save took long saves less often: saving stays under its share of the time', () => {
    // a 100 ms save: the usual interval; a 1 s save (a large model): 1 / 0.05 = 20 s between saves
    expect(shouldCheckpoint(CHECKPOINT_INTERVAL_MS, 0, 3, 100)).toBe(true);
    expect(shouldCheckpoint(19_999, 0, 3, 1000)).toBe(false);
    expect(shouldCheckpoint(20_000, 0, 3, 1000)).toBe(true);
    expect(1000 / 20_000).toBe(CHECKPOINT_TIME_SHARE);
  });

  it('evaluates about 40 times a run, at most every 5 steps', () => {
    expect(evalInterval(20)).toBe(5);
    expect(evalInterval(500)).toBe(13);
  });
});
