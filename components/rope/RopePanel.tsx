import { useCallback, useMemo, useState } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { ropePanelView } from '../../src/view-models/factors';
import { cacheFormulaText } from '../../src/memory';
import { useFactorProbe } from '../../src/state/model-context';
import { modelSpecOf } from '../../src/config/model-spec';
import { FactorControls } from '../factors/FactorControls';
import { RopeView } from './RopeView';
import { FactorStatus } from '../factors/FactorStatus';
import { panelState, selectionProps, useFactorData } from '../factors/use-factor-data';
import '../factors/factors.css';
import './rope.css';

export interface RopePanelProps {
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
}

/**
 * RoPE on the live model's factors. Shares the text, layer, head and token with the factor panel (the
 * link holds them); the position slider and the B_K row are this panel's own.
 */
export function RopePanel({ config, onChange }: RopePanelProps) {
  const probe = useFactorProbe();
  const { ref, data: d } = useFactorData(config);
  const [row, setRow] = useState(0);
  const [position, setPosition] = useState<number | null>(null);
  const maxPosition = Math.max(1, config.modelContext - 1);
  const at = Math.min(position ?? d.token, maxPosition);
  const result = useMemo(
    () => (d.layer ? ropePanelView(d.layer, { token: d.token, row, position: at, head: d.head }) : null),
    [d.layer, d.token, row, at, d.head],
  );
  const selection = selectionProps(d, probe, onChange);
  const onPosition = useCallback((p: number) => setPosition(p), []);
  const caches = useMemo(
    () => ({
      mla: cacheFormulaText(modelSpecOf(config, 'mla').shape.attention),
      tpa: cacheFormulaText(modelSpecOf(config, 'tpa').shape.attention),
    }),
    [config],
  );

  return (
    <div className="rope-panel" ref={ref} data-testid="rope-panel" {...panelState(d)}>
      <FactorControls
        idPrefix="rope"
        {...selection}
        onToken={(t) => {
          setPosition(null);
          selection.onToken(t);
        }}
      />
      <FactorStatus data={d} />
      {result && !result.ok ? (
        <p className="factor-note" data-testid="rope-unavailable">
          {result.reason}{' '}
          <button type="button" onClick={() => onChange({ kind: 'tpa' })} disabled={config.locked === 1}>
            Use TPA
          </button>
        </p>
      ) : null}
      {result?.ok ? (
        <RopeView
          view={result.view}
          maxPosition={maxPosition}
          onPosition={onPosition}
          onRow={setRow}
          caches={caches}
        />
      ) : null}
    </div>
  );
}
