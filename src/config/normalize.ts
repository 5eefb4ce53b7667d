import { DEFAULT_CONFIG } from './defaults';
import { CONFIG_KEYS, FIELDS } from './fields';
import type { ConfigKey, EnumField, FlagsField, IntField, NumberField, PlaygroundConfig } from './fields';
import { nearestDivisor } from './constraints';

/** One change the schema made to what it was given, phrased for the reader. */
export interface ConfigNotice {
  key: ConfigKey | 'link';
  message: string;
}

export interface NormalizeResult {
  config: PlaygroundConfig;
  notices: ConfigNotice[];
}

/** Longest piece of a rejected value quoted back in a notice (React escapes it; this keeps notices short). */
const QUOTE_LIMIT = 24;

export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const clean = Array.from(text, (ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 ? '?' : ch)).join(
    '',
  );
  return clean.length > QUOTE_LIMIT
    ? `"${clean.slice(0, QUOTE_LIMIT)}…" (${clean.length} chars)`
    : `"${clean}"`;
}

function parseNumber(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && raw.trim() !== '' && raw.length <= 32) return Number(raw.trim());
  return Number.NaN;
}

function normalizeNumber(
  field: IntField | NumberField,
  raw: unknown,
  notices: ConfigNotice[],
  key: ConfigKey,
): number {
  const fallback = field.default;
  let value = parseNumber(raw);
  if (!Number.isFinite(value)) {
    notices.push({ key, message: `${field.label}: ${quote(raw)} is not a number; using ${fallback}` });
    return fallback;
  }
  if (field.type === 'int' && !Number.isInteger(value)) {
    const rounded = Math.round(value);
    notices.push({ key, message: `${field.label}: ${value} is not a whole number; rounded to ${rounded}` });
    value = rounded;
  }
  if (value < field.min || value > field.max) {
    const clamped = Math.min(field.max, Math.max(field.min, value));
    notices.push({
      key,
      message: `${field.label}: ${value} is outside ${field.min}–${field.max}; clamped to ${clamped}`,
    });
    value = clamped;
  }
  if (field.type === 'int' && field.even && value % 2 !== 0) {
    const even = value + 1 <= field.max ? value + 1 : value - 1;
    notices.push({ key, message: `${field.label}: must be even; ${value} changed to ${even}` });
    value = even;
  }
  // -0 (from "-0" or a tiny negative rounded) is written to the link as "0": keep the value the link gives
  return value === 0 ? 0 : value;
}

function normalizeEnum<T extends string>(
  field: EnumField<T>,
  raw: unknown,
  notices: ConfigNotice[],
  key: ConfigKey,
): T {
  if (typeof raw === 'string' && (field.values as readonly string[]).includes(raw)) return raw as T;
  notices.push({
    key,
    message: `${field.label}: ${quote(raw)} is not one of ${field.values.join(', ')}; using ${field.default}`,
  });
  return field.default;
}

function normalizeFlags<T extends string>(
  field: FlagsField<T>,
  raw: unknown,
  notices: ConfigNotice[],
  key: ConfigKey,
): readonly T[] {
  const allowed = field.values as readonly string[];
  let items: readonly unknown[];
  if (Array.isArray(raw)) items = raw;
  else if (typeof raw === 'string' && raw.length <= 512) items = raw === '' ? [] : raw.split(',');
  else {
    notices.push({ key, message: `${field.label}: ${quote(raw)} is not a list; using none` });
    return field.default;
  }
  const unknown = items.filter((v) => typeof v !== 'string' || !allowed.includes(v));
  if (unknown.length > 0) {
    notices.push({ key, message: `${field.label}: ignored ${unknown.slice(0, 3).map(quote).join(', ')}` });
  }
  // canonical: the table's order, no duplicates
  return field.values.filter((v) => items.includes(v));
}

/**
 * The schema: turns any partial, untrusted record into a valid PlaygroundConfig. Missing keys take the
 * default silently; every value that had to be replaced, rounded or clamped yields one notice.
 * Cross-field rules: G divides h.
 */
export function normalizeConfig(
  input: Partial<Record<ConfigKey, unknown>>,
  base: PlaygroundConfig = DEFAULT_CONFIG,
): NormalizeResult {
  const notices: ConfigNotice[] = [];
  const out: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const field = FIELDS[key];
    const raw = input[key];
    if (raw === undefined) {
      out[key] = base[key];
    } else if (field.type === 'int' || field.type === 'number') {
      out[key] = normalizeNumber(field, raw, notices, key);
    } else if (field.type === 'flags') {
      out[key] = normalizeFlags(field as FlagsField<string>, raw, notices, key);
    } else {
      out[key] = normalizeEnum(field as EnumField<string>, raw, notices, key);
    }
  }
  const config = out as unknown as PlaygroundConfig;
  const kvHeadsNotice = fixKvHeads(config);
  if (kvHeadsNotice) notices.push(kvHeadsNotice);
  return { config, notices };
}

/** G must divide h: move G to the nearest divisor. Mutates `config`; returns the notice if it changed. */
function fixKvHeads(config: PlaygroundConfig): ConfigNotice | null {
  if (config.heads % config.kvHeads === 0) return null;
  const fixed = nearestDivisor(config.heads, config.kvHeads);
  const message = `KV heads G must divide h = ${config.heads}; G = ${config.kvHeads} changed to ${fixed}`;
  config.kvHeads = fixed;
  return { key: 'kvHeads', message };
}

/** True when `config` is exactly what the schema would produce from it (used by tests and guards). */
export function isValidConfig(config: PlaygroundConfig): boolean {
  return normalizeConfig(config).notices.length === 0;
}
