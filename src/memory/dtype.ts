/** Storage types for the KV cache and their size in bytes per element. */
export const DTYPES = ['fp32', 'bf16', 'fp8', 'int4'] as const;
export type Dtype = (typeof DTYPES)[number];

export const BYTES_PER_ELEMENT: Readonly<Record<Dtype, number>> = {
  fp32: 4,
  bf16: 2,
  fp8: 1,
  int4: 0.5,
};

export const DTYPE_LABELS: Readonly<Record<Dtype, string>> = {
  fp32: 'fp32 (4 B)',
  bf16: 'bf16 / fp16 (2 B)',
  fp8: 'fp8 (1 B)',
  int4: 'int4 (0.5 B)',
};
