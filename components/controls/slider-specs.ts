import { divisors, FIELDS } from '../../src/config';
import type { ConfigKey, PlaygroundConfig } from '../../src/config';

type NumericKey = {
  [K in ConfigKey]: PlaygroundConfig[K] extends number ? K : never;
}[ConfigKey];

/** How one numeric knob maps to a slider: linear steps, powers of two, or a list of allowed values. */
export interface SliderSpec {
  key: NumericKey;
  label: string;
  /** the allowed values for this config, in slider order (position = index) */
  values: (config: PlaygroundConfig) => number[];
  /** fixed hint explaining the constraint, shown under the slider */
  rule?: (config: PlaygroundConfig) => string | undefined;
  format?: (value: number) => string;
}

const INT = new Intl.NumberFormat('en-US');

function range(min: number, max: number, step = 1): number[] {
  const out: number[] = [];
  for (let v = min; v <= max; v += step) out.push(v);
  return out;
}

function powersOfTwo(minExp: number, maxExp: number): number[] {
  return range(minExp, maxExp).map((e) => 2 ** e);
}

function formatTokens(tokens: number): string {
  if (tokens >= 1 << 20 && tokens % (1 << 20) === 0) return `${INT.format(tokens)} (${tokens / (1 << 20)}M)`;
  if (tokens >= 1024 && tokens % 1024 === 0) return `${INT.format(tokens)} (${tokens / 1024}k)`;
  return INT.format(tokens);
}

export const SHAPE_SLIDERS: readonly SliderSpec[] = [
  { key: 'heads', label: 'heads h', values: () => range(1, 128) },
  {
    key: 'headDim',
    label: 'head dim d_h',
    values: () => range(8, 256, 8),
    rule: () => 'a multiple of 8 here',
  },
  { key: 'layers', label: 'layers L', values: () => range(1, 128) },
  { key: 'dModel', label: 'model width d', values: () => range(64, 8192, 64) },
];

export const TPA_SLIDERS: readonly SliderSpec[] = [
  { key: 'rankQ', label: 'R_Q (query rank)', values: () => range(1, FIELDS.rankQ.max) },
  { key: 'rankK', label: 'R_K (key rank)', values: () => range(1, FIELDS.rankK.max) },
  { key: 'rankV', label: 'R_V (value rank)', values: () => range(1, FIELDS.rankV.max) },
];

export const GQA_SLIDERS: readonly SliderSpec[] = [
  {
    key: 'kvHeads',
    label: 'KV heads G',
    values: (c) => divisors(c.heads),
    rule: (c) => `G must divide h = ${c.heads}: ${divisors(c.heads).join(', ')}`,
  },
];

export const MLA_SLIDERS: readonly SliderSpec[] = [
  { key: 'kvLatentDim', label: 'KV latent d_c', values: () => range(16, 2048, 16) },
  { key: 'queryLatentDim', label: "query latent d'_c", values: () => range(16, 4096, 16) },
  { key: 'ropeDim', label: 'RoPE key dim d_h^R', values: () => range(0, 256, 8) },
];

export const WORKLOAD_SLIDERS: readonly SliderSpec[] = [
  { key: 'contextLength', label: 'context length T', values: () => powersOfTwo(7, 20), format: formatTokens },
  { key: 'batch', label: 'batch', values: () => powersOfTwo(0, 10) },
];

/**
 * Slider position of a value: its index in the allowed list, or the nearest one when a link carried a
 * value between steps (the value itself is kept and shown until the reader moves the slider).
 */
export function positionOf(values: readonly number[], value: number): number {
  let best = 0;
  for (let i = 0; i < values.length; i++) {
    if (Math.abs(values[i]! - value) < Math.abs(values[best]! - value)) best = i;
  }
  return best;
}

export function formatValue(spec: SliderSpec, value: number): string {
  return spec.format ? spec.format(value) : INT.format(value);
}
