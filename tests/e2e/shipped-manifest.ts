import { readFileSync } from 'node:fs';
import { parseManifest } from '../../src/sweep/manifest';
import type { Manifest } from '../../src/sweep/manifest';

/** Where `npm run pretrain` writes the precomputed sweep that the app serves. */
export const SHIPPED = 'public/pretrained';

/** The shipped manifest, read from disk and checked by the app's own parser. */
export function shippedManifest(): Manifest {
  const parsed = parseManifest(JSON.parse(readFileSync(`${SHIPPED}/manifest.json`, 'utf8')));
  if (!parsed.ok) throw new Error(`shipped manifest: ${parsed.message}`);
  return parsed.value;
}
