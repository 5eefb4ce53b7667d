// Builds the bundled training corpus from the MIT-licensed npm package `nlp-corpus`:
// a compact, clean, family-friendly subset of its English sentences, one per line.
//
//   node src/tools/build-corpus.mjs [outputDir]     (default: public/data; `npm run corpus`)
//
// Writes corpus-train.txt, corpus-valid.txt and corpus-meta.json. Deterministic: no clock, no
// randomness, no locale-dependent calls; running it twice gives byte-identical files.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PACKAGE_DIR = join(ROOT, 'node_modules', 'nlp-corpus');
const BLOCKLIST_FILE = join(ROOT, 'src', 'data', 'corpus-blocklist.json');

const TARGET_CHARS = 400_000; // total characters kept (train + valid, newlines included)
const VALID_EVERY = 20; // every 20th kept sentence (after the shuffle) is held out: a 95/5 split
const SHUFFLE_SEED = 't6-playground-corpus-v1';
const MIN_CHARS = 30;
const MAX_CHARS = 200;
const MIN_WORDS = 6;

// Characters a kept sentence may contain: a small vocabulary suits a character-level model.
const ALLOWED = /^[A-Za-z0-9 .,;:!?'"()-]+$/;
// Markers of text that is not running prose: SMS shorthand, lyrics slang, UN/legal boilerplate.
const NOT_PROSE_WORDS = new Set(
  (
    'u ur r n im ive dont cant wont thats lol lor lah leh liao dun den nvr la tt wat juz tmr pls plz ard haha hehe ' +
    'gonna wanna gotta ya yo y yeah ok okay hey oh ooh baby cuz coz ain resolution resolutions ' +
    'paragraph paragraphs subparagraph committee hereby delegation delegations pursuant ' +
    'hereinafter annex agenda rapporteur session'
  ).split(' '),
);

/** Straight quotes, ASCII dashes and spaces, no diacritics; whitespace collapsed. */
export function normalise(text) {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/\s*[\u2013\u2014\u2015\u2212]\s*/g, ' - ')
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .trim();
}

export function loadBlocklist(file = BLOCKLIST_FILE) {
  const { words, prefixes } = JSON.parse(readFileSync(file, 'utf8'));
  return { words: new Set(words), prefixes };
}

/** Lower-cased words of a sentence: runs of letters ("don't" is "don" and "t"). */
export function wordsOf(sentence) {
  return sentence.toLowerCase().match(/[a-z]+/g) ?? [];
}

export function isBlocked(sentence, blocklist) {
  return wordsOf(sentence).some(
    (w) => blocklist.words.has(w) || blocklist.prefixes.some((p) => w.startsWith(p)),
  );
}

/** Heuristics for a clean sentence of running prose (the sources are mixed and shuffled). */
export function looksLikeProse(s) {
  if (s.length < MIN_CHARS || s.length > MAX_CHARS || !ALLOWED.test(s)) return false;
  if (!/^[A-Z]/.test(s) || !/[a-z0-9][.!?]"?$/.test(s)) return false; // a whole sentence, not a fragment
  if (/[A-Z]{4,}/.test(s) || /\d{5,}|\d[.:]\d|\(\w?\)/.test(s)) return false; // shouting, codes, list items
  if ((s.match(/\d/g) ?? []).length > 4 || /[.,;:!?][A-Za-z0-9]|\s[.,;:!?]/.test(s)) return false; // sloppy spacing
  if (
    (s.match(/"/g) ?? []).length % 2 !== 0 ||
    (s.match(/\(/g) ?? []).length !== (s.match(/\)/g) ?? []).length
  ) {
    return false; // a quote or bracket opened in another sentence
  }
  if (/[a-z]in'(\s|[.,!?]|$)|!!|\?\?|\.\.\./.test(s)) return false; // lyrics slang, emphasis, trailing off
  if (/^(What|Why|How)\b.*\?$/.test(s)) return false; // riddle-style jokes, often crude
  const words = wordsOf(s);
  if (words.length < MIN_WORDS || words.some((w) => NOT_PROSE_WORDS.has(w))) return false;
  return true;
}

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Sentences of every build file, in file-number order. */
export function readSources(dir = join(PACKAGE_DIR, 'builds')) {
  const files = readdirSync(dir)
    .filter((f) => /^doc-\d+\.json$/.test(f))
    .sort((a, b) => Number(a.slice(4, -5)) - Number(b.slice(4, -5)));
  return files.flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
}

/** The kept sentences, in a fixed shuffled order, split into train and valid. */
export function selectSentences(sentences, blocklist) {
  const seen = new Set();
  const kept = [];
  for (const raw of sentences) {
    if (typeof raw !== 'string') continue;
    const s = normalise(raw);
    const key = s.toLowerCase();
    if (seen.has(key) || !looksLikeProse(s) || isBlocked(s, blocklist)) continue;
    seen.add(key);
    kept.push(s);
  }
  // Seeded shuffle: order by a hash of seed + sentence (independent of input order).
  const ranked = kept.map((s) => ({ s, rank: sha256(SHUFFLE_SEED + '\n' + s) }));
  ranked.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  const train = [];
  const valid = [];
  let chars = 0;
  for (const [i, { s }] of ranked.entries()) {
    if (chars + s.length + 1 > TARGET_CHARS) break;
    chars += s.length + 1;
    (i % VALID_EVERY === VALID_EVERY - 1 ? valid : train).push(s);
  }
  return { candidates: kept.length, train, valid };
}

/** Sorted characters of the texts, by code point. */
export function vocabularyOf(...texts) {
  return [...new Set(texts.join(''))].sort((a, b) => a.codePointAt(0) - b.codePointAt(0)).join('');
}

export function buildCorpus(outDir) {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
  const sources = readSources();
  const { candidates, train, valid } = selectSentences(sources, loadBlocklist());
  const trainText = train.join('\n') + '\n';
  const validText = valid.join('\n') + '\n';
  const meta = {
    source: {
      package: pkg.name,
      version: pkg.version,
      license: pkg.license,
      author: pkg.author,
      repository: 'https://github.com/nlp-compromise/nlp-corpus',
    },
    builtBy: 'src/tools/build-corpus.mjs',
    format: 'UTF-8 (printable ASCII only), one sentence per line, each line ends with \\n',
    sourceSentences: sources.length,
    candidateSentences: candidates,
    train: {
      file: 'corpus-train.txt',
      sentences: train.length,
      chars: trainText.length,
      sha256: sha256(trainText),
    },
    valid: {
      file: 'corpus-valid.txt',
      sentences: valid.length,
      chars: validText.length,
      sha256: sha256(validText),
    },
    vocabulary: vocabularyOf(trainText, validText),
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'corpus-train.txt'), trainText);
  writeFileSync(join(outDir, 'corpus-valid.txt'), validText);
  writeFileSync(join(outDir, 'corpus-meta.json'), JSON.stringify(meta, null, 2) + '\n');
  return meta;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? join(ROOT, 'public', 'data'));
  const meta = buildCorpus(outDir);
  console.log(
    `corpus: ${meta.train.sentences} train + ${meta.valid.sentences} valid sentences ` +
      `(${meta.train.chars + meta.valid.chars} chars, ${meta.vocabulary.length} symbols) ` +
      `from ${meta.candidateSentences} candidates -> ${outDir}`,
  );
}
