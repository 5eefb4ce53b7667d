/**
 * config.json files of real models, as published on the Hugging Face Hub (the fields that matter here,
 * with their published values; tokenizer ids and similar fields left out).
 */

export const LLAMA_2_7B = {
  _name_or_path: 'meta-llama/Llama-2-7b-hf',
  architectures: ['LlamaForCausalLM'],
  hidden_size: 4096,
  intermediate_size: 11008,
  max_position_embeddings: 4096,
  model_type: 'llama',
  num_attention_heads: 32,
  num_hidden_layers: 32,
  num_key_value_heads: 32,
  rms_norm_eps: 1e-5,
  torch_dtype: 'float16',
  vocab_size: 32000,
};

export const LLAMA_3_8B = {
  architectures: ['LlamaForCausalLM'],
  attention_bias: false,
  hidden_act: 'silu',
  hidden_size: 4096,
  intermediate_size: 14336,
  max_position_embeddings: 8192,
  model_type: 'llama',
  num_attention_heads: 32,
  num_hidden_layers: 32,
  num_key_value_heads: 8,
  rope_scaling: null,
  rope_theta: 500000.0,
  torch_dtype: 'bfloat16',
  vocab_size: 128256,
};

export const MISTRAL_7B_V01 = {
  architectures: ['MistralForCausalLM'],
  hidden_size: 4096,
  intermediate_size: 14336,
  max_position_embeddings: 32768,
  model_type: 'mistral',
  num_attention_heads: 32,
  num_hidden_layers: 32,
  num_key_value_heads: 8,
  rope_theta: 10000.0,
  sliding_window: 4096,
  torch_dtype: 'bfloat16',
  vocab_size: 32000,
};

/** Mistral-Nemo: head_dim 128 although hidden_size / heads = 160. */
export const MISTRAL_NEMO = {
  architectures: ['MistralForCausalLM'],
  head_dim: 128,
  hidden_size: 5120,
  max_position_embeddings: 1024000,
  model_type: 'mistral',
  num_attention_heads: 32,
  num_hidden_layers: 40,
  num_key_value_heads: 8,
  sliding_window: null,
  torch_dtype: 'bfloat16',
};

export const QWEN2_7B = {
  architectures: ['Qwen2ForCausalLM'],
  hidden_size: 3584,
  intermediate_size: 18944,
  max_position_embeddings: 131072,
  max_window_layers: 28,
  model_type: 'qwen2',
  num_attention_heads: 28,
  num_hidden_layers: 28,
  num_key_value_heads: 4,
  rope_theta: 1000000.0,
  sliding_window: 131072,
  torch_dtype: 'bfloat16',
  use_sliding_window: false,
  vocab_size: 152064,
};

export const QWEN3_8B = {
  architectures: ['Qwen3ForCausalLM'],
  head_dim: 128,
  hidden_size: 4096,
  max_position_embeddings: 40960,
  model_type: 'qwen3',
  num_attention_heads: 32,
  num_hidden_layers: 36,
  num_key_value_heads: 8,
  sliding_window: null,
  torch_dtype: 'bfloat16',
  use_sliding_window: false,
};

export const DEEPSEEK_V2 = {
  architectures: ['DeepseekV2ForCausalLM'],
  hidden_size: 5120,
  kv_lora_rank: 512,
  max_position_embeddings: 163840,
  model_type: 'deepseek_v2',
  num_attention_heads: 128,
  num_hidden_layers: 60,
  num_key_value_heads: 128,
  q_lora_rank: 1536,
  qk_nope_head_dim: 128,
  qk_rope_head_dim: 64,
  torch_dtype: 'bfloat16',
  v_head_dim: 128,
};

export const DEEPSEEK_V2_LITE = {
  architectures: ['DeepseekV2ForCausalLM'],
  hidden_size: 2048,
  kv_lora_rank: 512,
  max_position_embeddings: 163840,
  model_type: 'deepseek_v2',
  num_attention_heads: 16,
  num_hidden_layers: 27,
  num_key_value_heads: 16,
  q_lora_rank: null,
  qk_nope_head_dim: 128,
  qk_rope_head_dim: 64,
  torch_dtype: 'bfloat16',
  v_head_dim: 128,
};

export const DEEPSEEK_V3 = {
  architectures: ['DeepseekV3ForCausalLM'],
  hidden_size: 7168,
  kv_lora_rank: 512,
  max_position_embeddings: 163840,
  model_type: 'deepseek_v3',
  num_attention_heads: 128,
  num_hidden_layers: 61,
  num_key_value_heads: 128,
  q_lora_rank: 1536,
  qk_nope_head_dim: 128,
  qk_rope_head_dim: 64,
  torch_dtype: 'bfloat16',
  v_head_dim: 128,
};

export const GPT2 = {
  architectures: ['GPT2LMHeadModel'],
  model_type: 'gpt2',
  n_ctx: 1024,
  n_embd: 768,
  n_head: 12,
  n_layer: 12,
  n_positions: 1024,
  vocab_size: 50257,
};

export const FALCON_7B = {
  architectures: ['FalconForCausalLM'],
  hidden_size: 4544,
  model_type: 'falcon',
  multi_query: true,
  num_attention_heads: 71,
  num_hidden_layers: 32,
  torch_dtype: 'bfloat16',
};
