/**
 * The README's sentences that interpret the sweep, checked against the data they speak of: the numbers of
 * the recall paragraph against the shipped manifest, the long budget's description against the code that
 * trains it. A changed manifest or protocol fails here until the README says what the data say.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KIND_LABELS } from '../../../src/spec';
import { curveFlatness, FLAT_FRACTION, FLAT_TOLERANCE, stepsToFlat } from '../../../src/sweep/flatness';
import { parseManifest, seedSpreadOf } from '../../../src/sweep/manifest';
import type { ManifestRun } from '../../../src/sweep/manifest';
import { EXTENDED_PROTOCOL, LONG_PROTOCOL, LONGEST_PROTOCOL } from '../../../src/sweep/protocol';
import { recallBaselines } from '../../../src/sweep/recall-baselines';
import { longSweep, REPLICA_REQUESTS, REPLICA_SEEDS } from '../../../src/sweep/runs';

const readme = readFileSync('README.md', 'utf8').replace(/\s+/g, ' ');
const parsed = parseManifest(JSON.parse(readFileSync('public/pretrained/manifest.json', 'utf8')));
if (!parsed.ok) throw new Error(parsed.message);
const manifest = parsed.value;

const int = (s: string | undefined) => Number(s!.replace(/,/g, ''));

/** The README's match of `re`, or a failure that quotes what was looked for. */
function claim(re: RegExp): RegExpExecArray {
  const m = re.exec(readme);
  if (!m) throw new Error(`README no longer says ${re}`);
  return m;
}

describe('README: what recall shows', () => {
  const m = claim(
    /at d = (\d+) with (\d+) layers and h = (\d+), after ([\d,]+) steps × (\d+) sequences of (\d+) tokens: MHA, MQA and GQA pass (\d+)% by step ([\d,]+) and end at (\d+)% of ([\d,]+) answers, while MLA and every TPA run, R=\(4,4,4\) with a larger cache than MHA included, stay between (\d+)% and (\d+)%/,
  );
  const [, d, layers, heads, steps, batch, T, pass, byStep, end, answers, lo, hi] = m;
  const recall = manifest.runs.filter((r) => r.task === 'recall');
  const head = (kind: string) => recall.find((r) => r.kind === kind && r.matching.includes('head'))!;
  const accuracy = (r: ManifestRun) => r.final.accuracy ?? NaN;

  it('names the size and budget the recall runs were trained at', () => {
    for (const r of recall) {
      expect([r.config.dModel, r.config.layers, r.config.attention.heads]).toEqual([
        int(d),
        int(layers),
        int(heads),
      ]);
    }
    const p = manifest.protocols.recall;
    expect([p.steps, p.batch, p.contextLength]).toEqual([int(steps), int(batch), int(T)]);
  });

  it('MHA, MQA and GQA pass the stated accuracy by the stated step and end where it says', () => {
    const firstPass = ['mha', 'mqa', 'gqa'].map((kind) => {
      const run = head(kind);
      expect(accuracy(run)).toBeGreaterThanOrEqual(int(end) / 100);
      return run.curve.valid.find((v) => (v.accuracy ?? 0) >= int(pass) / 100)?.step ?? Infinity;
    });
    expect(Math.max(...firstPass)).toBe(int(byStep));
    // answers scored: final batches × rows × questions per sequence
    const p = manifest.protocols.recall;
    expect(p.finalEvalBatches * p.finalEvalBatchSize * recallBaselines(p.contextLength).numQueries).toBe(
      int(answers),
    );
  });

  it('MLA and every TPA run stay inside the stated range, R=(4,4,4) with more cache than MHA', () => {
    const rest = recall.filter((r) => ['mla', 'tpa', 'tpa-kvonly'].includes(r.kind));
    expect(rest.length).toBeGreaterThan(0);
    for (const r of rest) {
      expect(accuracy(r)).toBeGreaterThanOrEqual(int(lo) / 100);
      expect(accuracy(r)).toBeLessThanOrEqual(int(hi) / 100);
    }
    const big = recall.find((r) => r.id === 'recall-tpa-h4-r4-4-4')!;
    expect(big.kvBytesPerToken).toBeGreaterThan(head('mha').kvBytesPerToken);
  });
});

