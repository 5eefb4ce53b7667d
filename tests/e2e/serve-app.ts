import { build, preview } from 'vite';

export interface ServedApp {
  url: string;
  close: () => Promise<void>;
}

/** Builds the app (`vite build`) and serves dist/ with `vite preview` on a free local port. */
export async function buildAndServe(): Promise<ServedApp> {
  // vitest sets NODE_ENV=test, which would make Vite bundle React's development build; test what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const server = await preview({
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return { url, close: () => server.close() };
}
