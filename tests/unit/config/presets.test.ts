import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  PRESETS,
  applyPreset,
  attentionOf,
  isValidConfig,
  matchingPreset,
  normalizeConfig,
} from '../../../src/config';
import { kvCacheElementsPerToken } from '../../../src/memory';

describe('presets', () => {
  it('every preset applied to the defaults is a valid config once G is fitted to h', () => {
    for (const preset of PRESETS) {
      const { config } = normalizeConfig(applyPreset(DEFAULT_CONFIG, preset));
      expect(isValidConfig(config), preset.id).toBe(true);
      // the selector shows a preset with this exact shape (T6-small MHA and GPT-2 small share one)
      const shown = matchingPreset(config);
      expect(shown, preset.id).toBeDefined();
      expect(shown!.shape, preset.id).toEqual(preset.shape);
    }
  });

  it('has the paper sizes for every kind plus the public shapes', () => {
    const ids = new Set(PRESETS.map((p) => p.id));
    for (const size of ['small', 'medium', 'large', 'xl'])
      for (const kind of ['mha', 'mqa', 'gqa', 'mla', 'tpa-kvonly', 'tpa'])
        expect(ids.has(`t6-${size}-${kind}`)).toBe(true);
    for (const id of ['gpt2-small', 'llama3-8b', 'deepseek-v2', 'playground']) expect(ids.has(id)).toBe(true);
  });

  // Published per-token, per-layer cache sizes (docs/kv-cache.md#paper-configs and #public-presets), worked by hand there.
  it.each([
    ['gpt2-small', 1536],
    ['llama3-8b', 2048],
    ['deepseek-v2', 576],
    ['t6-small-tpa', 392],
    ['t6-small-tpa-kvonly', 344],
    ['t6-medium-tpa', 444],
    ['t6-large-tpa', 500],
    ['t6-xl-tpa', 568],
    ['t6-large-tpa-kvonly', 404],
    ['t6-medium-mla', 288],
    ['t6-small-gqa', 256],
    ['t6-xl-mqa', 128],
  ])('%s caches %i elements per token per layer', (id, expected) => {
    const preset = PRESETS.find((p) => p.id === id)!;
    const { config } = normalizeConfig(applyPreset(DEFAULT_CONFIG, preset));
    expect(kvCacheElementsPerToken(attentionOf(config))).toBe(expected);
  });
});
