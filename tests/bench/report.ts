import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Date.now() when `npm run bench` started (tests/bench/global-setup.ts) */
    benchStart: number;
    /** the whole suite's time budget, ms */
    benchBudgetMs: number;
    /** where each bench file leaves its rows of the targets table */
    benchResults: string;
    /** the built app, served once for every bench file */
    baseURL: string;
  }
}

export type Verdict = 'meets' | 'misses' | 'not measured';

/** One line of the targets table that `npm run bench` prints at its end. */
export interface TargetRow {
  target: string;
  /** the figure, with its unit, as measured in this run */
  measured: string;
  verdict: Verdict;
  note?: string;
}

export function verdictOf(meets: boolean | null): Verdict {
  if (meets === null) return 'not measured';
  return meets ? 'meets' : 'misses';
}

let recorded = 0;

/** Leaves this bench file's rows for the summary (several calls add up). */
export function recordTargets(bench: string, rows: readonly TargetRow[]): void {
  recorded += 1;
  const name = `${bench.replace(/[^\w.-]+/g, '_')}-${Date.now()}-${process.pid}-${recorded}.json`;
  const file = join(inject('benchResults'), name);
  writeFileSync(file, JSON.stringify({ bench, rows }));
}

/** Milliseconds left of the whole suite's budget (negative once it is spent). */
export function remainingMs(): number {
  return inject('benchStart') + inject('benchBudgetMs') - Date.now();
}

/** The rows every bench file recorded, as a markdown table. */
export function targetsTable(dir: string): string {
  const entries = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { bench: string; rows: TargetRow[] });
  const lines = ['| bench | target | measured | result |', '|---|---|---|---|'];
  for (const { bench, rows } of entries)
    for (const r of rows)
      lines.push(`| ${bench} | ${r.target} | ${r.measured}${r.note ? ` (${r.note})` : ''} | ${r.verdict} |`);
  return lines.join('\n');
}
