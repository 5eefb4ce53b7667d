import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildAndServe } from '../e2e/serve-app';
import type { ServedApp } from '../e2e/serve-app';
import { targetsTable } from './report';

/** `npm run bench` must finish within 15 minutes on the project's 2-core machine; benches trim to this. */
const BUDGET_MS = 14 * 60_000;

let app: ServedApp | undefined;
let results: string | undefined;
let start = 0;

/** Builds and serves the app once for every bench file, and starts the clock of the suite's budget. */
export async function setup(project: TestProject): Promise<void> {
  start = Date.now();
  results = mkdtempSync(join(tmpdir(), 't6-bench-'));
  project.provide('benchStart', start);
  project.provide('benchBudgetMs', BUDGET_MS);
  project.provide('benchResults', results);
  app = await buildAndServe();
  project.provide('baseURL', app.url);
}

/** Prints every bench's targets against this run's figures. */
export async function teardown(): Promise<void> {
  await app?.close();
  if (!results) return;
  const minutes = ((Date.now() - start) / 60_000).toFixed(1);
  console.log(`\nTargets (npm run bench, this run, ${minutes} min of a ${BUDGET_MS / 60_000} min budget):\n`);
  console.log(targetsTable(results));
  rmSync(results, { recursive: true, force: true });
}
