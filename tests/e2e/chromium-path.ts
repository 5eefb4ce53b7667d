import { existsSync } from 'node:fs';

/**
 * Where the end-to-end tests find Chromium: $CHROMIUM_PATH if set, else Debian's /usr/bin/chromium
 * (`apt-get install -y chromium`; .ci/run installs it when missing).
 */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/lib/chromium/chromium'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new Error(
    'Chromium not found. Install it (Debian: `apt-get install -y chromium`) or set CHROMIUM_PATH to its binary.',
  );
}

/** Flags that work headless on this machine (see docs/backends.md#chromium-flags). */
export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
