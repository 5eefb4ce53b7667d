import { cacheFormulaText, kvCacheBytes, kvCacheElementsPerToken } from '../../memory';
import { KIND_LABELS } from '../../spec';
import type { FormulaText } from '../../memory';
import type { AttentionConfig, AttentionKind, CacheReport, ModelShape } from '../../spec';
import { attentionLabel } from '../../config/model-spec';

/** The worker's cache tensors are float32. */
const CACHE_BYTES_PER_ELEMENT = 4;

/** Bytes the formula predicts for `tokens` tokens in one layer (float32, one sequence). */
function formulaLayerBytes(attn: AttentionConfig, tokens: number): number {
  return kvCacheBytes(attn, { layers: 1, tokens, batch: 1, bytesPerElement: CACHE_BYTES_PER_ELEMENT });
}

export interface CacheStripRow {
  layer: number;
  measuredBytes: number;
  formulaBytes: number;
  matches: boolean;
}

export interface CacheStrip {
  kind: AttentionKind;
  formula: FormulaText;
  /** formula bytes one token adds to one layer */
  perTokenBytes: number;
  tokens: number;
  maxSeqLen: number;
  /** tokens / maxSeqLen: how full the context window is */
  fill: number;
  rows: CacheStripRow[];
  totalMeasured: number;
  totalFormula: number;
  matches: boolean;
}

/** The per-layer cache after a token: bytes measured in the worker next to the formula's bytes. */
export function cacheStrip(
  attn: AttentionConfig,
  maxSeqLen: number,
  tokens: number,
  layerBytes: readonly number[],
): CacheStrip {
  const formulaBytes = formulaLayerBytes(attn, tokens);
  const rows = layerBytes.map((measuredBytes, layer) => ({
    layer,
    measuredBytes,
    formulaBytes,
    matches: measuredBytes === formulaBytes,
  }));
  const totalMeasured = layerBytes.reduce((a, b) => a + b, 0);
  return {
    kind: attn.kind,
    formula: cacheFormulaText(attn),
    perTokenBytes: kvCacheElementsPerToken(attn) * CACHE_BYTES_PER_ELEMENT,
    tokens,
    maxSeqLen,
    fill: maxSeqLen > 0 ? Math.min(1, tokens / maxSeqLen) : 0,
    rows,
    totalMeasured,
    totalFormula: formulaBytes * rows.length,
    matches: rows.every((r) => r.matches),
  };
}

/**
 * What the measured count leaves out when TPA decodes on the WASM backend: XNNPACK, which runs tfjs's
 * wasm matMul, packs a product's right-hand operand into a layout of its own and keeps that packing as
 * long as the tensor lives. TPA's decoding step multiplies by every sealed cache chunk's B_K and B_V as
 * right-hand operands (src/model/attention/factor-decode.ts), so each sealed chunk's B factors are held
 * twice: (R_K + R_V)·d_h more float32 numbers per cached token and layer (tests/unit/model/wasm-packing.test.ts
 * shows the copy from outside: right-hand operands grow the wasm heap by about their size on their first
 * product, and not on the second; docs/performance.md#decode). An upper bound (the newest, open chunk is packed only for the step that
 * uses it); null for other kinds and backends.
 */
export function wasmPackedCopy(
  attn: AttentionConfig,
  backend: string | null,
  tokens: number,
  layers: number,
): { perTokenBytes: number; upToBytes: number } | null {
  if (backend !== 'wasm' || (attn.kind !== 'tpa' && attn.kind !== 'tpa-kvonly')) return null;
  const perTokenBytes = (attn.rankK + attn.rankV) * attn.headDim * CACHE_BYTES_PER_ELEMENT;
  return { perTokenBytes, upToBytes: perTokenBytes * tokens * layers };
}

export interface BaselineRow {
  kind: AttentionKind;
  label: string;
  /** the attention shape used, e.g. "h=4 d_h=32 G=2" */
  shape: string;
  tokens: number;
  measuredBytes: number;
  formulaBytes: number;
  matches: boolean;
  /** measured bytes relative to MHA's at the same tokens (null without an MHA row) */
  ratioToMha: number | null;
  current: boolean;
}

/** Rows of the "every kind" cache table from the worker's measurements and the shapes it was given. */
export function baselineRows(
  reports: readonly CacheReport[],
  shapes: readonly ModelShape[],
  currentKind: AttentionKind,
): BaselineRow[] {
  const mha = reports.find((r) => r.kind === 'mha');
  return reports.flatMap((r) => {
    const shape = shapes.find((s) => s.attention.kind === r.kind);
    if (!shape) return [];
    const formulaBytes = formulaLayerBytes(shape.attention, r.tokens) * r.layers.length;
    return [
      {
        kind: r.kind,
        label: KIND_LABELS[r.kind],
        shape: attentionLabel(shape.attention),
        tokens: r.tokens,
        measuredBytes: r.totalBytes,
        formulaBytes,
        matches: r.totalBytes === formulaBytes,
        ratioToMha:
          mha && mha.totalBytes > 0 && mha.tokens === r.tokens ? r.totalBytes / mha.totalBytes : null,
        current: r.kind === currentKind,
      },
    ];
  });
}
