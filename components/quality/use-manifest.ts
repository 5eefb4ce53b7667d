import { useEffect, useState } from 'react';
import { MANIFEST_PATH, parseManifest } from '../../src/sweep/manifest';
import type { Manifest } from '../../src/sweep/manifest';

export type ManifestState =
  | { status: 'loading' }
  | { status: 'ready'; manifest: Manifest }
  | { status: 'error'; message: string };

/** Fetches JSON from a site path (relative to Vite's base URL). */
export type JsonLoader = (path: string) => Promise<unknown>;

const fetchSiteJson: JsonLoader = async (path) => {
  const response = await fetch(`${import.meta.env.BASE_URL}${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
};

/** The shipped manifest, fetched once and checked before use. */
export function useManifest(load: JsonLoader = fetchSiteJson): ManifestState {
  const [state, setState] = useState<ManifestState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    load(MANIFEST_PATH)
      .then((json) => {
        const parsed = parseManifest(json);
        if (!live) return;
        setState(
          parsed.ok
            ? { status: 'ready', manifest: parsed.value }
            : { status: 'error', message: `the precomputed results are malformed (${parsed.message})` },
        );
      })
      .catch((e: unknown) => {
        if (live) setState({ status: 'error', message: e instanceof Error ? e.message : String(e) });
      });
    return () => {
      live = false;
    };
  }, [load]);
  return state;
}
