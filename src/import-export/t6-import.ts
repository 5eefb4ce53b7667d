import type { PlaygroundConfig } from '../config';
import type { AttentionKind } from '../spec';
import { formatInteger } from '../view-models/format';
import { fitToFields } from './fit-to-fields';
import { MAX_CONFIG_COUNT } from './hf-config';
import type { ImportResult } from './import-result';
import { readAssignments } from './python-assignments';
import type { PyValue } from './python-assignments';

/**
 * Reads a training config of the official T6 code (one of its `config/*.py` files, or one exported by
 * `exportT6Config`) back into the explorer's knobs: the inverse of the export.
 */

/** The default head size of the official GPTConfig. */
const CODE_DEFAULT_HEAD_DIM = 64;

class ConfigError extends Error {}

function count(values: ReadonlyMap<string, PyValue>, name: string): number | undefined {
  const value = values.get(name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`${name} is ${String(value)}; expected a positive whole number.`);
  }
  if (value > MAX_CONFIG_COUNT) {
    throw new ConfigError(
      `${name} = ${String(value)} is out of range: expected a whole number from 1 to ${formatInteger(MAX_CONFIG_COUNT)}.`,
    );
  }
  return value;
}

function required(values: ReadonlyMap<string, PyValue>, name: string): number {
  const value = count(values, name);
  if (value === undefined) throw new ConfigError(`The config has no ${name}.`);
  return value;
}

function kindOf(modelType: PyValue | undefined, notes: string[]): AttentionKind {
  if (modelType === undefined) {
    notes.push('No model_type: read as T6 (TPA).');
    return 'tpa';
  }
  if (typeof modelType !== 'string') throw new ConfigError('model_type is not a string.');
  const type = modelType.toLowerCase();
  if (type.startsWith('t6')) {
    if (type !== 't6' && type !== 't6_kvonly')
      notes.push(`model_type '${modelType}' read as its plain T6 form.`);
    return type.includes('kvonly') ? 'tpa-kvonly' : 'tpa';
  }
  if (type.includes('mla')) return 'mla';
  if (type.includes('gqa')) return 'gqa';
  if (type.includes('mha') || type === 'llama') return 'mha';
  throw new ConfigError(`model_type '${modelType}' is not one of the official code's models.`);
}

function attentionPatch(
  kind: AttentionKind,
  values: ReadonlyMap<string, PyValue>,
  heads: number,
  notes: string[],
): Partial<PlaygroundConfig> {
  const headDim = count(values, 'head_dim');
  const patch: Partial<PlaygroundConfig> = { kind };
  if (headDim !== undefined) patch.headDim = headDim;
  else if (kind === 'mha') patch.headDim = Math.round(required(values, 'n_embd') / heads);
  else {
    patch.headDim = CODE_DEFAULT_HEAD_DIM;
    notes.push(`No head_dim: the code's default ${CODE_DEFAULT_HEAD_DIM} was used.`);
  }
  switch (kind) {
    case 'tpa':
    case 'tpa-kvonly': {
      const rank = required(values, 'rank');
      patch.rankK = rank;
      patch.rankV = rank;
      const rankQ = count(values, 'q_rank');
      if (rankQ !== undefined) patch.rankQ = rankQ;
      return patch;
    }
    case 'gqa': {
      const group = required(values, 'group_size');
      if (heads % group !== 0) throw new ConfigError(`group_size ${group} does not divide n_head ${heads}.`);
      const kvHeads = heads / group;
      return kvHeads === 1 ? { ...patch, kind: 'mqa' } : { ...patch, kvHeads };
    }
    case 'mla':
      return {
        ...patch,
        kvLatentDim: required(values, 'kv_lora_rank'),
        queryLatentDim: required(values, 'q_lora_rank'),
        ropeDim: values.get('qk_rope_head_dim') === 0 ? 0 : required(values, 'qk_rope_head_dim'),
      };
    default:
      return patch;
  }
}

/** Parses the text of a T6 training config. Never throws: bad input gives `{ ok: false, error }`. */
export function importT6Config(text: string): ImportResult {
  const values = readAssignments(text);
  if (values.size === 0) return { ok: false, error: 'No `name = value` lines found in this config.' };
  const notes: string[] = [];
  if (!values.has('model_type') && !values.has('rank') && !values.has('q_rank')) {
    return {
      ok: false,
      error:
        'This Python config has no model_type and no rank, so it is not a T6 training config (nanoGPT’s ' +
        'own configs look like this). The import box reads the official T6 code’s config/*.py files, which ' +
        "name the attention in model_type ('T6', 'llama-mha', 'llama-gqa', 'mla', …), and Hugging Face " +
        'config.json files.',
    };
  }
  try {
    const heads = required(values, 'n_head');
    const kind = kindOf(values.get('model_type'), notes);
    const patch: Partial<PlaygroundConfig> = {
      ...attentionPatch(kind, values, heads, notes),
      heads,
      layers: required(values, 'n_layer'),
      dModel: required(values, 'n_embd'),
    };
    const blockSize = count(values, 'block_size');
    if (blockSize !== undefined) patch.contextLength = blockSize;
    const fitted = fitToFields(patch);
    const type = values.get('model_type');
    return {
      ok: true,
      source: typeof type === 'string' ? `${type} training config` : 'training config',
      patch: fitted.patch,
      notes: [...notes, ...fitted.notes],
    };
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, error: err.message };
    throw err;
  }
}
