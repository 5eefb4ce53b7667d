import { CONFIG_KEYS, FIELDS } from './fields';
import type { ConfigKey, PlaygroundConfig } from './fields';

function buildDefaults(): PlaygroundConfig {
  const entries = CONFIG_KEYS.map((key: ConfigKey) => [key, FIELDS[key].default] as const);
  return Object.fromEntries(entries) as unknown as PlaygroundConfig;
}

/** The configuration a visitor sees with no link: T6-small's TPA shape (h = 34, R = 6/2/2). */
export const DEFAULT_CONFIG: Readonly<PlaygroundConfig> = Object.freeze(buildDefaults());
