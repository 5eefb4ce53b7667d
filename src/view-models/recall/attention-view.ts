/**
 * The attention-pattern viewer: for the section's fixed recall sequence, one run's head in one layer as
 * a T×T matrix, the chosen query's row, and the answer to "which key does the query find?" in words,
 * all from the attention the manifest recorded (3 decimals) and the head scores over the validation
 * sequences.
 */
import type { ManifestDiagnosisRun, ManifestRecallDiagnosis } from '../../sweep/manifest';
import { nameOf, ordinal, uniformPreviousToken, weight } from './diagnosis-runs';

export interface AttentionSelection {
  readonly runId: string;
  /** 0-based */
  readonly layer: number;
  readonly head: number;
  /** index into the sequence's queries */
  readonly query: number;
}

export interface Option<T> {
  readonly value: T;
  readonly label: string;
}

export interface AttentionView {
  /** the selection, fitted to what exists */
  readonly selection: AttentionSelection;
  readonly runs: readonly Option<string>[];
  readonly layers: readonly Option<number>[];
  readonly heads: readonly Option<number>[];
  readonly queries: readonly Option<number>[];
  /** the sequence's T input tokens as text */
  readonly tokens: readonly string[];
  /** the sequence as one line, pairs and query–answer pairs grouped: "H7 A0 N6 D2 ____ | A0 N6 H7 D2 ___" */
  readonly sequenceText: string;
  /** row-major T×T attention of the chosen head (row = the attending token) */
  readonly matrix: { readonly rows: number; readonly cols: number; readonly data: readonly number[] };
  /** the chosen query key's input position (its row), and the asked pair's key and value columns */
  readonly queryRow: number;
  readonly pairColumns: readonly number[];
  /** what the heatmap is, for its title and accessible name */
  readonly title: string;
  /** where the query looks and what that means */
  readonly finding: string;
  /** the model's answer to this query */
  readonly answer: string;
  /** the head's previous-token score on this sequence and both scores over the validation sequences */
  readonly headSummary: string;
}

/** The runs that recorded attention on the sequence, official TPA first. */
export function viewableRuns(section: ManifestRecallDiagnosis): ManifestDiagnosisRun[] {
  const order = { official: 0, baseline: 1, fix: 2, variant: 3, control: 4 } as const;
  return section.runs.filter((r) => r.sequence !== null).sort((a, b) => order[a.role] - order[b.role]);
}

/** The default selection: official TPA (or the first run), the last layer, head 1, the first query. */
export function defaultSelection(section: ManifestRecallDiagnosis): AttentionSelection | null {
  const run = viewableRuns(section)[0];
  if (!run) return null;
  return { runId: run.id, layer: run.config.layers - 1, head: 0, query: 0 };
}

const clamp = (x: number, n: number) => Math.min(Math.max(0, Math.trunc(x) || 0), n - 1);

/** What token `j` of the sequence is, seen from a query key at `position` asking pair `pair`. */
export function tokenRole(
  sequence: ManifestRecallDiagnosis['sequence'],
  j: number,
  position: number,
  pair: number,
): string {
  const { tokens, numPairs } = sequence;
  const tok = tokens[j] ?? '?';
  if (j === position) return `itself (the query key ${tok})`;
  if (j < 2 * numPairs) {
    const i = Math.floor(j / 2);
    const key = tokens[2 * i];
    if (j % 2 === 0) return i === pair ? `its own key ${tok} in the pairs` : `the key ${tok} of another pair`;
    return i === pair
      ? `the asked value ${tok} (its key's value)`
      : `the value ${tok} of another key (${key})`;
  }
  const isKey = tokens.slice(0, 2 * numPairs).some((t, k) => k % 2 === 0 && t === tok);
  const isValue = tokens.slice(0, 2 * numPairs).some((t, k) => k % 2 === 1 && t === tok);
  if (isKey) return `an earlier query key ${tok}`;
  if (isValue) return `an earlier answer ${tok}`;
  return tok === '|' ? 'the separator |' : `padding ${tok}`;
}

/**
 * The sequence as one readable line: each key with the token after it (a pair, or a query and its
 * answer), runs of padding together, the separator alone.
 */
export function sequenceText(sequence: ManifestRecallDiagnosis['sequence']): string {
  const { tokens, numPairs } = sequence;
  const keys = new Set(tokens.slice(0, 2 * numPairs).filter((_, k) => k % 2 === 0));
  const groups: string[] = [];
  for (let j = 0; j < tokens.length; j++) {
    const tok = tokens[j]!;
    const next = tokens[j + 1];
    if (keys.has(tok) && next !== undefined) {
      groups.push(tok + next);
      j++;
    } else if (tok === '_' && groups.at(-1)?.startsWith('_')) groups[groups.length - 1] += tok;
    else groups.push(tok);
  }
  return groups.join(' ');
}

