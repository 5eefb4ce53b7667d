import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlaygroundConfig } from '../../../src/config';
import { exportT6Config, importT6Config } from '../../../src/import-export';
import { validConfig } from '../config/arbitraries';
import { T6_SMALL } from '../explorer/t6-small';

function reimport(config: PlaygroundConfig) {
  const result = importT6Config(exportT6Config(config).text);
  if (!result.ok) throw new Error(result.error);
  return result.patch;
}

/** The knobs a training config of each kind carries (what must survive the round trip). */
function expectedPatch(c: PlaygroundConfig): Partial<PlaygroundConfig> {
  const shape = {
    heads: c.heads,
    headDim: c.headDim,
    layers: c.layers,
    dModel: c.dModel,
    contextLength: c.contextLength,
  };
  const rank = Math.max(c.rankK, c.rankV);
  switch (c.kind) {
    case 'tpa':
      return { kind: 'tpa', ...shape, rankQ: c.rankQ, rankK: rank, rankV: rank };
    case 'tpa-kvonly':
      return { kind: 'tpa-kvonly', ...shape, rankK: rank, rankV: rank };
    case 'mha':
      return { kind: 'mha', ...shape };
    case 'mqa':
      return { kind: 'mqa', ...shape };
    case 'gqa':
      // GQA with one KV head is MQA, and the official code writes both as llama-gqa
      return c.kvHeads === 1 ? { kind: 'mqa', ...shape } : { kind: 'gqa', ...shape, kvHeads: c.kvHeads };
    case 'mla':
      return {
        kind: 'mla',
        ...shape,
        kvLatentDim: c.kvLatentDim,
        queryLatentDim: c.queryLatentDim,
        ropeDim: c.ropeDim,
      };
  }
}

describe('T6 training config export', () => {
  it('T6-small TPA writes the official file layout with the paper values', () => {
    const { text, fileName, notes } = exportT6Config({ ...T6_SMALL, contextLength: 1024 });
    for (const line of [
      'n_layer = 12',
      'n_head = 34',
      'head_dim = 64',
      'rank = 2',
      'q_rank = 6',
      'n_embd = 768',
      'block_size = 1024',
      'learning_rate = 6e-4',
      'min_lr = 3e-5',
      "model_type = 'T6'",
    ]) {
      expect(text.split('\n')).toContain(line);
    }
    expect(text).toContain('(R_K+R_V)(h+d_h) = (2+2)(34+64) = 392 elements');
    expect(fileName).toBe('train_T6_h34_L12.py');
    expect(notes).toEqual([]);
  });

  it('says so when R_K ≠ R_V, since the code forces one rank, and exports the larger', () => {
    const { text, notes } = exportT6Config({ ...T6_SMALL, rankK: 2, rankV: 4, contextLength: 1024 });
    expect(text.split('\n')).toContain('rank = 4');
    expect(notes).toHaveLength(1);
    // the code's cache with rank 4: (4+4)(34+64) = 784
    expect(notes[0]).toMatch(/R_K = 2 and R_V = 4, so rank = 4.*\(4\+4\)\(34\+64\) = 784/);
    expect(text).toContain(`# Note: ${notes[0]}`);
  });

  it('TPA-KVonly has no q_rank; GQA writes group_size = h / G; MQA group_size = h', () => {
    const kvonly = exportT6Config({ ...T6_SMALL, kind: 'tpa-kvonly' }).text;
    expect(kvonly).toContain("model_type = 'T6_kvonly'");
    expect(kvonly).not.toMatch(/^q_rank/m);
    const gqa = exportT6Config({ ...T6_SMALL, kind: 'gqa', heads: 30, kvHeads: 2 }).text;
    expect(gqa.split('\n')).toContain('group_size = 15');
    const mqa = exportT6Config({ ...T6_SMALL, kind: 'mqa', heads: 23 }).text;
    expect(mqa.split('\n')).toContain('group_size = 23');
  });

  it('uses the paper learning rate for the width (docs/tpa-math.md#training-setup)', () => {
    expect(exportT6Config({ ...T6_SMALL, dModel: 1280 }).text).toMatch(/^learning_rate = 2e-4$/m);
    expect(exportT6Config({ ...T6_SMALL, dModel: 1600 }).text).toMatch(/^learning_rate = 1e-4$/m);
  });

  it('warns about long training contexts', () => {
    expect(exportT6Config(T6_SMALL).notes.join(' ')).toMatch(/block_size = 32,768/);
  });
});

describe('the exported T6 config round-trips', () => {
  it('T6-small', () => {
    expect(reimport(T6_SMALL)).toEqual(expectedPatch(T6_SMALL));
  });

  it('any valid config of any kind', () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        expect(reimport(config)).toEqual(expectedPatch(config));
      }),
      { numRuns: 300 },
    );
  });
});

describe('official config files read back', () => {
  it('a file in the official layout (products, floor division, annotations, comments)', () => {
    const text = [
      'import time',
      '# Model configs',
      'n_layer = 24',
      'n_head = 23',
      'head_dim = 64',
      'q_lora_rank: int = 1024',
      'qk_rope_head_dim: int = 32',
      'kv_lora_rank: int = 512 # the latent',
      'n_embd = 16 * 64',
      'batch_size = 20',
      'gradient_accumulation_steps = 60 // batch_size',
      "model_type = 'llama-mla'",
    ].join('\n');
    const result = importT6Config(text);
    expect(result.ok && result.patch).toEqual({
      kind: 'mla',
      headDim: 64,
      kvLatentDim: 512,
      queryLatentDim: 1024,
      ropeDim: 32,
      heads: 23,
      layers: 24,
      dModel: 1024,
    });
  });

  it('llama-mha without head_dim takes n_embd / n_head', () => {
    const result = importT6Config("n_layer = 12\nn_head = 12\nn_embd = 12 * 64\nmodel_type = 'llama-mha'");
    expect(result.ok && result.patch.headDim).toBe(64);
  });

  it('errors name what is missing or wrong', () => {
    const missing = importT6Config("n_head = 12\nn_embd = 768\nmodel_type = 'T6'\nrank = 2");
    expect(!missing.ok && missing.error).toBe('The config has no n_layer.');
    const unknown = importT6Config("n_head = 12\nn_layer = 2\nn_embd = 768\nmodel_type = 'rwkv'");
    expect(!unknown.ok && unknown.error).toMatch(/'rwkv' is not one of/);
    expect(importT6Config('just words').ok).toBe(false);
  });
});
