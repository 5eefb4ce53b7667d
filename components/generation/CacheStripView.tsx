import { KIND_LABELS } from '../../src/spec';
import { formatBytes, formatInteger } from '../../src/view-models/memory';
import type { CacheStrip, wasmPackedCopy } from '../../src/view-models/training/cache-view';

export interface CacheStripViewProps {
  strip: CacheStrip;
  /** what the count leaves out on the WASM backend (TPA's packed B factors), if anything */
  packed?: ReturnType<typeof wasmPackedCopy>;
}

/**
 * The KV cache of every layer after the latest token: a bar filling up to the context window, and the
 * bytes measured from the worker's cache tensors next to the formula's prediction.
 */
export function CacheStripView({ strip, packed = null }: CacheStripViewProps) {
  return (
    <div className="cache-strip" data-testid="cache-strip" data-matches={strip.matches}>
      <p className="cache-strip__formula">
        {KIND_LABELS[strip.kind]} caches {strip.formula.symbolic} = {strip.formula.filled} numbers per token
        and layer, 4 bytes each: {formatInteger(strip.perTokenBytes)} B. After {formatInteger(strip.tokens)}{' '}
        token
        {strip.tokens === 1 ? '' : 's'} (window {strip.maxSeqLen}):
      </p>
      <ol className="cache-strip__layers">
        {strip.rows.map((r) => (
          <li key={r.layer} className="cache-strip__layer" data-layer={r.layer} data-matches={r.matches}>
            <span className="cache-strip__name">layer {r.layer}</span>
            <span className="cache-strip__track" aria-hidden="true">
              <span className="cache-strip__fill" style={{ width: `${(strip.fill * 100).toFixed(1)}%` }} />
            </span>
            <span className="cache-strip__bytes">
              measured {formatInteger(r.measuredBytes)} B · formula {formatInteger(r.formulaBytes)} B{' '}
              <span className={r.matches ? 'cache-strip__ok' : 'cache-strip__bad'}>
                {r.matches ? '✓ equal' : '✗ differ'}
              </span>
            </span>
          </li>
        ))}
      </ol>
      <p className="cache-strip__total">
        All layers: measured{' '}
        <strong data-testid="cache-measured" data-value={strip.totalMeasured}>
          {formatInteger(strip.totalMeasured)} B
        </strong>{' '}
        ({formatBytes(strip.totalMeasured)}), formula{' '}
        <strong data-testid="cache-formula" data-value={strip.totalFormula}>
          {formatInteger(strip.totalFormula)} B
        </strong>
        .
      </p>
      {packed && (
        <p className="cache-strip__note" data-testid="cache-packed" data-value={packed.upToBytes}>
          Not counted: on the WASM backend, the matrix library under tfjs (XNNPACK) keeps its own packed copy
          of every sealed cache chunk&apos;s B_K and B_V, the right-hand operands of TPA&apos;s decoding
          products: {formatInteger(packed.perTokenBytes / 4)} more numbers per token and layer ((R_K +
          R_V)·d_h), up to {formatInteger(packed.upToBytes)} B now. The formula counts the cache; this copy is
          what this backend spends to read it fast.
        </p>
      )}
    </div>
  );
}
