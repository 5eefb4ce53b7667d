/**
 * docs/recall-diagnosis.md against the data it speaks of: its table of the manifest's runs holds exactly
 * the shipped recallDiagnosis section's runs with the figures the panel prints, and the summary's headline
 * figures are the section's. A retrained section fails here until the document says what the data say.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../src/sweep/manifest';
import {
  circuitOf,
  eliminationScore,
  inPlayShare,
  keyRuns,
  percent,
  percents,
  weight,
} from '../../../src/view-models/recall/diagnosis-runs';
import { formatInteger } from '../../../src/view-models/format';

const doc = readFileSync('docs/recall-diagnosis.md', 'utf8');
const parsed = parseManifest(JSON.parse(readFileSync('public/pretrained/manifest.json', 'utf8')));
if (!parsed.ok) throw new Error(parsed.message);
const section = parsed.value.recallDiagnosis;
if (!section) throw new Error('the shipped manifest has no recallDiagnosis section');

/** The rows of the table under "## The manifest's runs", as cells. */
function manifestTable(): string[][] {
  const start = doc.indexOf("## The manifest's runs");
  const end = doc.indexOf('\n## ', start + 1);
  expect(start).toBeGreaterThan(-1);
  return doc
    .slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('| '))
    .slice(2) // the header and its rule
    .map((l) =>
      l
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.trim()),
    );
}

describe('docs/recall-diagnosis.md', () => {
  const rows = manifestTable();

  it("tables every run of the shipped section once, and nothing else, with the panel's figures", () => {
    expect(rows.map((r) => r[0]).sort()).toEqual(section.runs.map((r) => r.label).sort());
    for (const run of section.runs) {
      const row = rows.find((r) => r[0] === run.label)!;
      const [, change, steps, lr, recall, byQuery, inPlay, prev, reads] = row;
      const share = inPlayShare(run);
      const circuit = circuitOf(run);
      expect({ change, steps, lr, recall, byQuery, inPlay, prev, reads }).toEqual({
        change: run.change,
        steps: formatInteger(run.steps),
        lr: run.learningRate.toExponential(0),
        recall: percent(run.final.accuracy),
        byQuery: percents(run.byQuery),
        inPlay: Number.isNaN(share) ? '–' : percent(share),
        prev: weight(circuit.previousToken),
        reads: weight(circuit.readsValue),
      });
    }
  });

  it("states the official run's plateau, the elimination score and the fix as the section has them", () => {
    const { official, fix } = keyRuns(section);
    const text = doc.replace(/\s+/g, ' ');
    expect(text).toContain(
      `Official TPA R=(4,2,2) ends at ${percent(official!.final.accuracy)}, answering the 1st to 4th query of a sequence ${percents(official!.byQuery).replace('%', '')}% of the time`,
    );
    expect(text).toContain(
      `scores ${percents(official!.elimination)} (${percent(eliminationScore(official!))})`,
    );
    const past = fix!.curve.find((p) => p.accuracy >= 0.95)!.step;
    expect(text).toContain(
      `recalls: ${percent(fix!.final.accuracy).replace('.0%', '%')}** (past 95% by step ${past})`,
    );
  });
});
