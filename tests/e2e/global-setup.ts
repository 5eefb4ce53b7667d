import { build, preview } from 'vite';
import type { PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';
import { chromiumPath } from './chromium-path';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

let server: PreviewServer | undefined;

/** Builds the app once, serves the build on a free port and hands its URL to every e2e test. */
export async function setup(project: TestProject): Promise<void> {
  chromiumPath(); // fail early, with the install hint, when Chromium is missing
  await build({ logLevel: 'warn' });
  server = await preview({ preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  project.provide('baseURL', url);
}

export async function teardown(): Promise<void> {
  await server?.close();
}
