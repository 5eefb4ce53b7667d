import { normalizeConfig } from '../config';
import type { ConfigKey, PlaygroundConfig } from '../config';

/**
 * Passes an imported patch through the schema: values outside the explorer's ranges are clamped (or made
 * even) and each change becomes a note the reader sees. Only the patch's own keys are kept, so an import
 * never resets a knob it did not read.
 */
export function fitToFields(patch: Partial<PlaygroundConfig>): {
  patch: Partial<PlaygroundConfig>;
  notes: string[];
} {
  const { config, notices } = normalizeConfig(patch);
  const keys = Object.keys(patch) as ConfigKey[];
  const fitted: Record<string, unknown> = {};
  for (const key of keys) fitted[key] = config[key];
  const notes = notices.filter((n) => n.key !== 'link' && keys.includes(n.key)).map((n) => n.message);
  return { patch: fitted as Partial<PlaygroundConfig>, notes };
}
