import { useEffect, useMemo } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { liveStopFromLayer, measuredStopView } from '../../src/view-models/factors';
import { groupsOf } from '../../src/factors/special-case-factors';
import type { SpecialCaseRequest } from '../../src/runtime/factor-probe';
import { modelSpecOf } from '../../src/config/model-spec';
import { useBackendInfo, useFactorProbe, useSpecialCase } from '../../src/state/model-context';
import { FactorStatus } from '../factors/FactorStatus';
import { useFactorData } from '../factors/use-factor-data';
import { SpecialCaseView } from './SpecialCaseView';
import '../factors/factors.css';
import './special-cases.css';

export interface SpecialCasesPanelProps {
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
}

/**
 * MHA, MQA and GQA as stops of TPA (paper §4): the first stop is the trained model's own head factors
 * for the chosen token; each other stop is built in the worker at the in-browser model's h, d_h and d
 * and compared with the real baseline layer.
 */
export function SpecialCasesPanel({ config, onChange }: SpecialCasesPanelProps) {
  const probe = useFactorProbe();
  const { ref, data: d } = useFactorData(config);
  const backend = useBackendInfo();
  const stop = config.specialCase;
  const attn = d.model?.config.attention;
  const heads = attn?.heads ?? config.modelHeads;
  const headDim = attn?.headDim ?? config.modelHeadDim;
  const dModel = d.model?.config.dModel ?? config.modelDModel;
  const gqa = modelSpecOf(config, 'gqa').shape.attention;
  const kvHeads = gqa.kind === 'gqa' ? gqa.kvHeads : 1;
  const request: SpecialCaseRequest | null = useMemo(
    // G only matters for GQA: MHA and MQA requests do not change when the G slider moves
    () =>
      stop === 'tpa'
        ? null
        : { stop, heads, headDim, kvHeads: groupsOf(stop, heads, kvHeads), dModel, seed: config.seed },
    [stop, heads, headDim, kvHeads, dModel, config.seed],
  );
  const entry = useSpecialCase(request);

  useEffect(() => {
    if (request && backend) probe.specialCase(request);
  }, [probe, request, backend]);

  const view = useMemo(() => {
    if (stop !== 'tpa') return measuredStopView(stop, { heads, headDim, kvHeads }, entry?.result ?? null);
    return d.layer ? liveStopFromLayer(d.layer, d.token, headDim) : null;
  }, [stop, heads, headDim, kvHeads, entry, d.layer, d.token]);

  const status =
    entry?.status === 'error'
      ? `The worker could not build it: ${entry.error ?? 'unknown error'}`
      : stop === 'tpa'
        ? d.layer && !view
          ? 'The trained model is not TPA: pick a stop, or switch the attention kind to TPA to see its own head factors.'
          : null
        : backend
          ? 'Building both layers in the worker…'
          : 'Waiting for the model worker…';

  return (
    <div className="special-panel" ref={ref} data-testid="special-panel">
      <p className="factor-intro">
        The paper shows that MHA, MQA and GQA are TPA whose head factors are fixed instead of computed from
        the token. Pick a stop: the worker builds the baseline layer with random weights, builds a TPA layer
        with the stop’s head factors and the same weights for B, and runs both on the same inputs.
      </p>
      {stop === 'tpa' ? <FactorStatus data={d} /> : null}
      <SpecialCaseView
        stop={stop}
        view={view}
        onStop={(s) => onChange({ specialCase: s })}
        status={status}
        context={`token ${d.token} (“${d.tokens[d.token] ?? ''}”) in layer ${d.layerIndex + 1}`}
      />
    </div>
  );
}
