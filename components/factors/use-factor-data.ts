import { useCallback, useMemo } from 'react';
import type { RefObject } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { tokenLabels } from '../../src/view-models/factors';
import type { LayerTensors } from '../../src/factors/matrix';
import type { FactorProbe, InspectionState } from '../../src/runtime/factor-probe';
import {
  useFactorProbe,
  useInspection,
  useModelInfo,
  useRuntimeActions,
  useRuntimePhase,
} from '../../src/state/model-context';
import type { RuntimePhase } from '../../src/runtime/runtime-state';
import type { ModelInfo } from '../../src/spec';
import { useStartWhenVisible } from '../training/use-start-when-visible';

/** The text the factor panels inspect until the reader types another. */
const DEFAULT_TEXT = 'The cat sat on the mat.';

export interface FactorData {
  start: () => void;
  phase: RuntimePhase;
  model: ModelInfo | null;
  inspection: InspectionState;
  /** the chosen layer's tensors (null until inspected) */
  layer: LayerTensors | null;
  layers: number;
  layerIndex: number;
  heads: number;
  head: number;
  tokens: string[];
  token: number;
  /** the model is being rebuilt or the inspection is older than the model: numbers may lag */
  stale: boolean;
}

const clamp = (v: number, hi: number) => Math.min(Math.max(0, v), Math.max(0, hi));

/**
 * What every factor panel reads (attach `ref` to the panel: the worker starts when it comes into view): the runtime's phase and model, the probe's inspection, and the view
 * state from the link (layer, head, token) clamped to what the model and the text have.
 */
export function useFactorData(config: PlaygroundConfig): {
  ref: RefObject<HTMLDivElement | null>;
  data: FactorData;
} {
  const rt = useRuntimeActions();
  const probe = useFactorProbe();
  // in view (or the button): start the worker and, the first time, give the probe a text to inspect
  const start = useCallback(() => {
    rt.start();
    if (probe.store.getState().inspection.text === '') probe.setText(DEFAULT_TEXT);
  }, [rt, probe]);
  const ref = useStartWhenVisible<HTMLDivElement>(start);
  const phase = useRuntimePhase();
  const model = useModelInfo();
  const inspection = useInspection();

  const data = inspection.inspection;
  const layers = data?.layers.length ?? model?.config.layers ?? 1;
  const layerIndex = clamp(config.factorLayer, layers - 1);
  const layer = data?.layers.find((l) => l.layer === layerIndex) ?? null;
  const heads = model?.config.attention.heads ?? 1;
  const head = clamp(config.factorHead, heads - 1);
  const vocabulary = model?.dataset.vocabulary ?? '';
  const tokens = useMemo(() => (data ? tokenLabels(data.tokens, vocabulary) : []), [data, vocabulary]);
  const token = clamp(config.factorToken, tokens.length - 1);
  const stale =
    phase === 'building' ||
    inspection.status === 'loading' ||
    (model !== null && inspection.source !== null && inspection.source.key !== model.key);
  return {
    ref,
    data: { start, phase, model, inspection, layer, layers, layerIndex, heads, head, tokens, token, stale },
  };
}

/** The text / token / layer / head props of FactorControls every factor panel passes the same way. */
export function selectionProps(
  d: FactorData,
  probe: FactorProbe,
  onChange: (patch: Partial<PlaygroundConfig>) => void,
) {
  return {
    text: d.inspection.text,
    onText: (t: string) => probe.setText(t),
    tokens: d.tokens,
    token: d.token,
    onToken: (t: number) => onChange({ factorToken: t }),
    layers: d.layers,
    layer: d.layerIndex,
    onLayer: (l: number) => onChange({ factorLayer: l }),
    heads: d.heads,
    head: d.head,
    onHead: (h: number) => onChange({ factorHead: h }),
  };
}

/** Attributes of a factor panel's root: its inspection status and whether its numbers lag the settings. */
export function panelState(d: FactorData) {
  return {
    'data-status': d.inspection.status,
    'data-stale': d.stale || undefined,
    'aria-busy': d.stale,
  };
}
