// The bundled corpus: public/data/corpus-{train,valid}.txt and corpus-meta.json, written by
// src/tools/build-corpus.mjs (npm run corpus) from the MIT-licensed npm package nlp-corpus.

/** Paths of the corpus files, relative to the site's base URL (Vite's `import.meta.env.BASE_URL`). */
export const CORPUS_FILES = {
  meta: 'data/corpus-meta.json',
  train: 'data/corpus-train.txt',
  valid: 'data/corpus-valid.txt',
} as const;

export interface CorpusSplitMeta {
  readonly file: string;
  readonly sentences: number;
  readonly chars: number;
  readonly sha256: string;
}

export interface CorpusMeta {
  readonly source: { readonly package: string; readonly version: string; readonly license: string };
  readonly train: CorpusSplitMeta;
  readonly valid: CorpusSplitMeta;
  /** Every character of both files (including '\n'), sorted by code point: a CharTokenizer vocabulary. */
  readonly vocabulary: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function field<T>(
  obj: Record<string, unknown>,
  key: string,
  check: (v: unknown) => v is T,
  where: string,
): T {
  const value = obj[key];
  if (!check(value)) throw new Error(`corpus-meta.json: ${where}${key} is missing or has the wrong type`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

function parseSplit(value: unknown, name: string): CorpusSplitMeta {
  if (!isRecord(value)) throw new Error(`corpus-meta.json: ${name} is missing`);
  const where = `${name}.`;
  return {
    file: field(value, 'file', isString, where),
    sentences: field(value, 'sentences', isCount, where),
    chars: field(value, 'chars', isCount, where),
    sha256: field(value, 'sha256', isString, where),
  };
}

/** Checks the parsed JSON of corpus-meta.json and returns it typed; throws a readable error otherwise. */
export function parseCorpusMeta(json: unknown): CorpusMeta {
  if (!isRecord(json) || !isRecord(json.source))
    throw new Error('corpus-meta.json: not a corpus description');
  const source = json.source;
  return {
    source: {
      package: field(source, 'package', isString, 'source.'),
      version: field(source, 'version', isString, 'source.'),
      license: field(source, 'license', isString, 'source.'),
    },
    train: parseSplit(json.train, 'train'),
    valid: parseSplit(json.valid, 'valid'),
    vocabulary: field(json, 'vocabulary', isString, ''),
  };
}
