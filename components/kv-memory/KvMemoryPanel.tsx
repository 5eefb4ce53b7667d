import { useCallback, useId, useMemo, useState } from 'react';
import type { CompareMode, PlaygroundConfig } from '../../src/config';
import { createKvComparison } from '../../src/view-models/memory';
import type { AttentionKind } from '../../src/spec';
import { isLocked } from '../classroom/control-groups';
import { BudgetPicker } from './BudgetPicker';
import { CacheChart } from './CacheChart';
import { CacheSeriesTable } from './CacheSeriesTable';
import { CacheTotalsTable } from './CacheTotalsTable';
import { CompareExplanation } from './CompareExplanation';
import { CompareToggle } from './CompareToggle';
import { PerTokenBars } from './PerTokenBars';
import { PerTokenTable } from './PerTokenTable';
import './kv-memory.css';

export interface KvMemoryPanelProps {
  config: PlaygroundConfig;
  /** called with the knobs this panel changes: kind, compare, budgetGB */
  onChange: (patch: Partial<PlaygroundConfig>) => void;
}

/**
 * KV-cache memory of every attention kind: per-token cache as bars, total cache against context length,
 * the head-matched / parameter-matched switch with generated sentences, and tables with the same numbers.
 * Every number comes from `kvComparison(config)`; this component only lays them out. A slider tick
 * changes a few of them: the comparison keeps the previous objects of the parts that did not change
 * (createKvComparison) and the parts below are memoised on them, so only what changed re-renders.
 */
export function KvMemoryPanel({ config, onChange }: KvMemoryPanelProps) {
  const [compare] = useState(createKvComparison);
  const view = useMemo(() => compare(config), [compare, config]);
  const locked = isLocked(config);
  const ids = useId();
  const perTokenHeading = `${ids}-per-token`;
  const totalHeading = `${ids}-total`;
  const whyHeading = `${ids}-why`;
  const totalTableId = `${ids}-total-table`;

  const selectKind = useCallback((kind: AttentionKind) => onChange({ kind }), [onChange]);
  const setCompare = useCallback((compare: CompareMode) => onChange({ compare }), [onChange]);
  const setBudget = useCallback((budgetGB: number) => onChange({ budgetGB }), [onChange]);

  return (
    <div className="kv-panel" data-testid="kv-memory-panel" data-compare={view.compare}>
      <div className="kv-panel__controls">
        <CompareToggle value={config.compare} onChange={setCompare} disabled={locked} />
        <BudgetPicker budgetGB={config.budgetGB} onChange={setBudget} disabled={locked} />
      </div>

      <p className="kv-summary" aria-live="polite" data-testid="kv-summary">
        {view.summary}
      </p>

      <section className="kv-section" aria-labelledby={perTokenHeading}>
        <h3 id={perTokenHeading}>Cache per token and layer</h3>
        <p className="kv-note">
          Elements each token adds to one layer&apos;s cache, on one shared scale. Choose a kind to study it.
        </p>
        <PerTokenBars
          rows={view.rows}
          maxElementsPerToken={view.maxElementsPerToken}
          onSelect={selectKind}
          labelledBy={perTokenHeading}
          disabled={locked}
        />
        <PerTokenTable
          rows={view.rows}
          compare={config.compare}
          layers={config.layers}
          dtype={config.dtype}
          id={`${ids}-per-token-table`}
        />
      </section>

      <section className="kv-section" aria-labelledby={whyHeading}>
        <h3 id={whyHeading}>Head-matched or parameter-matched?</h3>
        <CompareExplanation explanation={view.explanation} compare={config.compare} />
      </section>

      <section className="kv-section" aria-labelledby={totalHeading}>
        <h3 id={totalHeading}>Total cache against context length</h3>
        <CacheChart chart={view.chart} tableId={totalTableId} />
        <CacheTotalsTable
          rows={view.rows}
          contextLength={config.contextLength}
          batch={config.batch}
          budgetGB={config.budgetGB}
          layers={config.layers}
          dtype={config.dtype}
          id={totalTableId}
        />
        <CacheSeriesTable series={view.chart.series} contexts={view.chart.contexts} />
      </section>
    </div>
  );
}
