import type { PlaygroundConfig } from '../../src/config';

type NumericKey = {
  [K in keyof PlaygroundConfig]: PlaygroundConfig[K] extends number ? K : never;
}[keyof PlaygroundConfig];

/** One numeric knob of the in-browser model as a slider over a list of sensible values. */
export interface Knob {
  key: NumericKey;
  label: string;
  values: readonly number[];
  format?: (v: number) => string;
}

const range = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

export const MODEL_KNOBS: readonly Knob[] = [
  { key: 'modelDModel', label: 'width d', values: [16, 32, 48, 64, 96, 128, 192, 256] },
  { key: 'modelLayers', label: 'layers L', values: range(1, 8) },
  { key: 'modelHeads', label: 'heads h', values: range(1, 16) },
  { key: 'modelHeadDim', label: 'head dim d_h', values: range(4, 64, 4) },
  { key: 'modelContext', label: 'context T', values: [16, 24, 32, 48, 64, 96, 128, 192, 256] },
];

const lrFormat = (v: number) => (v >= 0.001 ? String(v) : v.toExponential(0));

export const TRAINING_KNOBS: readonly Knob[] = [
  {
    key: 'learningRate',
    label: 'learning rate',
    values: [1e-4, 3e-4, 1e-3, 2e-3, 3e-3, 5e-3, 1e-2, 2e-2, 3e-2, 5e-2, 1e-1],
    format: lrFormat,
  },
  { key: 'trainBatch', label: 'batch', values: [1, 2, 4, 8, 16, 32, 64] },
  { key: 'trainSteps', label: 'steps', values: [20, 50, 100, 200, 300, 500, 1000, 2000, 5000, 10000, 20000] },
];

export const SAMPLING_KNOBS: readonly Knob[] = [
  {
    key: 'temperature',
    label: 'temperature',
    values: range(0, 20).map((i) => i / 10),
    format: (v) => (v === 0 ? '0 (greedy)' : v.toFixed(1)),
  },
  {
    key: 'topK',
    label: 'top-k',
    values: [0, 1, 2, 3, 5, 10, 20, 40, 80, 200],
    format: (v) => (v === 0 ? 'off' : String(v)),
  },
];
