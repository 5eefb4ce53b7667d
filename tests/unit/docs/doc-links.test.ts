/**
 * Code comments cite the reference notes as `docs/<file>.md#<section>`: every such citation must name a
 * file that exists and a heading in it (GitHub's anchor of the heading: lower case, punctuation dropped,
 * spaces as hyphens), so a renamed section cannot leave comments pointing nowhere.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCANNED = ['src', 'components', 'workers', 'tests', 'README.md', 'docs'];
const CITATION = /docs\/([a-z0-9-]+\.md)#([a-z0-9-]+)/g;

function filesUnder(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

/** GitHub's anchor for a markdown heading's text. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(join('docs', file), 'utf8');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)));
}

describe('citations of docs/*.md sections', () => {
  it('GitHub anchors: lower case, punctuation dropped, spaces as hyphens', () => {
    expect(anchorOf("The app's decoding step today")).toBe('the-apps-decoding-step-today');
    expect(anchorOf('Building Q/K/V')).toBe('building-qkv');
    expect(anchorOf('Validation minus training loss')).toBe('validation-minus-training-loss');
  });

  it('every cited section exists', () => {
    const cited = new Map<string, Set<string>>();
    for (const path of SCANNED.flatMap(filesUnder)) {
      if (!/\.(ts|tsx|mjs|md|css)$/.test(path) || path.endsWith('doc-links.test.ts')) continue;
      for (const [, file, anchor] of readFileSync(path, 'utf8').matchAll(CITATION))
        cited.set(`docs/${file}#${anchor}`, (cited.get(`docs/${file}#${anchor}`) ?? new Set()).add(path));
    }
    expect(cited.size).toBeGreaterThan(20);
    const missing = [...cited].filter(([citation]) => {
      const [file, anchor] = citation.slice('docs/'.length).split('#') as [string, string];
      const docs = readdirSync('docs');
      return !docs.includes(file) || !anchorsOf(file).has(anchor);
    });
    expect(missing.map(([c, where]) => `${c} (cited in ${[...where].join(', ')})`)).toEqual([]);
  });
});
