import { attentionOf } from '../config';
import type { PlaygroundConfig } from '../config';
import { cacheFormulaText } from '../memory';
import { KIND_LABELS } from '../spec';
import type { AttentionKind } from '../spec';
import { formatInteger } from '../view-models/memory';

/**
 * Writes the current model as a training config for the official PyTorch code (github.com/tensorgi/TPA,
 * docs/tpa-math.md#t6-model): a Python file of `name = value` lines in the layout of that repository's `config/*.py`,
 * to be passed to its training script the same way. TPA exports as T6, TPA-KVonly as T6_kvonly and the
 * baselines as the repository's llama-* models. The optimiser settings are the paper's (docs/tpa-math.md#training-setup).
 */

export interface T6Export {
  fileName: string;
  text: string;
  /** what the file cannot express exactly (also written into the file as comments) */
  notes: string[];
}

/** `model_type` of the official code for each kind. */
const MODEL_TYPE: Readonly<Record<AttentionKind, string>> = {
  tpa: 'T6',
  'tpa-kvonly': 'T6_kvonly',
  mha: 'llama-mha',
  mqa: 'llama-gqa',
  gqa: 'llama-gqa',
  mla: 'llama-mla',
};

/** Context length the paper trained at; a longer block_size costs quadratically more attention compute. */
const PAPER_BLOCK_SIZE = 1024;

type Line = readonly [name: string, value: string] | string;

/** Peak and final learning rate the paper used at each width (docs/tpa-math.md#training-setup). */
function learningRates(dModel: number): { max: string; min: string } {
  if (dModel <= 1024) return { max: '6e-4', min: '3e-5' };
  if (dModel <= 1280) return { max: '2e-4', min: '1e-5' };
  return { max: '1e-4', min: '1e-5' };
}

function attentionLines(config: PlaygroundConfig, notes: string[]): Line[] {
  const { heads, headDim, dModel } = config;
  switch (config.kind) {
    case 'tpa':
    case 'tpa-kvonly': {
      const rank = Math.max(config.rankK, config.rankV);
      if (config.rankK !== config.rankV) {
        const asExported = cacheFormulaText({
          kind: 'tpa',
          heads,
          headDim,
          rankQ: 1,
          rankK: rank,
          rankV: rank,
        });
        notes.push(
          `The official code uses one rank for keys and values (R_K = R_V); you chose R_K = ${config.rankK} ` +
            `and R_V = ${config.rankV}, so rank = ${rank}. Its cache is then ${asExported.filled} elements ` +
            'per token per layer.',
        );
      }
      const lines: Line[] = [
        ['head_dim', String(headDim)],
        ['rank', String(rank)],
      ];
      if (config.kind === 'tpa') lines.push(['q_rank', String(config.rankQ)]);
      return lines;
    }
    case 'mha':
      if (heads * headDim !== dModel) {
        notes.push(
          `llama-mha sizes its projections from n_embd; here h·d_h = ${heads}·${headDim} = ` +
            `${formatInteger(heads * headDim)} but d = ${formatInteger(dModel)}. Check the model file before training.`,
        );
      }
      return [['head_dim', String(headDim)]];
    case 'mqa':
      return [
        ['head_dim', String(headDim)],
        ['group_size', String(heads)],
      ];
    case 'gqa':
      return [
        ['head_dim', String(headDim)],
        ['group_size', String(heads / config.kvHeads)],
      ];
    case 'mla':
      notes.push(
        'The repository’s training script may not pass the MLA sizes to the model (train_adam_fw.py builds GPTConfig from a fixed list of keys without them); check ' +
          'that q_lora_rank, kv_lora_rank and qk_rope_head_dim reach GPTConfig.',
      );
      return [
        ['head_dim', String(headDim)],
        ['q_lora_rank', String(config.queryLatentDim)],
        ['kv_lora_rank', String(config.kvLatentDim)],
        ['qk_rope_head_dim', String(config.ropeDim)],
        ['v_head_dim', String(headDim)],
      ];
  }
}

function render(lines: readonly Line[]): string {
  return lines.map((line) => (typeof line === 'string' ? line : `${line[0]} = ${line[1]}`)).join('\n');
}

export function exportT6Config(config: PlaygroundConfig): T6Export {
  const notes: string[] = [];
  const attention = attentionLines(config, notes);
  const formula = cacheFormulaText(attentionOf(config));
  if (config.contextLength > PAPER_BLOCK_SIZE) {
    notes.push(
      `block_size = ${formatInteger(config.contextLength)} (your context length): the paper trained at ` +
        `${formatInteger(PAPER_BLOCK_SIZE)}, and attention compute grows with its square.`,
    );
  }
  const lr = learningRates(config.dModel);
  const label = KIND_LABELS[config.kind];
  const lines: Line[] = [
    `# Written by T6 Playground: ${label}, h = ${config.heads}, d_h = ${config.headDim}, ` +
      `L = ${config.layers}, d = ${config.dModel}.`,
    '# For the official code (github.com/tensorgi/TPA): use it like the files in its config/ folder.',
    `# KV cache per token per layer: ${formula.symbolic} = ${formula.filled} elements.`,
    ...notes.map((n) => `# Note: ${n}`),
    '',
    '# Wandb configs (set wandb_log = True to log runs)',
    ['wandb_log', 'False'],
    ['wandb_project', "'t6-playground'"],
    '',
    '# Model configs',
    ['n_layer', String(config.layers)],
    ['n_head', String(config.heads)],
    ...attention,
    ['n_embd', String(config.dModel)],
    ['dropout', '0.0'],
    ['bias', 'False'],
    ['using_groupnorm', 'False'],
    '',
    '# Training configs (the paper: 480 sequences per step over 100k steps)',
    ['batch_size', '24'],
    ['block_size', String(config.contextLength)],
    ['gradient_accumulation_steps', '120 // batch_size'],
    ['max_iters', '100000'],
    ['lr_decay_iters', '100000'],
    ['eval_interval', '1000'],
    ['eval_iters', '200'],
    ['log_interval', '10'],
    '',
    '# Optimizer configs (the paper’s AdamW settings for this width)',
    ['optimizer_name', "'adamw'"],
    ['learning_rate', lr.max],
    ['weight_decay', '1e-1'],
    ['beta1', '0.9'],
    ['beta2', '0.95'],
    ['grad_clip', '1.0'],
    ['decay_lr', 'True'],
    ['warmup_iters', '2000'],
    ['min_lr', lr.min],
    ['schedule', "'cosine'"],
    '',
    '# System configs',
    ['compile', 'True'],
    ['model_type', `'${MODEL_TYPE[config.kind]}'`],
    '',
  ];
  const fileName = `train_${MODEL_TYPE[config.kind].replace(/-/g, '_')}_h${config.heads}_L${config.layers}.py`;
  return { fileName, text: render(lines), notes };
}
