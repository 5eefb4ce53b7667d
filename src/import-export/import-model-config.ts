import { importHfConfig } from './hf-config';
import type { ImportResult } from './import-result';
import { importTooLong, stripByteOrderMark } from './import-text';
import { importT6Config } from './t6-import';

/**
 * One entry point for the paste box: a JSON object is read as a Hugging Face config.json, anything else
 * that has `n_head = …` lines as a T6 training config (Python). Otherwise the JSON reader explains what
 * is wrong, since config.json is what most readers paste.
 */
export function importModelConfig(pasted: string): ImportResult {
  const tooLong = importTooLong(pasted.length);
  if (tooLong) return { ok: false, error: tooLong };
  const text = stripByteOrderMark(pasted);
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && /^\s*n_head\s*(?::[^=]*)?=/m.test(text)) return importT6Config(text);
  return importHfConfig(text);
}
