/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { chunkReport } from './src/tools/chunk-report-plugin.ts';
import { offlinePlugin } from './src/tools/offline-plugin.ts';
import { CONTENT_SECURITY_POLICY_HEADER, securityPlugin } from './src/tools/security-plugin.ts';

// One config for the app, the build and every test project.
// - unit:       pure TypeScript and tfjs (cpu/wasm) in Node
// - components: React panels rendered in jsdom
// - e2e:        the built app in headless Chromium (playwright-core); see tests/e2e/setup.ts
// Cross-origin isolation, so that the model worker may run tfjs's wasm backend with threads
// (SharedArrayBuffer); a static host must send the same two headers (README, docs/backends.md).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), chunkReport(), securityPlugin(), offlinePlugin()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, headers: isolation },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER, ...isolation },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 3000,
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'components',
          include: ['tests/components/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['tests/components/setup.ts'],
          // above the 8 s of tests/components/setup.ts, so a waitFor that gives up reports its own error
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        // `npm run pretrain`: trains the default sweep on wasm and writes public/pretrained/ (long)
        extends: true,
        test: {
          name: 'pretrain',
          include: ['src/tools/pretrain.run.ts'],
          environment: 'node',
          testTimeout: 6 * 3600_000,
        },
      },
      {
        // `npm run recall-diagnosis`: one recall run with its accuracy and attention broken down (docs/recall-diagnosis.md)
        extends: true,
        test: {
          name: 'recall-diagnosis',
          include: ['src/tools/recall-diagnosis.run.ts'],
          environment: 'node',
          testTimeout: 6 * 3600_000,
        },
      },
      {
        // one child process of a parallel `npm run pretrain` (src/tools/pretrain-parallel.ts)
        extends: true,
        test: {
          name: 'pretrain-worker',
          include: ['src/tools/pretrain-worker.run.ts'],
          environment: 'node',
          testTimeout: 24 * 3600_000,
        },
      },
      {
        // `npm run bench`: measurements printed as ratios from one run; never part of `npm test`
        extends: true,
        test: {
          name: 'bench',
          include: ['tests/bench/**/*.bench.ts'],
          environment: 'node',
          globalSetup: ['tests/bench/global-setup.ts'],
          testTimeout: 900_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
