import { withParameterMatchedHeads } from '../memory';
import { ATTENTION_KINDS } from '../spec';
import type { AttentionConfig, AttentionKind } from '../spec';
import type { PlaygroundConfig } from './fields';

/** The attention layer of `kind` with the shape knobs of `config` (head-matched: the config's own h). */
export function attentionOf(config: PlaygroundConfig, kind: AttentionKind = config.kind): AttentionConfig {
  const { heads, headDim } = config;
  switch (kind) {
    case 'mha':
    case 'mqa':
      return { kind, heads, headDim };
    case 'gqa':
      return { kind, heads, headDim, kvHeads: config.kvHeads };
    case 'mla':
      return {
        kind,
        heads,
        headDim,
        kvLatentDim: config.kvLatentDim,
        queryLatentDim: config.queryLatentDim,
        ropeDim: config.ropeDim,
      };
    case 'tpa':
      return { kind, heads, headDim, rankQ: config.rankQ, rankK: config.rankK, rankV: config.rankV };
    case 'tpa-kvonly':
      return { kind, heads, headDim, rankK: config.rankK, rankV: config.rankV };
  }
}

/**
 * Every kind side by side, as the chosen comparison defines them: head-matched keeps h for all;
 * parameter-matched gives each kind the h that makes its attention about 4·d² parameters (paper §6.1).
 */
export function comparedAttentions(config: PlaygroundConfig): AttentionConfig[] {
  return ATTENTION_KINDS.map((kind) => {
    const attn = attentionOf(config, kind);
    return config.compare === 'param' ? withParameterMatchedHeads(attn, config.dModel) : attn;
  });
}
