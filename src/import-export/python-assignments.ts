/**
 * Reads the `name = value` lines of a nanoGPT-style Python config file (the format of the official T6
 * code's `config/*.py`): numbers, quoted strings, True/False/None, and products or quotients of numbers
 * and earlier names (`n_embd = 16 * 64`, `gradient_accumulation_steps = 120 // batch_size`). Imports,
 * comments and anything else are skipped. No code is run.
 */

export type PyValue = number | string | boolean | null;

const ASSIGNMENT = /^([A-Za-z_]\w*)\s*(?::\s*[A-Za-z_][\w.[\], ]*)?=\s*(.+)$/;
const NUMBER = /^[+-]?(\d[\d_]*\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '#') return line.slice(0, i);
  }
  return line;
}

function atom(token: string, known: ReadonlyMap<string, PyValue>): PyValue | undefined {
  const t = token.trim();
  if (NUMBER.test(t)) return Number(t.replace(/_/g, ''));
  if (/^'[^']*'$|^"[^"]*"$/.test(t)) return t.slice(1, -1);
  if (t === 'True') return true;
  if (t === 'False') return false;
  if (t === 'None') return null;
  if (known.has(t)) return known.get(t);
  return undefined;
}

/** `a * b // c` evaluated left to right; undefined when any part is not a number we know. */
function arithmetic(expr: string, known: ReadonlyMap<string, PyValue>): number | undefined {
  const parts = expr.split(/(\/\/|\*|\/)/);
  let value = atom(parts[0] ?? '', known);
  if (typeof value !== 'number') return undefined;
  for (let i = 1; i < parts.length; i += 2) {
    const rhs = atom(parts[i + 1] ?? '', known);
    if (typeof rhs !== 'number') return undefined;
    const op = parts[i];
    if (op === '*') value *= rhs;
    else if (rhs === 0) return undefined;
    else value = op === '//' ? Math.floor(value / rhs) : value / rhs;
  }
  return value;
}

/** Every readable assignment, later ones overriding earlier ones (as Python would). */
export function readAssignments(text: string): Map<string, PyValue> {
  const values = new Map<string, PyValue>();
  for (const raw of text.split(/\r?\n/)) {
    const line = stripComment(raw).trim();
    const match = ASSIGNMENT.exec(line);
    if (!match) continue;
    const [, name, expr] = match;
    const value = atom(expr!, values) ?? arithmetic(expr!, values);
    if (value !== undefined) values.set(name!, value);
  }
  return values;
}
