import * as tf from '@tensorflow/tfjs-core';

/**
 * c[:, g, :] = a[:, g, :] · b[:, g, :] for every group g: a [n, G, k], b [k, G, m] → c [n, G, m].
 *
 * Why not a batched tf.matMul: tfjs's wasm backend runs only plain 2-D non-transposed products on its
 * fast (XNNPACK) path; a batch dimension or a transpose flag falls back to a scalar loop about 10×
 * slower (docs/performance.md). A depthwise convolution is the same grouped product and runs through
 * XNNPACK's grouped GEMM: the G groups are the channels, the k-long reduction is the filter height,
 * and each of the n rows is one output pixel:
 *
 *   x      [n, k, 1, G]  = a with its last two axes swapped (x[i, j, 0, g] = a[i, g, j])
 *   filter [k, 1, G, m]  = b (filter[j, 0, g, c] = b[j, g, c]), channel multiplier m
 *   out    [n, 1, 1, G·m] = c (output channel g·m + c)
 *
 * The gradient is written out as two more grouped products (da = dc·bᵀ, db = aᵀ·dc per group) with
 * explicit transposes, because tfjs has no wasm kernels for the depthwise convolution's own gradients.
 */
function grouped(x: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  const [n, k, g] = x.shape;
  const m = b.shape[2];
  const filter = tf.reshape(b, [k, 1, g, m]) as tf.Tensor4D;
  return tf.reshape(tf.depthwiseConv2d(tf.reshape(x, [n, k, 1, g]) as tf.Tensor4D, filter, 1, 'valid'), [
    n,
    g,
    m,
  ]);
}

const groupMatMulOp = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: grouped(tf.transpose(a, [0, 2, 1]), b),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [as, bs] = saved as [tf.Tensor3D, tf.Tensor3D];
      const dc = dy as tf.Tensor3D;
      // da[i, g, j] = Σ_c dc[i, g, c]·b[j, g, c];  db[j, g, c] = Σ_i a[i, g, j]·dc[i, g, c]
      const da = grouped(tf.transpose(dc, [0, 2, 1]), tf.transpose(bs, [2, 1, 0]));
      const db = grouped(tf.transpose(as, [2, 0, 1]), dc);
      return [da, db];
    },
  };
});

/** See `grouped` (which takes a as x [n, k, G]): a [n, G, k] · b [k, G, m] → [n, G, m], per group g, with a custom gradient. */
export function groupMatMul(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  const [, g, k] = a.shape;
  if (b.shape[0] !== k || b.shape[1] !== g)
    throw new Error(`groupMatMul: a [n, ${g}, ${k}] does not match b [${b.shape.join(', ')}]`);
  return groupMatMulOp(a, b) as tf.Tensor3D;
}
