import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, attentionOf } from '../../../src/config';
import type { PlaygroundConfig } from '../../../src/config';
import { BYTES_PER_ELEMENT, kvCacheBytes } from '../../../src/memory';
import { importHfConfig, importModelConfig } from '../../../src/import-export';
import * as models from './hf-fixtures';

// Expected cache sizes are worked out by hand in the comments from each model's published shape:
// bytes per token = elements per token per layer · layers · bytes per element.

function imported(json: unknown): { config: PlaygroundConfig; notes: string[] } {
  const result = importHfConfig(JSON.stringify(json, null, 2));
  if (!result.ok) throw new Error(result.error);
  return { config: { ...DEFAULT_CONFIG, ...result.patch }, notes: result.notes };
}

function bytesPerToken(config: PlaygroundConfig): number {
  return kvCacheBytes(attentionOf(config), {
    layers: config.layers,
    tokens: 1,
    batch: 1,
    bytesPerElement: BYTES_PER_ELEMENT[config.dtype],
  });
}

describe('config.json of real models gives their published KV-cache size', () => {
  it('Llama-2-7B (MHA): 2·32·128 · 32 layers · 2 B = 524,288 B = 0.5 MiB per token', () => {
    const { config } = imported(models.LLAMA_2_7B);
    expect(config).toMatchObject({ kind: 'mha', heads: 32, headDim: 128, layers: 32, dModel: 4096 });
    expect(config.dtype).toBe('bf16'); // float16: 2 bytes, the same size as bf16
    expect(bytesPerToken(config)).toBe(524_288);
    // its full 4,096-token context: 524,288 · 4096 = 2 GiB
    expect(config.contextLength).toBe(4096);
    expect(bytesPerToken(config) * config.contextLength).toBe(2_147_483_648);
  });

  it('Llama-3-8B (GQA, 8 KV heads): 2·8·128 · 32 · 2 B = 131,072 B = 128 KiB per token; 1 GiB at 8K', () => {
    const { config } = imported(models.LLAMA_3_8B);
    expect(config).toMatchObject({ kind: 'gqa', heads: 32, kvHeads: 8, headDim: 128, layers: 32 });
    expect(bytesPerToken(config)).toBe(131_072);
    expect(bytesPerToken(config) * config.contextLength).toBe(1_073_741_824); // · 8192
  });

  it('Mistral-7B-v0.1 (GQA 8, sliding window): 128 KiB per token, with a note on the window', () => {
    const { config, notes } = imported(models.MISTRAL_7B_V01);
    expect(config).toMatchObject({ kind: 'gqa', heads: 32, kvHeads: 8, headDim: 128, contextLength: 32768 });
    expect(bytesPerToken(config)).toBe(131_072); // 2·8·128 · 32 · 2
    expect(notes.join(' ')).toMatch(/sliding_window = 4,096/);
  });

  it('Mistral-Nemo: head_dim 128 wins over hidden_size / heads = 160; 2·8·128 · 40 · 2 = 163,840 B', () => {
    const { config, notes } = imported(models.MISTRAL_NEMO);
    expect(config.headDim).toBe(128);
    expect(bytesPerToken(config)).toBe(163_840);
    // its 1,024,000-token context fits in the explorer's range (up to 2^20 = 1,048,576)
    expect(config.contextLength).toBe(1_024_000);
    expect(notes).toEqual([]);
  });

  it('Qwen2-7B (GQA 4, head 3584/28 = 128): 2·4·128 · 28 · 2 = 57,344 B per token', () => {
    const { config, notes } = imported(models.QWEN2_7B);
    expect(config).toMatchObject({
      kind: 'gqa',
      heads: 28,
      kvHeads: 4,
      headDim: 128,
      layers: 28,
      dModel: 3584,
    });
    expect(bytesPerToken(config)).toBe(57_344);
    expect(notes).toEqual([]); // use_sliding_window is false: no window note
  });

  it('Qwen3-8B (explicit head_dim): 2·8·128 · 36 · 2 = 147,456 B per token', () => {
    const { config } = imported(models.QWEN3_8B);
    expect(bytesPerToken(config)).toBe(147_456);
  });

  it('DeepSeek-V2 (MLA): (512 + 64) · 60 · 2 = 69,120 B per token', () => {
    const { config } = imported(models.DEEPSEEK_V2);
    expect(config).toMatchObject({
      kind: 'mla',
      heads: 128,
      headDim: 128,
      kvLatentDim: 512,
      queryLatentDim: 1536,
      ropeDim: 64,
      layers: 60,
      dModel: 5120,
    });
    expect(bytesPerToken(config)).toBe(69_120);
  });

  it('DeepSeek-V3 (MLA): (512 + 64) · 61 · 2 = 70,272 B per token (the "70 KB per token")', () => {
    const { config } = imported(models.DEEPSEEK_V3);
    expect(bytesPerToken(config)).toBe(70_272);
  });

  it('DeepSeek-V2-Lite: q_lora_rank null keeps the query latent and says why', () => {
    const result = importHfConfig(JSON.stringify(models.DEEPSEEK_V2_LITE));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.patch.queryLatentDim).toBeUndefined();
    expect(result.notes.join(' ')).toMatch(/q_lora_rank is null/);
    const config = { ...DEFAULT_CONFIG, ...result.patch };
    expect(bytesPerToken(config)).toBe(576 * 27 * 2); // 31,104
  });

  it('GPT-2 (n_head / n_embd / n_layer names): 2·12·64 · 12 · 2 B = 36,864 B per token', () => {
    const { config } = imported(models.GPT2);
    expect(config).toMatchObject({ kind: 'mha', heads: 12, headDim: 64, layers: 12, contextLength: 1024 });
    expect(bytesPerToken(config)).toBe(36_864);
  });

  it('Falcon-7B (multi_query: true): MQA, 2·64 · 32 · 2 = 8,192 B per token', () => {
    const { config } = imported(models.FALCON_7B);
    expect(config).toMatchObject({ kind: 'mqa', heads: 71, headDim: 64 }); // 4544 / 71 = 64
    expect(bytesPerToken(config)).toBe(8192);
  });

  it('reads the language model of a multimodal config from text_config', () => {
    const result = importHfConfig(JSON.stringify({ model_type: 'vlm', text_config: models.LLAMA_3_8B }));
    expect(result.ok && result.patch.kvHeads).toBe(8);
    expect(result.ok && result.notes).toContain('Read the language model from text_config.');
  });

  it('names the model it read', () => {
    const llama2 = importHfConfig(JSON.stringify(models.LLAMA_2_7B));
    expect(llama2.ok && llama2.source).toBe('meta-llama/Llama-2-7b-hf');
    const qwen = importHfConfig(JSON.stringify(models.QWEN2_7B));
    expect(qwen.ok && qwen.source).toBe('Qwen2ForCausalLM');
  });
});

