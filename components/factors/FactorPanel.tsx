import { useMemo } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { cacheComparison, factorView } from '../../src/view-models/factors';
import { FACTOR_PARTS } from '../../src/spec';
import type { FactorPart } from '../../src/spec';
import { rankCap } from '../../src/config/model-spec';
import { useFactorProbe } from '../../src/state/model-context';
import { CachedFactors } from './CachedFactors';
import { FactorBreakdown } from './FactorBreakdown';
import { FactorControls } from './FactorControls';
import type { RankKey, RankSlider } from './FactorControls';
import { FactorStatus } from './FactorStatus';
import { FactorTable } from './FactorTable';
import { panelState, selectionProps, useFactorData } from './use-factor-data';
import './factors.css';

export interface FactorPanelProps {
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
}

const RANK_LABELS: Record<RankKey, string> = { rankQ: 'R_Q', rankK: 'R_K', rankV: 'R_V' };

/**
 * The tensor product on the live model: pick a token, a layer and a head, and see A and B, the R rank-1
 * terms, their running sum and the Q (or K, V) the worker computed, with the cache it implies. The rank
 * sliders set the shared config; the model is rebuilt and inspected again.
 */
export function FactorPanel({ config, onChange }: FactorPanelProps) {
  const probe = useFactorProbe();
  const { ref, data: d } = useFactorData(config);
  const attn = d.model?.config.attention ?? null;
  const factored = attn?.kind === 'tpa' || attn?.kind === 'tpa-kvonly';
  const parts: readonly FactorPart[] = attn?.kind === 'tpa-kvonly' ? ['k', 'v'] : FACTOR_PARTS;
  const part = parts.includes(config.factorPart) ? config.factorPart : (parts[0] ?? 'k');
  const result = useMemo(
    () => (d.layer ? factorView(d.layer, part, d.token) : null),
    [d.layer, part, d.token],
  );
  const cap = rankCap(config);
  const ranks: RankSlider[] = (
    attn?.kind === 'tpa-kvonly' ? (['rankK', 'rankV'] as const) : (['rankQ', 'rankK', 'rankV'] as const)
  ).map((key) => ({
    key,
    label: RANK_LABELS[key],
    value: Math.min(config[key], cap),
    requested: config[key],
    max: cap,
  }));
  const cache =
    attn && (attn.kind === 'tpa' || attn.kind === 'tpa-kvonly')
      ? cacheComparison({ heads: attn.heads, headDim: attn.headDim, rankK: attn.rankK, rankV: attn.rankV })
      : null;

  return (
    <div className="factor-panel" ref={ref} data-testid="factor-panel" {...panelState(d)}>
      <p className="factor-intro">
        Each TPA head’s query, key and value is a sum of R outer products: a head factor a_r (one number per
        head) times a feature factor b_r (one number per feature), both computed from the token. Below, the
        model in your browser shows them for a token you pick.
      </p>
      <FactorControls
        idPrefix="factor"
        {...selectionProps(d, probe, onChange)}
        part={part}
        parts={parts}
        onPart={(p) => onChange({ factorPart: p })}
        ranks={factored ? ranks : []}
        onRank={(key, value) => onChange({ [key]: value })}
        locked={config.locked === 1}
      />
      <FactorStatus data={d} />
      {result && !result.ok ? (
        <p className="factor-note" data-testid="factor-unavailable">
          {result.reason}{' '}
          {attn?.kind !== 'tpa' ? (
            <button type="button" onClick={() => onChange({ kind: 'tpa' })} disabled={config.locked === 1}>
              Use TPA
            </button>
          ) : null}
        </p>
      ) : null}
      {result?.ok ? (
        <>
          <FactorBreakdown key={`${part}-${result.view.rank}`} view={result.view} head={d.head} />
          <FactorTable view={result.view} head={d.head} />
        </>
      ) : null}
      {cache ? <CachedFactors cache={cache} /> : null}
    </div>
  );
}
