import type { PlaygroundConfig } from '../config';
import type { Dtype } from '../memory';
import type { AttentionKind } from '../spec';
import { formatInteger } from '../view-models/memory';
import { fitToFields } from './fit-to-fields';
import type { ImportResult } from './import-result';

/**
 * Reads a Hugging Face `config.json` (Llama, Mistral, Qwen, Gemma, GPT-2, Falcon, DeepSeek-V2/V3 field
 * names) into the memory explorer's knobs. Pure: text in, a config patch (or a reason it cannot be read)
 * out. Only the knobs the cache depends on are set: kind, h, d_h, G, the MLA latents, L, d, the context
 * length and the storage type.
 */

type JsonObject = Record<string, unknown>;

/** The names different model families give the same quantity, most common first. */
const NAMES = {
  heads: ['num_attention_heads', 'n_head', 'n_heads', 'num_heads'],
  kvHeads: ['num_key_value_heads', 'num_kv_heads', 'n_head_kv', 'n_kv_heads', 'multi_query_group_num'],
  hidden: ['hidden_size', 'n_embd', 'd_model', 'dim'],
  layers: ['num_hidden_layers', 'n_layer', 'n_layers', 'num_layers'],
  headDim: ['head_dim'],
  context: ['max_position_embeddings', 'n_positions', 'max_seq_len', 'seq_length'],
} as const;

const DTYPE_BY_TORCH: Readonly<Record<string, Dtype>> = {
  float32: 'fp32',
  float16: 'bf16',
  bfloat16: 'bf16',
  float8_e4m3fn: 'fp8',
};

class ImportError extends Error {}

/** The largest count read (2³¹ − 1); beyond it a number is a typo or an attack, not a model. */
export const MAX_CONFIG_COUNT = 2_147_483_647;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

/** The first of `names` present (not null) in `obj`, as a positive whole number; undefined if none is. */
function readCount(obj: JsonObject, names: readonly string[]): { name: string; value: number } | undefined {
  for (const name of names) {
    const value = obj[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      throw new ImportError(`${name} is ${JSON.stringify(value)}; expected a positive whole number.`);
    }
    if (value > MAX_CONFIG_COUNT) {
      throw new ImportError(
        `${name} = ${String(value)} is out of range: expected a whole number from 1 to ${formatInteger(MAX_CONFIG_COUNT)}.`,
      );
    }
    return { name, value };
  }
  return undefined;
}

function requireCount(
  obj: JsonObject,
  names: readonly string[],
  what: string,
): { name: string; value: number } {
  const found = readCount(obj, names);
  if (!found) {
    throw new ImportError(
      `No ${what} found: expected ${names.slice(0, 2).join(' or ')}. Is this a model's config.json?`,
    );
  }
  return found;
}

/** Where the language model's settings live: the top level, or `text_config` in multimodal configs. */
function languageSection(root: JsonObject, notes: string[]): JsonObject {
  if (readCount(root, NAMES.heads)) return root;
  const text = root.text_config;
  if (isObject(text) && readCount(text, NAMES.heads)) {
    notes.push('Read the language model from text_config.');
    return text;
  }
  return root;
}

function modelName(root: JsonObject): string {
  const name = root._name_or_path;
  if (typeof name === 'string' && name !== '') return name;
  const arch = root.architectures;
  if (Array.isArray(arch) && typeof arch[0] === 'string') return arch[0];
  return typeof root.model_type === 'string' ? root.model_type : 'model';
}

function headDimOf(obj: JsonObject, heads: number, hidden: number | undefined): number {
  const explicit = readCount(obj, NAMES.headDim);
  if (explicit) return explicit.value;
  if (hidden === undefined)
    throw new ImportError('No head_dim and no hidden_size: cannot tell the head size.');
  if (hidden % heads !== 0) {
    throw new ImportError(
      `hidden_size ${hidden} is not a multiple of ${heads} heads and there is no head_dim field.`,
    );
  }
  return hidden / heads;
}

