import { CONFIG_KEYS, FIELDS, LINK_VERSION } from './fields';
import type { ConfigKey, PlaygroundConfig } from './fields';
import { normalizeConfig, quote } from './normalize';
import type { NormalizeResult } from './normalize';

const KEY_BY_SHORT: ReadonlyMap<string, ConfigKey> = new Map(CONFIG_KEYS.map((k) => [FIELDS[k].short, k]));

/** Longest query string we read at all; anything beyond is ignored (a notice says so). */
const MAX_QUERY_LENGTH = 8192;

/**
 * Link format, version 1: `?v=1&k=tpa&h=34&dh=64&…`: every knob under its short key, always all of them,
 * so a link restores the exact view even if defaults change later.
 */
export function encodeConfig(config: PlaygroundConfig): string {
  const params = new URLSearchParams();
  params.set('v', String(LINK_VERSION));
  for (const key of CONFIG_KEYS) {
    const value = config[key];
    params.set(FIELDS[key].short, Array.isArray(value) ? value.join(',') : String(value));
  }
  return params.toString();
}

/**
 * Reads a query string (with or without the leading `?`) from an untrusted source. Never throws.
 * Unknown keys are ignored; bad values become defaults or are clamped, each with a notice.
 */
export function decodeConfig(search: string): NormalizeResult {
  const leadingNotices: NormalizeResult['notices'] = [];
  let text = search.startsWith('?') ? search.slice(1) : search;
  if (text.length > MAX_QUERY_LENGTH) {
    leadingNotices.push({
      key: 'link',
      message: `the link is ${text.length} characters long; only the first ${MAX_QUERY_LENGTH} were read`,
    });
    text = text.slice(0, MAX_QUERY_LENGTH);
  }
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(text);
  } catch {
    params = new URLSearchParams();
  }
  const raw: Partial<Record<ConfigKey, unknown>> = {};
  const unknownKeys: string[] = [];
  let version: string | null = null;
  for (const [short, value] of safeEntries(params)) {
    if (short === 'v') {
      version ??= value;
      continue;
    }
    const key = KEY_BY_SHORT.get(short);
    if (key === undefined) unknownKeys.push(short);
    else if (raw[key] === undefined) raw[key] = value;
  }
  if (version !== null && version !== String(LINK_VERSION)) {
    leadingNotices.push({
      key: 'link',
      message: `link version ${quote(version)} is not known; read it as version ${LINK_VERSION}`,
    });
  }
  if (unknownKeys.length > 0) {
    const shown = unknownKeys.slice(0, 5).map(quote).join(', ');
    const more = unknownKeys.length > 5 ? ` and ${unknownKeys.length - 5} more` : '';
    leadingNotices.push({ key: 'link', message: `ignored unknown link keys ${shown}${more}` });
  }
  const result = normalizeConfig(raw);
  return { config: result.config, notices: [...leadingNotices, ...result.notices] };
}

function safeEntries(params: URLSearchParams): [string, string][] {
  const out: [string, string][] = [];
  params.forEach((value, key) => out.push([key, value]));
  return out;
}
