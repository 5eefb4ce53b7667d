/** What the kernel-check page (main.ts) and its bench (webgpu-kernel.bench.ts) exchange. */
export interface KernelCase {
  label: string;
  heads: number;
  headDim: number;
  rankK: number;
  rankV: number;
  /** tokens per cache chunk, oldest first */
  chunks: number[];
}

export interface KernelResult extends KernelCase {
  /** largest |kernel − tfjs| over the step's output */
  maxDiff: number;
  /** largest |tfjs output|, for scale */
  maxAbs: number;
  /** median ms of one step with the read-back */
  kernelMs: number;
  tfjsMs: number;
  /** the tfjs kernels one step of the kernel path ran */
  kernelNames: string[];
}

export type KernelCheck = (
  cases: KernelCase[],
  iterations: number,
) => Promise<{ adapter: string; software: boolean; results: KernelResult[] }>;

declare global {
  interface Window {
    __kernelCheck?: KernelCheck;
  }
}
