import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../src/sweep/manifest';
import { FIXTURE_RESULTS, fixtureManifest } from './fixtures';

const good = () => JSON.parse(JSON.stringify(fixtureManifest(FIXTURE_RESULTS))) as Record<string, unknown>;
const firstRun = (m: Record<string, unknown>) => (m.runs as Record<string, unknown>[])[0]!;

const expectRejected = (input: unknown, message: RegExp) => {
  const r = parseManifest(input);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.message).toMatch(message);
};

describe('parseManifest (untrusted JSON)', () => {
  it('accepts a well-formed manifest as is', () => {
    const input = good();
    const r = parseManifest(input);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(input);
  });

  it.each([
    ['not an object', 'manifest', /object/i],
    ['null', null, /object/i],
    ['an array', [], /^format:/],
  ])('rejects %s', (_name, input, message) => expectRejected(input, message));

  it('rejects another format or version', () => {
    expectRejected({ ...good(), format: 'something-else' }, /^format:/);
    expectRejected({ ...good(), version: 1 }, /^version:/);
  });

  it('rejects wrong types deep inside, naming the path', () => {
    const m = good();
    (firstRun(m).final as Record<string, unknown>).valLoss = '2.0';
    expectRejected(m, /^runs\.0\.final\.valLoss:/);
    const n = good();
    (firstRun(n).curve as { trainLoss: unknown[] }).trainLoss[3] = null;
    expectRejected(n, /^runs\.0\.curve\.trainLoss\.3:/);
  });

  it('rejects NaN, infinities and accuracies outside [0, 1] (JSON cannot hold NaN; a parser of JS objects can)', () => {
    const m = good();
    (firstRun(m).final as Record<string, unknown>).valLoss = Infinity;
    expectRejected(m, /valLoss/);
    const recall = good();
    const run = (recall.runs as Record<string, unknown>[]).find((r) => r.task === 'recall')!;
    (run.final as Record<string, unknown>).accuracy = 1.5;
    expectRejected(recall, /accuracy/);
  });

  it('rejects ids and checkpoint names that are not safe file names', () => {
    const m = good();
    firstRun(m).id = '../../etc/passwd';
    expectRejected(m, /^runs\.0\.id:/);
    const c = good();
    firstRun(c).checkpoint = {
      file: '../x.f16.bin',
      format: 'float16-le',
      bytes: 2,
      sha256: 'a'.repeat(64),
      tensors: [],
    };
    expectRejected(c, /checkpoint\.file/);
  });

  it('rejects a cache size that does not follow from the run’s shape', () => {
    const m = good();
    firstRun(m).kvBytesPerToken = 1000;
    expectRejected(m, /kvBytesPerToken 1000 does not follow from its shape \(2048\)/);
  });

  it('rejects a curve with the wrong number of steps, duplicate ids and unknown replicas', () => {
    const m = good();
    (firstRun(m).curve as { trainLoss: number[] }).trainLoss.pop();
    expectRejected(m, /9 training losses for 10 steps/);
    const d = good();
    (d.runs as unknown[]).push(firstRun(d));
    expectRejected(d, /id appears twice/);
    const r = good();
    r.replicas = [{ id: 'corpus-nothing', seed: 2, valLoss: 2, accuracy: null }];
    expectRejected(r, /replica of unknown run corpus-nothing/);
  });

  it('checks the quick section’s runs against the quick protocol, and only corpus runs belong there', () => {
    const m = good();
    const quick = m.quick as { runs: Record<string, unknown>[]; replicas: unknown[] };
    quick.runs[0]!.steps = 10;
    expectRejected(m, /^quick run corpus-mha-h4: 10 steps, its protocol says 4/);
    const r = good();
    (r.quick as { replicas: unknown[] }).replicas = [
      { id: 'recall-mha-h4', seed: 2, valLoss: 1, accuracy: null },
    ];
    expectRejected(r, /quick replica of unknown run recall-mha-h4/);
    const t = good();
    const run = (t.quick as { runs: Record<string, unknown>[] }).runs[0]!;
    run.task = 'recall';
    expectRejected(t, /quick runs are corpus runs/);
  });

  it('rejects a checkpoint whose byte count does not match its tensor table', () => {
    const m = good();
    const run = firstRun(m);
    run.parameters = 6;
    run.checkpoint = {
      file: 'corpus-mha-h4.f16.bin',
      format: 'float16-le',
      bytes: 10,
      sha256: 'a'.repeat(64),
      tensors: [{ name: 'wte', shape: [2, 3] }],
    };
    expectRejected(m, /checkpoint is 10 bytes, its table needs 12/);
  });
});
