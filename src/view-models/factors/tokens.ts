/**
 * How a token of the character tokenizer is shown in a panel: id 0 is <unk>, id i ≥ 1 the vocabulary's
 * i-th character (src/data/char-tokenizer.ts); spaces and line breaks get a visible stand-in.
 */
function tokenLabel(id: number, vocabulary: string): string {
  const symbols = [...vocabulary];
  const ch = id >= 1 ? symbols[id - 1] : undefined;
  if (ch === undefined) return '�';
  if (ch === ' ') return '␣';
  if (ch === '\n') return '⏎';
  if (ch === '\t') return '⇥';
  return ch;
}

export function tokenLabels(ids: readonly number[], vocabulary: string): string[] {
  return ids.map((id) => tokenLabel(id, vocabulary));
}