/** Where the row of a query key looks: its largest weight, the asked pair and the other values. */
function findingOf(
  section: ManifestRecallDiagnosis,
  row: readonly number[],
  position: number,
  pair: number,
  who: string,
): string {
  const { tokens, numPairs } = section.sequence;
  let top = 0;
  for (let j = 1; j <= position; j++) if (row[j]! > row[top]!) top = j;
  const onKey = row[2 * pair]!;
  const onValue = row[2 * pair + 1]!;
  let onOther = 0;
  for (let i = 0; i < numPairs; i++) if (i !== pair) onOther += row[2 * i + 1]!;
  const others = numPairs - 1;
  const looks =
    `At the query key ${tokens[position]}, ${who} looks most at ${tokenRole(section.sequence, top, position, pair)} ` +
    `(weight ${weight(row[top]!)}). It puts ${weight(onKey)} on its own key in the pairs, ` +
    `${weight(onValue)} on the asked value ${tokens[2 * pair + 1]} and ${weight(onOther)} on the other ` +
    `${others} value${others === 1 ? '' : 's'}.`;
  let reading: string;
  if (onValue >= 0.5) reading = 'It finds the value of its key: the read step of an induction circuit.';
  else if (onKey >= 0.5) reading = 'It finds its own key in the pairs.';
  else if (onValue + onOther >= 0.5)
    reading = 'It spreads over the values without singling out the asked one: no key finds its value here.';
  else reading = 'It does not look at the pairs much.';
  return `${looks} ${reading}`;
}

/** Mean weight of the pairs' values on their keys (the previous token) in one head, and the uniform share. */
function previousTokenOf(head: readonly (readonly number[])[], numPairs: number) {
  let score = 0;
  for (let i = 0; i < numPairs; i++) score += head[2 * i + 1]![2 * i]! / numPairs;
  return { score, uniform: uniformPreviousToken(numPairs) };
}

/** The viewer's data for `wanted` (fitted to the section), or null when no run recorded attention. */
export function attentionView(
  section: ManifestRecallDiagnosis,
  wanted: AttentionSelection | null,
): AttentionView | null {
  const viewable = viewableRuns(section);
  const fallback = defaultSelection(section);
  if (!fallback) return null;
  const want = wanted ?? fallback;
  const run = viewable.find((r) => r.id === want.runId) ?? viewable[0]!;
  const { layers } = run.config;
  const heads = run.config.attention.heads;
  const { queries, tokens, numPairs } = section.sequence;
  const selection: AttentionSelection = {
    runId: run.id,
    layer: clamp(want.layer, layers),
    head: clamp(want.head, heads),
    query: clamp(want.query, queries.length),
  };
  const q = queries[selection.query]!;
  const head = run.sequence!.attention[selection.layer]![selection.head]!;
  const t = tokens.length;
  const who = `head ${selection.head + 1} of layer ${selection.layer + 1}`;
  const predicted = run.sequence!.predicted[selection.query]!;
  const scores = run.heads.find((h) => h.layer === selection.layer && h.head === selection.head);
  const prev = previousTokenOf(head, numPairs);
  return {
    selection,
    runs: viewable.map((r) => ({ value: r.id, label: nameOf(r) })),
    layers: Array.from({ length: layers }, (_, l) => ({ value: l, label: `Layer ${l + 1}` })),
    heads: Array.from({ length: heads }, (_, h) => ({ value: h, label: `Head ${h + 1}` })),
    queries: queries.map((x, j) => ({
      value: j,
      label: `${ordinal(j + 1)}: ${tokens[x.position]} → ${x.answer}`,
    })),
    tokens,
    sequenceText: sequenceText(section.sequence),
    matrix: { rows: t, cols: t, data: head.flat() },
    queryRow: q.position,
    pairColumns: [2 * q.pair, 2 * q.pair + 1],
    title: `${run.label}, layer ${selection.layer + 1}, head ${selection.head + 1}: attention on the sequence`,
    finding: findingOf(section, head[q.position]!, q.position, q.pair, who),
    answer:
      predicted === q.answer
        ? `${run.label} answers ${predicted}: right.`
        : `${run.label} answers ${predicted}: wrong (the value of ${tokens[q.position]} is ${q.answer}).`,
    headSummary:
      `On this sequence the pairs' values put ${weight(prev.score)} of this head's attention on their keys ` +
      `(the previous token; spread evenly it would be ${weight(prev.uniform)}).` +
      (scores
        ? ` Over ${section.headSequences} validation sequences: previous token ${weight(scores.previousToken)}, ` +
          `query keys on the asked value ${weight(scores.onValue)}.`
        : ''),
  };
}