function mlaPatch(obj: JsonObject, heads: number, hidden: number | undefined, notes: string[]) {
  const kvLatent = requireCount(obj, ['kv_lora_rank'], 'KV latent size');
  const rope = readCount(obj, ['qk_rope_head_dim']);
  const nope = readCount(obj, ['qk_nope_head_dim', 'v_head_dim']);
  const headDim = nope ? nope.value : headDimOf(obj, heads, hidden);
  const patch: Partial<PlaygroundConfig> = {
    kind: 'mla',
    kvLatentDim: kvLatent.value,
    ropeDim: rope ? rope.value : 0,
    headDim,
  };
  if (!rope) notes.push('No qk_rope_head_dim: the decoupled RoPE key is taken as 0 dims.');
  const queryLatent = readCount(obj, ['q_lora_rank']);
  if (queryLatent) patch.queryLatentDim = queryLatent.value;
  else {
    notes.push(
      "q_lora_rank is null: this model does not compress queries. The query latent d'_c was left as it " +
        'was; it changes the parameter count, not the cache.',
    );
  }
  return patch;
}

function kvHeadCount(obj: JsonObject, heads: number): number {
  if (obj.multi_query === true) return 1;
  const kv = readCount(obj, NAMES.kvHeads);
  if (!kv) return heads;
  if (kv.value > heads || heads % kv.value !== 0) {
    throw new ImportError(`${kv.name} = ${kv.value} must divide the ${heads} attention heads.`);
  }
  return kv.value;
}

function kindFor(heads: number, kvHeads: number): AttentionKind {
  if (kvHeads === heads) return 'mha';
  return kvHeads === 1 ? 'mqa' : 'gqa';
}

function slidingWindowNote(obj: JsonObject): string | undefined {
  const window = obj.sliding_window;
  if (typeof window !== 'number' || obj.use_sliding_window === false) return undefined;
  const context = readCount(obj, NAMES.context);
  if (context && window >= context.value) return undefined;
  return (
    `sliding_window = ${formatInteger(window)}: layers that use it keep at most that many tokens; ` +
    'the explorer shows the cache without the window.'
  );
}

function readModel(root: JsonObject): { patch: Partial<PlaygroundConfig>; notes: string[] } {
  const notes: string[] = [];
  const obj = languageSection(root, notes);
  const heads = requireCount(obj, NAMES.heads, 'attention head count').value;
  const layers = requireCount(obj, NAMES.layers, 'layer count').value;
  const hidden = readCount(obj, NAMES.hidden)?.value;

  let patch: Partial<PlaygroundConfig>;
  if (obj.kv_lora_rank !== undefined && obj.kv_lora_rank !== null) {
    patch = mlaPatch(obj, heads, hidden, notes);
  } else {
    const kvHeads = kvHeadCount(obj, heads);
    patch = { kind: kindFor(heads, kvHeads), headDim: headDimOf(obj, heads, hidden) };
    if (kvHeads !== heads) patch.kvHeads = kvHeads;
  }
  patch = { ...patch, heads, layers };
  if (hidden !== undefined) patch.dModel = hidden;
  else notes.push('No hidden_size: the model width d was left as it was (it only matters for parameters).');

  const context = readCount(obj, NAMES.context);
  if (context) patch.contextLength = context.value;
  const torchDtype = obj.torch_dtype ?? obj.dtype ?? root.torch_dtype;
  if (typeof torchDtype === 'string' && DTYPE_BY_TORCH[torchDtype]) patch.dtype = DTYPE_BY_TORCH[torchDtype];

  const window = slidingWindowNote(obj);
  if (window) notes.push(window);
  return { patch, notes };
}

/** Parses the text of a config.json. Never throws: bad input gives `{ ok: false, error }`. */
export function importHfConfig(text: string): ImportResult {
  if (text.trim() === '') return { ok: false, error: 'Paste the contents of a config.json first.' };
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `This is not valid JSON: ${detail}` };
  }
  if (!isObject(root)) {
    return {
      ok: false,
      error: `A config.json holds one JSON object ({ … }); this is ${describeJson(root)}.`,
    };
  }
  try {
    const read = readModel(root);
    const fitted = fitToFields(read.patch);
    return {
      ok: true,
      source: modelName(root),
      patch: fitted.patch,
      notes: [...read.notes, ...fitted.notes],
    };
  } catch (err) {
    if (err instanceof ImportError) return { ok: false, error: err.message };
    throw err;
  }
}
