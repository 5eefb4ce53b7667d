import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

/**
 * Two WGSL kernels of our own for single-token TPA decoding on the WebGPU backend, registered as tfjs
 * kernels for 'webgpu' (they run through the backend's own `runWebGPUProgram`, which compiles the
 * shader once per shader key and binds the inputs, the output and their shapes as uniforms). They do
 * the two contractions over a cache chunk that factor-decode.ts otherwise builds from several tfjs ops
 * (docs/kv-cache.md#flashtpa):
 *
 *   T6TpaDecodeScores  q [h, d_h], B̃_Kᵀ [d_h, c·R_K], A_Kᵀ [h, c·R_K] → L [h, c]
 *                      L[i, m] = Σ_s A_K[i, m·R_K + s] · Σ_j q[i, j] · B̃_Kᵀ[j, m·R_K + s]
 *   T6TpaDecodeValues  p [h, c], A_V [h, R_V·c], B_V [R_V·c, d_h] → O [h, d_h]
 *                      O[i, j] = Σ_u Σ_m p[i, m] · A_V[i, u·c + m] · B_V[u·c + m, j]
 *
 * One invocation per output element. The rank, d_h and R_V are compiled in (loops of known length);
 * the chunk length c is read from the shape uniforms, so a growing cache reuses the same pipelines.
 * Nothing here imports the WebGPU backend: registering a kernel for a backend that never initialises
 * (Node, a browser without WebGPU) is harmless.
 */
const SCORES_KERNEL = 'T6TpaDecodeScores';
const VALUES_KERNEL = 'T6TpaDecodeValues';

const WORKGROUP = 64;

/** The part of tfjs's WebGPU backend the kernels use. */
interface WebGpuRunner {
  runWebGPUProgram(program: WebGPUProgram, inputs: tf.TensorInfo[], dtype: tf.DataType): tf.TensorInfo;
}

/** A program over the flat index of its output, one invocation per element, bounds-checked by `size`. */
function flatProgram(
  shaderKey: string,
  variableNames: string[],
  outputShape: number[],
  body: string,
): WebGPUProgram {
  const size = outputShape.reduce((a, b) => a * b, 1);
  return {
    shaderKey,
    variableNames,
    outputShape,
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let coords = getCoordsFromIndex(index);
          ${body}
        }
      }`,
  };
}

function scoresProgram(heads: number, headDim: number, chunk: number, rankK: number): WebGPUProgram {
  return flatProgram(
    `t6TpaScores_${headDim}_${rankK}`,
    ['q', 'bK', 'aK'],
    [heads, chunk],
    `
          let head = coords[0];
          let token = coords[1];
          var total = 0.0;
          for (var s = 0; s < ${rankK}; s++) {
            let column = token * ${rankK} + s;
            var dot = 0.0;
            for (var j = 0; j < ${headDim}; j++) {
              dot = dot + getQ(head, j) * getBK(j, column);
            }
            total = total + dot * getAK(head, column);
          }
          setOutputAtIndex(index, total);`,
  );
}

function valuesProgram(heads: number, headDim: number, rankV: number): WebGPUProgram {
  return flatProgram(
    `t6TpaValues_${rankV}`,
    ['p', 'aV', 'bV'],
    [heads, headDim],
    `
          let head = coords[0];
          let feature = coords[1];
          let chunk = uniforms.pShape[1];
          var total = 0.0;
          for (var u = 0; u < ${rankV}; u++) {
            for (var m = 0; m < chunk; m++) {
              let row = u * chunk + m;
              total = total + getP(head, m) * getAV(head, row) * getBV(row, feature);
            }
          }
          setOutputAtIndex(index, total);`,
  );
}

tf.registerKernel({
  kernelName: SCORES_KERNEL,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { query, bK, aK } = inputs as { query: tf.TensorInfo; bK: tf.TensorInfo; aK: tf.TensorInfo };
    const rankK = attrs!.rankK as number;
    const [heads, headDim] = query.shape as [number, number];
    const chunk = bK.shape[1]! / rankK;
    const program = scoresProgram(heads, headDim, chunk, rankK);
    return (backend as WebGpuRunner).runWebGPUProgram(program, [query, bK, aK], 'float32');
  },
});

tf.registerKernel({
  kernelName: VALUES_KERNEL,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { p, aV, bV } = inputs as { p: tf.TensorInfo; aV: tf.TensorInfo; bV: tf.TensorInfo };
    const [heads] = p.shape as [number, number];
    const headDim = bV.shape[1]!;
    const program = valuesProgram(heads, headDim, attrs!.rankV as number);
    return (backend as WebGpuRunner).runWebGPUProgram(program, [p, aV, bV], 'float32');
  },
});

/** Whether the decoding step should use the kernels above (the active backend is WebGPU). */
export function webGpuKernelsApply(): boolean {
  return tf.getBackend() === 'webgpu';
}

/** Logits [h, c] of one chunk: query [h, d_h], bK [d_h, c·R_K], aK [h, c·R_K]. */
export function chunkScores(
  query: tf.Tensor2D,
  bK: tf.Tensor2D,
  aK: tf.Tensor2D,
  rankK: number,
): tf.Tensor2D {
  return tf.engine().runKernel(SCORES_KERNEL, { query, bK, aK }, { rankK }) as tf.Tensor2D;
}

/** The unnormalised values [h, d_h] of one chunk: p [h, c], aV [h, R_V·c], bV [R_V·c, d_h]. */
export function chunkValues(p: tf.Tensor2D, aV: tf.Tensor2D, bV: tf.Tensor2D, rankV: number): tf.Tensor2D {
  return tf.engine().runKernel(VALUES_KERNEL, { p, aV, bV }, { rankV }) as tf.Tensor2D;
}
