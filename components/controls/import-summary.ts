import { FIELDS } from '../../src/config';
import type { ConfigKey, PlaygroundConfig } from '../../src/config';
import { KIND_LABELS } from '../../src/spec';
import { formatInteger } from '../../src/view-models/memory';

/** "GQA · heads h 32 · KV heads G 8 · …": what an import set, in the field table's own words. */
export function importSummary(patch: Partial<PlaygroundConfig>): string {
  const parts: string[] = [];
  if (patch.kind) parts.push(KIND_LABELS[patch.kind]);
  for (const key of Object.keys(patch) as ConfigKey[]) {
    if (key === 'kind') continue;
    const value = patch[key];
    parts.push(`${FIELDS[key].label} ${typeof value === 'number' ? formatInteger(value) : String(value)}`);
  }
  return parts.join(' · ');
}
