import type { PlaygroundConfig } from '../config';

/** What reading a pasted model config gives: the knobs to change, or why nothing could be read. */
export type ImportResult =
  | {
      ok: true;
      /** the model the config describes, e.g. "meta-llama/Meta-Llama-3-8B" or "LlamaForCausalLM" */
      source: string;
      /** the knobs read, already within the explorer's ranges */
      patch: Partial<PlaygroundConfig>;
      /** what the reader should know: assumptions, clamped values, fields that do not map */
      notes: string[];
    }
  | { ok: false; error: string };
