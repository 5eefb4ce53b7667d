// Character-level tokenizer. Token id layout (shared by every task in src/data):
//   id 0            <unk>: any character not in the vocabulary (decodes to U+FFFD)
//   id 1 … N        the vocabulary's characters, in the vocabulary string's order
// so vocabSize = N + 1. A "character" is a Unicode code point (an emoji is one token).

export const UNK_ID = 0;
/** What `decode` writes for `<unk>`; it may not be in a vocabulary. */
export const UNK_CHAR = '\uFFFD';
/** Default cap on the symbols of a vocabulary built from pasted text (<unk> not counted). */
export const MAX_VOCAB_SYMBOLS = 255;

export interface CharTokenizer {
  /** The vocabulary string it was built from: token id i + 1 is its i-th code point. */
  readonly vocabulary: string;
  /** Number of token ids, <unk> included. */
  readonly vocabSize: number;
  readonly unkId: number;
  encode(text: string): Int32Array;
  decode(ids: ArrayLike<number>): string;
  /** The character of a token id, UNK_CHAR for <unk> or an id out of range. */
  symbol(id: number): string;
}

/** Builds a tokenizer from a vocabulary string of distinct code points. */
export function createCharTokenizer(vocabulary: string): CharTokenizer {
  const symbols = [...vocabulary];
  const ids = new Map<string, number>();
  for (const [i, ch] of symbols.entries()) {
    if (ch === UNK_CHAR) throw new Error('createCharTokenizer: the vocabulary may not contain U+FFFD');
    if (ids.has(ch)) throw new Error(`createCharTokenizer: ${JSON.stringify(ch)} appears twice`);
    ids.set(ch, i + 1);
  }
  const symbol = (id: number): string => (id >= 1 && id <= symbols.length ? symbols[id - 1]! : UNK_CHAR);
  return {
    vocabulary,
    vocabSize: symbols.length + 1,
    unkId: UNK_ID,
    symbol,
    encode(text) {
      const chars = [...text];
      const out = new Int32Array(chars.length);
      for (const [i, ch] of chars.entries()) out[i] = ids.get(ch) ?? UNK_ID;
      return out;
    },
    decode(tokenIds) {
      let text = '';
      for (let i = 0; i < tokenIds.length; i++) text += symbol(tokenIds[i]!);
      return text;
    },
  };
}

/**
 * A vocabulary for user text: its distinct code points sorted by code point. If there are more
 * than `maxSymbols`, keeps the most frequent (ties: lower code point first); the rest become <unk>.
 */
export function vocabularyFromText(text: string, maxSymbols: number = MAX_VOCAB_SYMBOLS): string {
  if (!Number.isInteger(maxSymbols) || maxSymbols < 1) {
    throw new RangeError(`vocabularyFromText: maxSymbols must be a positive integer, got ${maxSymbols}`);
  }
  const counts = new Map<string, number>();
  for (const ch of text) if (ch !== UNK_CHAR) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const byCodePoint = (a: string, b: string) => a.codePointAt(0)! - b.codePointAt(0)!;
  let kept = [...counts.keys()];
  if (kept.length > maxSymbols) {
    kept = kept.sort((a, b) => counts.get(b)! - counts.get(a)! || byCodePoint(a, b)).slice(0, maxSymbols);
  }
  return kept.sort(byCodePoint).join('');
}
