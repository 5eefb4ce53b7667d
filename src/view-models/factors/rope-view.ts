import type { LayerTensors } from '../../factors/matrix';
import { rowOf, tokenCount, tokenMatrix } from '../../factors/matrix';
import { commuteGaps } from '../../factors/mla-contrast';
import type { CommuteGaps } from '../../factors/mla-contrast';
import { maxSpread, positionFreePair, scoresByOffset } from '../../factors/qk-offset';
import type { OffsetScores } from '../../factors/qk-offset';
import { rotationPairs } from '../../factors/rope';
import type { RotationPair } from '../../factors/rope';
import { ropeCheck, rotatedRowError } from '../../factors/rope-check';
import type { RopeCheck } from '../../factors/rope-check';

/** What the RoPE panel shows for one layer, token and B_K row. */
export interface RopePanelView {
  token: number;
  tokens: number;
  /** which row of B_K (0..R_K−1) the rotation pairs come from */
  row: number;
  rows: number;
  headDim: number;
  /** the position the pairs are turned to (the slider) */
  position: number;
  /** the raw (un-rotated) B_K row's pairs turned to `position` */
  pairs: RotationPair[];
  /** max |B̃_K row from the worker − the raw row turned here to the token's own position| */
  rowError: number | null;
  checks: { q: RopeCheck | null; k: RopeCheck | null };
  head: number;
  /** q·k/√d_h of the head's position-free query and key placed `offset` apart, at several starts */
  offsets: OffsetScores[];
  starts: number[];
  maxSpread: number;
  gaps: CommuteGaps;
}

export type RopePanelResult = { ok: true; view: RopePanelView } | { ok: false; reason: string };

const OFFSET_STARTS = [0, 9, 40] as const;

export interface RopeSelection {
  token: number;
  row: number;
  position: number;
  head: number;
  /** offsets 0..maxOffset */
  maxOffset?: number;
}

const clampInt = (v: number, lo: number, hi: number) => Math.min(Math.max(lo, Math.round(v)), hi);

export function ropePanelView(layer: LayerTensors, sel: RopeSelection): RopePanelResult {
  const bK = layer.tensors.B_K;
  const qT = layer.tensors.Q;
  const kT = layer.tensors.K;
  const aK = layer.tensors.A_K;
  if (!bK || !qT || !kT || !aK)
    return {
      ok: false,
      reason: `${layer.kind.toUpperCase()} has no key factors B_K: switch the attention kind to TPA to see RoPE turn them.`,
    };
  const tokens = tokenCount(bK);
  const rows = bK.shape[1] ?? 0;
  const headDim = bK.shape[2] ?? 0;
  const heads = qT.shape[1] ?? 0;
  const token = clampInt(sel.token, 0, tokens - 1);
  const row = clampInt(sel.row, 0, rows - 1);
  const head = clampInt(sel.head, 0, heads - 1);
  const position = Math.max(0, Math.round(sel.position));
  const raw = tokenMatrix(bK, token);
  const { q, k } = positionFreePair(qT, kT, head, token, token);
  const offsets = Array.from({ length: (sel.maxOffset ?? 31) + 1 }, (_, i) => i);
  const scores = scoresByOffset(q, k, offsets, OFFSET_STARTS);
  return {
    ok: true,
    view: {
      token,
      tokens,
      row,
      rows,
      headDim,
      position,
      pairs: rotationPairs(rowOf(raw, row), position),
      rowError: rotatedRowError(layer, token, row),
      checks: { q: ropeCheck(layer, 'q'), k: ropeCheck(layer, 'k') },
      head,
      offsets: scores,
      starts: [...OFFSET_STARTS],
      maxSpread: maxSpread(scores),
      gaps: commuteGaps(tokenMatrix(aK, token), raw, position),
    },
  };
}