describe('values outside the explorer ranges are clamped, with a note', () => {
  it('a 10M-token context is clamped to 2^20', () => {
    const result = importHfConfig(
      JSON.stringify({ ...models.LLAMA_3_8B, max_position_embeddings: 10_000_000 }),
    );
    expect(result.ok && result.patch.contextLength).toBe(1 << 20);
    expect(result.ok && result.notes.join(' ')).toMatch(/context length: 10000000 is outside/);
  });
});

describe('bad input gives a clear error, never a throw', () => {
  const error = (text: string) => {
    const result = importHfConfig(text);
    expect(result.ok).toBe(false);
    return result.ok ? '' : result.error;
  };

  it('empty input', () => expect(error('  ')).toMatch(/Paste the contents/));
  it('invalid JSON quotes the parser', () =>
    expect(error('{"num_attention_heads": 32,}')).toMatch(/not valid JSON/));
  it('a list is not a config', () => expect(error('[1, 2]')).toMatch(/one JSON object.*a list/));
  it('no head count', () => expect(error('{"hidden_size": 4096}')).toMatch(/No attention head count/));
  it('no layer count', () =>
    expect(error('{"num_attention_heads": 8, "hidden_size": 512}')).toMatch(/No layer count/));
  it('KV heads that do not divide the heads', () =>
    expect(error(JSON.stringify({ ...models.LLAMA_3_8B, num_key_value_heads: 5 }))).toMatch(
      /num_key_value_heads = 5 must divide the 32/,
    ));
  it('a negative or fractional count', () => {
    expect(error(JSON.stringify({ ...models.LLAMA_3_8B, num_attention_heads: -4 }))).toMatch(
      /num_attention_heads is -4/,
    );
    expect(error(JSON.stringify({ ...models.LLAMA_3_8B, num_hidden_layers: 2.5 }))).toMatch(
      /num_hidden_layers is 2.5/,
    );
  });
  it('hidden size not a multiple of the heads and no head_dim', () =>
    expect(error(JSON.stringify({ ...models.GPT2, n_embd: 770 }))).toMatch(/not a multiple of 12 heads/));
});

describe('importModelConfig picks the reader from the text', () => {
  it('JSON goes to the config.json reader', () => {
    const result = importModelConfig(JSON.stringify(models.LLAMA_3_8B));
    expect(result.ok && result.patch.kind).toBe('gqa');
  });
  it('a Python config goes to the T6 reader', () => {
    const result = importModelConfig(
      "n_layer = 12\nn_head = 34\nn_embd = 768\nrank = 2\nq_rank = 6\nmodel_type = 'T6'\n",
    );
    expect(result.ok && result.patch).toMatchObject({ kind: 'tpa', heads: 34, rankK: 2, rankQ: 6 });
  });
  it('anything else is reported as bad JSON', () => {
    const result = importModelConfig('hello');
    expect(!result.ok && result.error).toMatch(/not valid JSON/);
  });
});
