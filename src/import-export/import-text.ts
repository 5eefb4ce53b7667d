/**
 * What the import box does to pasted text before any reader sees it: a size limit (a config.json or a
 * training config is a few kilobytes; a megabyte of text is something else, and reading it would only
 * keep the reader waiting) and the byte-order mark some editors put in front of a saved file.
 */
import { formatInteger } from '../view-models/format';

/** The most text the import box reads: 1,000,000 characters (1 MB of ASCII). */
export const MAX_IMPORT_CHARS = 1_000_000;

/** The sentence for a paste over the limit, or null when `length` is within it. */
export function importTooLong(length: number): string | null {
  if (length <= MAX_IMPORT_CHARS) return null;
  return (
    `The pasted text is ${formatInteger(length)} characters long; the import box reads at most ` +
    `${formatInteger(MAX_IMPORT_CHARS)} (1 MB). A model's config.json or training config is a few kilobytes.`
  );
}

/** `text` without a leading byte-order mark (U+FEFF), as editors on Windows often save JSON. */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
