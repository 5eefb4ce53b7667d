/**
 * docs/quality-budgets.md states each budget's tokens and passes over the training text, and the corpus
 * build's candidate count: checked here against the protocols and public/data/corpus-meta.json.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EXTENDED_PROTOCOL,
  LONG_PROTOCOL,
  LONGEST_PROTOCOL,
  QUICK_PROTOCOL,
  SWEEP_PROTOCOLS,
} from '../../../src/sweep/protocol';
import type { TrainingProtocol } from '../../../src/sweep/protocol';

/** the page with runs of white space as one space (prettier pads tables and wraps lines) */
const doc = readFileSync('docs/quality-budgets.md', 'utf8').replace(/\s+/g, ' ');
const meta = JSON.parse(readFileSync('public/data/corpus-meta.json', 'utf8')) as {
  candidateSentences: number;
  train: { sentences: number; chars: number };
  valid: { sentences: number; chars: number };
};
const int = (x: number) => x.toLocaleString('en-US');

/** The table row's figures for a protocol: "3,200 × 16 × 64 | 3,276,800 | 8.63". */
function row(p: TrainingProtocol): string {
  const tokens = p.steps * p.batch * p.contextLength;
  return `${int(p.steps)} × ${p.batch} × ${p.contextLength} | ${int(tokens)} | ${(tokens / meta.train.chars).toFixed(2)}`;
}

describe('docs/quality-budgets.md', () => {
  it('gives every budget its tokens and passes over the training text as the protocols have them', () => {
    for (const p of [QUICK_PROTOCOL, SWEEP_PROTOCOLS.corpus, LONG_PROTOCOL, EXTENDED_PROTOCOL])
      expect(doc).toContain(row(p));
    expect(doc).toContain(row(LONGEST_PROTOCOL));
    expect(doc).toContain(`\`train.chars\`: ${int(meta.train.chars)}`);
  });

  it("states the curve's and the final's validation tokens of the long budget", () => {
    const p = LONG_PROTOCOL;
    expect(doc).toContain(
      `${p.curveEvalBatches} × ${p.batch} windows × ${p.contextLength} = ${int(p.curveEvalBatches * p.batch * p.contextLength)} tokens`,
    );
    const final = p.finalEvalBatches * p.finalEvalBatchSize * p.contextLength;
    expect(doc).toContain(
      `${p.finalEvalBatches} × ${p.finalEvalBatchSize} × ${p.contextLength} = ${int(final)} tokens, the whole ${int(meta.valid.chars)}-character validation text`,
    );
    expect(final).toBeGreaterThanOrEqual(meta.valid.chars);
  });

  it("states the corpus build's candidates against the sentences kept", () => {
    const kept = meta.train.sentences + meta.valid.sentences;
    expect(doc).toContain(
      `records ${int(meta.candidateSentences)} such candidate sentences against the ${int(kept)} kept`,
    );
    expect(doc).toContain(`about ${(meta.candidateSentences / kept).toFixed(1)} times as much text`);
  });
});