describe('README: the long budget', () => {
  const m = claim(
    /trains the head-matched corpus runs of (.+?) at ([\d,]+) steps × (\d+) windows of (\d+) characters \(about (\d+)× the full budget's tokens.*?\), and (.+?) again with seeds (\d+) and (\d+)/,
  );
  const [, runs, steps, batch, T, times, replicas, seedA, seedB] = m;

  it('lists the runs of the long sweep, its protocol and its size against the full budget', () => {
    for (const run of longSweep()) {
      const a = run.shape.attention;
      expect(runs).toContain(a.kind === 'tpa' ? `(${a.rankQ},${a.rankK},${a.rankV})` : KIND_LABELS[a.kind]);
    }
    expect([LONG_PROTOCOL.steps, LONG_PROTOCOL.batch, LONG_PROTOCOL.contextLength]).toEqual([
      int(steps),
      int(batch),
      int(T),
    ]);
    const full = manifest.protocols.corpus;
    const tokens = (p: typeof full) => p.steps * p.batch * p.contextLength;
    expect(Math.round(tokens(LONG_PROTOCOL) / tokens(full))).toBe(int(times));
  });

  it('names the replicas and the flatness criterion as the code has them', () => {
    for (const r of REPLICA_REQUESTS) expect(replicas).toContain(KIND_LABELS[r.kind]);
    expect(REPLICA_SEEDS).toEqual([int(seedA), int(seedB)]);
    expect(readme).toContain(
      `a curve counts as flat when its last ${FLAT_FRACTION * 100}% of steps improve validation loss by under ${FLAT_TOLERANCE * 100}%`,
    );
    // past its best: a flat curve that ends more than the same tolerance above its lowest point
    expect(readme.replace(/\s+/g, ' ')).toContain(
      `ends more than ${FLAT_TOLERANCE * 100}% above its lowest point`,
    );
  });
});

describe('README: why TPA fails recall here', () => {
  const section = manifest.recallDiagnosis!;
  const byId = (id: string) => {
    const run = section.runs.find((r) => r.id === id);
    if (!run) throw new Error(`the recall diagnosis has no run ${id}`);
    return run;
  };
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

  it('counts the runs and quotes the official run, the elimination score and the control', () => {
    const m = claim(/trains (\d+) labelled runs into the manifest's `recallDiagnosis` section/);
    expect(int(m[1])).toBe(section.runs.length);
    const official = section.runs.find((r) => r.role === 'official')!;
    const elimination = official.elimination.reduce((a, b) => a + b, 0) / official.elimination.length;
    expect(readme).toContain(
      `Official TPA R=(4,2,2) ends at ${pct(official.final.accuracy)}, the score of *elimination*`,
    );
    expect(readme).toContain(`but not which key a value belongs to: ${pct(elimination)} on the same answers`);
    expect(readme).toContain(
      `MHA shrunk to that spread fails too: ${pct(byId('mha-tpa-init').final.accuracy)}`,
    );
  });

  it('the fix recalls, each change alone does not, and the other changes are quoted as trained', () => {
    const fix = section.runs.find((r) => r.role === 'fix')!;
    expect(fix.final.accuracy).toBe(1);
    expect(readme).toContain(
      `either change alone does not (${pct(byId('tpa-matched-init').final.accuracy)} and ${pct(byId('tpa-constant-ak').final.accuracy)})`,
    );
    const quoted: [string, string][] = [
      ['tpa-lr-1e-4', 'the learning rate (1e-4: '],
      ['tpa-3000-steps', 'twice the steps ('],
      ['tpa-3-layers', 'a third layer ('],
      ['tpa-rank-scale-sqrt', '1/R scale (1/√R: '],
      ['tpa-qk-norm', 'QK normalisation ('],
      ['tpa-no-rope', 'RoPE (none: '],
    ];
    for (const [id, words] of quoted) {
      const run = byId(id);
      expect(run.final.accuracy).toBeLessThan(0.95);
      expect(readme).toContain(`${words}${pct(run.final.accuracy)})`);
    }
  });
});

describe('README: what the long budget shows', () => {
  const long = manifest.long!;
  const f3 = (x: number) => x.toFixed(3);
  const run = (label: string) => {
    const r = long.runs.find((x) => x.label.startsWith(label));
    if (!r) throw new Error(`the long section has no run ${label}`);
    return r;
  };
  const seedRange = (id: string) => {
    const first = long.runs.find((r) => r.id === id)!.final.valLoss;
    const all = [first, ...long.replicas.filter((r) => r.id === id).map((r) => r.valLoss)];
    return `${f3(Math.min(...all))}–${f3(Math.max(...all))}`;
  };

  it('counts the runs, their summed training time and the checkpoints it ships', () => {
    const m = claim(/\((`PRETRAIN_PART=long PRETRAIN_JOBS=2 npm run pretrain`), (\d+) runs in 2 processes/);
    expect(int(m[2])).toBe(long.runs.length + long.replicas.length);
    expect(readme).toContain(`${Math.round(long.wallMs / 60000)} minutes of training summed over the runs`);
    for (const r of long.runs) expect(r.checkpoint).toBeNull();
  });

  it('quotes every final loss, the seed ranges and the gaps as the manifest has them', () => {
    const mha = run('MHA');
    expect(readme).toContain(
      `final validation loss MHA ${f3(mha.final.valLoss)} (seeds 1–3: ${seedRange(mha.id)})`,
    );
    for (const label of ['GQA', 'MLA', 'TPA R=(4,4,4)', 'TPA-KVonly', 'TPA R=(1,1,1)'])
      expect(readme).toContain(`${label.replace(/ G=\d/, '')} ${f3(run(label).final.valLoss)}`);
    const tpa = run('TPA R=(4,2,2)');
    expect(readme).toContain(`TPA R=(4,2,2) ${f3(tpa.final.valLoss)} (seeds 1–3: ${seedRange(tpa.id)})`);
    const full = (id: string) => manifest.runs.find((r) => r.id === id)!.final.valLoss;
    const gap = (id: string) => [
      full(id) - full(mha.id),
      long.runs.find((r) => r.id === id)!.final.valLoss - mha.final.valLoss,
    ];
    const [tpaFull, tpaLong] = gap(tpa.id);
    expect(readme).toContain(`narrows from ${f3(tpaFull!)} at the full budget to ${f3(tpaLong!)} here`);
    const [bigFull, bigLong] = gap(run('TPA R=(4,4,4)').id);
    expect(readme).toContain(`that of R=(4,4,4) from ${f3(bigFull!)} to ${f3(bigLong!)}`);
  });

  it('says whether the runs meet the flatness criterion, with the range of their last-fifth improvements', () => {
    const figures = long.runs.map((r) => curveFlatness(r.curve.valid, r.steps)!);
    const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
    const improvements = figures.map((f) => f.improvement);
    expect(figures.some((f) => f.flat)).toBe(false);
    expect(readme).toContain('**No run meets the flatness criterion**');
    expect(readme).toContain(
      `improved validation loss by ${pct(Math.min(...improvements))}–${pct(Math.max(...improvements))}`,
    );
  });
});

describe('README: what the extended budget shows', () => {
  const long = manifest.long!;
  const extended = manifest.extended!;
  const f3 = (x: number) => x.toFixed(3);
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  const MHA = 'corpus-mha-h4';
  const TPA = 'corpus-tpa-h4-r4-2-2';
  const at = (runs: readonly ManifestRun[], id: string) => runs.find((r) => r.id === id)!;
  const flatness = (r: ManifestRun) => curveFlatness(r.curve.valid, r.steps)!;
  /** two significant figures, as the panel rounds an extrapolated step count */
  const rounded = (x: number) => {
    const p = 10 ** Math.max(0, Math.floor(Math.log10(x)) - 1);
    return (Math.round(x / p) * p).toLocaleString('en-US');
  };

  it('names its runs, protocol and training time as trained', () => {
    expect(extended.runs.map((r) => r.id)).toEqual([MHA, TPA]);
    expect(extended.protocol.steps).toBe(EXTENDED_PROTOCOL.steps);
    expect(EXTENDED_PROTOCOL.steps / LONG_PROTOCOL.steps).toBe(2);
    expect(readme).toContain(
      `trains MHA and TPA R=(4,2,2) (seed 1) once more at ${EXTENDED_PROTOCOL.steps.toLocaleString('en-US')} steps, twice the long budget`,
    );
    expect(readme).toContain(
      `${Math.round(extended.wallMs / 60000)} minutes of training summed over the runs`,
    );
  });

  it('quotes the finals, the gap at three budgets and the seed spread', () => {
    const mha = at(extended.runs, MHA).final.valLoss;
    const tpa = at(extended.runs, TPA).final.valLoss;
    const gap = (runs: readonly ManifestRun[]) => at(runs, TPA).final.valLoss - at(runs, MHA).final.valLoss;
    expect(readme).toContain(`Final validation loss MHA ${f3(mha)}, TPA R=(4,2,2) ${f3(tpa)}`);
    expect(readme).toContain(
      `the gap is ${f3(gap(extended.runs))} (${f3(gap(manifest.runs))} at the full budget, ${f3(gap(long.runs))} at the long one)`,
    );
    const spread = seedSpreadOf(long.runs, long.replicas)!;
    expect(gap(extended.runs)).toBeGreaterThan(spread);
    expect(readme).toContain(`still larger than the long budget's seed-to-seed spread (${f3(spread)})`);
  });

  it('states each flatness figure, who meets the criterion, and the extrapolated steps', () => {
    const mha = flatness(at(extended.runs, MHA));
    const tpa = flatness(at(extended.runs, TPA));
    const tpaLong = flatness(at(long.runs, TPA));
    expect(mha.flat).toBe(true);
    expect(tpa.flat).toBe(false);
    expect(readme).toContain(
      `MHA now improves by ${pct(mha.improvement)} and **meets the flatness criterion**`,
    );
    expect(readme).toContain(
      `TPA R=(4,2,2) improves by ${pct(tpa.improvement)} (${pct(tpaLong.improvement)} at the long budget)`,
    );
    const shorter = { steps: tpaLong.to.step, improvement: tpaLong.improvement };
    const longer = { steps: tpa.to.step, improvement: tpa.improvement };
    expect(readme).toContain(
      `TPA R=(4,2,2) meets the criterion at about ${rounded(stepsToFlat(shorter, longer)!)} steps`,
    );
    // the slowest long run, following TPA R=(4,2,2)'s trend from its own long-budget figure
    const figures = long.runs.map((r) => ({ run: r, f: flatness(r) }));
    const slowest = figures.reduce((a, b) => (b.f.improvement > a.f.improvement ? b : a));
    expect(slowest.run.label).toBe('TPA R=(1,1,1)');
    const beta = Math.log(tpaLong.improvement / tpa.improvement) / Math.log(2);
    const needed = LONG_PROTOCOL.steps * (slowest.f.improvement / FLAT_TOLERANCE) ** (1 / beta);
    expect(readme).toContain(
      `TPA R=(1,1,1), the slowest at ${pct(slowest.f.improvement)}, would need about ${rounded(needed)} steps`,
    );
    expect(Math.round(needed / LONG_PROTOCOL.steps)).toBe(3);
    expect(readme).toContain('a long budget of about three times today');
    // three times the long section's summed training, in hours, and over 2 processes
    const hours = (3 * long.wallMs) / 3_600_000;
    expect(readme).toContain(
      `(${Math.round(long.wallMs / 60000)} minutes summed for its ${long.runs.length + long.replicas.length} runs) is about ${Math.round(hours)} hours of training, ${Math.round(hours / 2)} hours in 2`,
    );
  });
});

describe('README: what the longest budget shows', () => {
  const longest = manifest.longest!;
  const long = manifest.long!;
  const f3 = (x: number) => x.toFixed(3);
  const pct = (x: number) => `${x < 0 ? '−' : '+'}${(100 * Math.abs(x)).toFixed(2)}%`;
  const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
  const MHA = 'corpus-mha-h4';
  const TPA = 'corpus-tpa-h4-r4-2-2';
  const at = (runs: readonly ManifestRun[], id: string) => runs.find((r) => r.id === id)!;
  const flatness = (r: ManifestRun) => curveFlatness(r.curve.valid, r.steps)!;
  const seeds = (section: NonNullable<typeof long>, id: string) => [
    at(section.runs, id).final.valLoss,
    ...section.replicas.filter((r) => r.id === id).map((r) => r.valLoss),
  ];
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const range = (xs: readonly number[]) => `${f3(Math.min(...xs))}–${f3(Math.max(...xs))}`;
  /** the README's short name of a run: GQA's label without its group count */
  const name = (r: ManifestRun) => r.label.replace(/ G=\d/, '');

  it('is the long budget four times as long, with its runs and seeds, and says how long it took', () => {
    expect(longest.protocol).toEqual(LONGEST_PROTOCOL);
    expect(longest.runs.map((r) => r.id)).toEqual(long.runs.map((r) => r.id));
    expect(longest.replicas.map((r) => [r.id, r.seed])).toEqual(long.replicas.map((r) => [r.id, r.seed]));
    const minutes = longest.runs.map((r) => r.wallMs / 60000);
    expect(readme).toContain(
      `The shipped section holds ${longest.runs.length} runs and ${longest.replicas.length} seed replicas, ${Math.round(longest.wallMs / 60000)} minutes of training summed over them (${Math.round(Math.min(...minutes))} to ${Math.round(Math.max(...minutes))} minutes a run`,
    );
    // in 2 processes: half the summed training time
    expect(readme).toContain(`about ${(longest.wallMs / 3_600_000 / 2).toFixed(1)} hours of wall time`);
    for (const r of longest.runs) expect(r.checkpoint).toBeNull();
  });

  it('quotes every final, the seed ranges and the seed-mean gap at the long and longest budgets', () => {
    const finals = longest.runs
      .map((r) => {
        const own = `${name(r)} ${f3(r.final.valLoss)}`;
        return longest.replicas.some((x) => x.id === r.id)
          ? `${own} (seeds 1–3: ${range(seeds(longest, r.id))})`
          : own;
      })
      .join(', ');
    expect(readme).toContain(`Final validation loss: ${finals}`);
    const gap = (section: NonNullable<typeof long>) => mean(seeds(section, TPA)) - mean(seeds(section, MHA));
    expect(readme).toContain(
      `Averaged over the three seeds, TPA R=(4,2,2) minus MHA is ${signed(gap(longest))} here (${signed(gap(long))} at the long budget, ${signed(gap({ runs: manifest.runs, replicas: manifest.replicas } as NonNullable<typeof long>))} at the full one)`,
    );
    const spread = seedSpreadOf(longest.runs, longest.replicas)!;
    expect(readme).toContain(`the largest seed-to-seed spread of a final here is ${f3(spread)}`);
  });

  it('states which way each curve is flat, with the range of last-fifth changes', () => {
    const figures = longest.runs.map((r) => ({ r, f: flatness(r) }));
    const flat = figures.filter(({ f }) => f.flat);
    const names = (state: string) => figures.filter(({ f }) => f.state === state).map(({ r }) => name(r));
    const changes = figures.map(({ f }) => -f.improvement);
    expect(readme).toContain(
      `**${flat.length} of the ${figures.length} runs meet the flatness criterion**: over its last fifth validation loss changed by ${pct(Math.min(...changes))} to ${pct(Math.max(...changes))}`,
    );
    expect(readme).toContain(`past their best: ${names('past-best').join(', ')};`);
    expect(readme).toContain(`levelled off: ${names('levelled').join(', ')};`);
    // the one still improving has the smallest cache
    const improving = figures.filter(({ f }) => f.state === 'improving').map(({ r }) => r);
    expect(improving.map(name)).toEqual(['TPA R=(1,1,1)']);
    const smallest = Math.min(...longest.runs.map((r) => r.kvBytesPerToken));
    expect(improving[0]!.kvBytesPerToken).toBe(smallest);
    expect(readme).toContain(
      `still improving: TPA R=(1,1,1), the smallest cache (${smallest} bytes a token against MHA's ${at(longest.runs, MHA).kvBytesPerToken.toLocaleString('en-US')})`,
    );
  });

  it('says every kind but the smallest TPA ends within one seed spread of MHA', () => {
    const spread = seedSpreadOf(longest.runs, longest.replicas)!;
    const mhaMean = mean(seeds(longest, MHA));
    const mhaLowest = flatness(at(longest.runs, MHA)).lowest.loss;
    for (const r of longest.runs.filter((x) => x.id !== MHA)) {
      const within =
        Math.abs(r.final.valLoss - mhaMean) < spread &&
        Math.abs(flatness(r).lowest.loss - mhaLowest) < spread;
      expect(within).toBe(r.label !== 'TPA R=(1,1,1)');
    }
    expect(readme).toContain(
      "every kind but the smallest TPA ends within one seed-to-seed spread of MHA (its final against MHA's seed mean, its lowest point against MHA's)",
    );
  });

  it("quotes each run's lowest point and its gap to MHA's lowest", () => {
    const mha = flatness(at(longest.runs, MHA)).lowest;
    const each = longest.runs
      .map((r) => {
        const low = flatness(r).lowest;
        const own = `${name(r)} ${f3(low.loss)} at step ${low.step.toLocaleString('en-US')}`;
        return r.id === MHA ? own : `${own} (${signed(low.loss - mha.loss)})`;
      })
      .join('; ');
    expect(readme).toContain(each);
  });

  it('quotes validation minus training loss at its end', () => {
    const diffs = longest.runs.map((r) => r.final.valLoss - r.final.trainLoss);
    expect(readme).toContain(
      `validation minus training loss at its end is ${signed(Math.min(...diffs))} to ${signed(Math.max(...diffs))}`,
    );
    const most = longest.runs.reduce((a, b) =>
      b.final.valLoss - b.final.trainLoss > a.final.valLoss - a.final.trainLoss ? b : a,
    );
    expect(readme).toContain(`(${name(most)} the most)`);
  });
});

describe('README: what the long budgets measure besides convergence', () => {
  const meta = JSON.parse(readFileSync('public/data/corpus-meta.json', 'utf8')) as {
    train: { chars: number };
  };
  const tokens = (p: { steps: number; batch: number; contextLength: number }) =>
    p.steps * p.batch * p.contextLength;
  const diff = (r: ManifestRun) => r.final.valLoss - r.final.trainLoss;
  const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
  const corpus = (runs: readonly ManifestRun[]) => runs.filter((r) => r.task === 'corpus');
  const range = (runs: readonly ManifestRun[]) =>
    `${signed(Math.min(...corpus(runs).map(diff)))} to ${signed(Math.max(...corpus(runs).map(diff)))}`;
  const long = manifest.long!;
  const extended = manifest.extended!;
  const at = (runs: readonly ManifestRun[], id: string) => runs.find((r) => r.id === id)!;

  it('counts the passes over the training text', () => {
    expect(readme).toContain(
      `The long budget is ${(tokens(long.protocol) / meta.train.chars).toFixed(1)} passes over the corpus's ${meta.train.chars.toLocaleString('en-US')}-character training text and the extended one ${Math.round(tokens(extended.protocol) / meta.train.chars)}`,
    );
  });

  it('quotes validation minus training loss at each budget as the manifest has it', () => {
    const mha = 'corpus-mha-h4';
    const tpa = 'corpus-tpa-h4-r4-2-2';
    expect(readme).toContain(`is ${range(manifest.runs)} at the full budget`);
    expect(readme).toContain(
      `${range(long.runs)} at the long one (MHA ${signed(diff(at(long.runs, mha)))}, TPA R=(4,2,2) ${signed(diff(at(long.runs, tpa)))})`,
    );
    expect(readme).toContain(
      `MHA ${signed(diff(at(extended.runs, mha)))}, TPA R=(4,2,2) ${signed(diff(at(extended.runs, tpa)))} at the extended one`,
    );
    expect(diff(at(extended.runs, mha))).toBeGreaterThan(diff(at(extended.runs, tpa)));
  });
});
