import type { TestProject } from 'vitest/node';
import { chromiumPath } from './chromium-path';
import { buildAndServe } from './serve-app';
import type { ServedApp } from './serve-app';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

let app: ServedApp | undefined;

/** Builds the app once, serves the build on a free port and hands its URL to every e2e test. */
export async function setup(project: TestProject): Promise<void> {
  chromiumPath(); // fail early, with the install hint, when Chromium is missing
  app = await buildAndServe();
  project.provide('baseURL', app.url);
}

export async function teardown(): Promise<void> {
  await app?.close();
}
