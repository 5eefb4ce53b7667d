import { lazy, Suspense } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { KvMemoryPanel } from '../kv-memory';

export interface PanelStackProps {
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
}

// The model panels load on demand: neither they nor the worker's tfjs enter the first screen.
const TrainingPanel = lazy(() => import('../training').then((m) => ({ default: m.TrainingPanel })));
const GenerationPanel = lazy(() => import('../generation').then((m) => ({ default: m.GenerationPanel })));
const QualityPanel = lazy(() => import('../quality').then((m) => ({ default: m.QualityPanel })));
const RecallPanel = lazy(() => import('../recall').then((m) => ({ default: m.RecallPanel })));
const FactorPanel = lazy(() => import('../factors').then((m) => ({ default: m.FactorPanel })));
const RopePanel = lazy(() => import('../rope').then((m) => ({ default: m.RopePanel })));
const SpecialCasesPanel = lazy(() =>
  import('../special-cases').then((m) => ({ default: m.SpecialCasesPanel })),
);

/**
 * The panels, in reading order. Each panel is a <section> with its own <h2>; adding a panel is one entry
 * here. Panels that need tfjs talk to the worker through src/runtime and must load lazily.
 */
export function PanelStack({ config, onChange }: PanelStackProps) {
  return (
    <>
      <section className="app__panel" id="kv-memory" aria-labelledby="kv-title">
        <h2 id="kv-title">KV-cache memory</h2>
        <KvMemoryPanel config={config} onChange={onChange} />
      </section>
      <section className="app__panel" id="training" aria-labelledby="training-title">
        <h2 id="training-title">Train a small T6 in your browser</h2>
        <Suspense fallback={<p>Loading the training panel…</p>}>
          <TrainingPanel config={config} onChange={onChange} />
        </Suspense>
      </section>
      <section className="app__panel" id="factors" aria-labelledby="factors-title">
        <h2 id="factors-title">See the factors: Q, K and V as sums of rank-1 terms</h2>
        <Suspense fallback={<p>Loading the factor panel…</p>}>
          <FactorPanel config={config} onChange={onChange} />
        </Suspense>
      </section>
      <section className="app__panel" id="rope" aria-labelledby="rope-title">
        <h2 id="rope-title">RoPE on the factors</h2>
        <Suspense fallback={<p>Loading the RoPE panel…</p>}>
          <RopePanel config={config} onChange={onChange} />
        </Suspense>
      </section>
      <section className="app__panel" id="special-cases" aria-labelledby="special-cases-title">
        <h2 id="special-cases-title">MHA, MQA and GQA are special cases of TPA</h2>
        <Suspense fallback={<p>Loading the special-case panel…</p>}>
          <SpecialCasesPanel config={config} onChange={onChange} />
        </Suspense>
      </section>
      <section className="app__panel" id="generation" aria-labelledby="generation-title">
        <h2 id="generation-title">Generate text and watch the KV cache grow</h2>
        <Suspense fallback={<p>Loading the generation panel…</p>}>
          <GenerationPanel config={config} onChange={onChange} />
        </Suspense>
      </section>
      <section className="app__panel" id="quality" aria-labelledby="quality-title">
        <h2 id="quality-title">Quality against memory: precomputed sweeps</h2>
        <Suspense fallback={<p>Loading the quality panel…</p>}>
          <QualityPanel config={config} onChange={onChange} />
        </Suspense>
      </section>
      <section className="app__panel" id="recall" aria-labelledby="recall-title">
        <h2 id="recall-title">Why TPA does not learn recall here</h2>
        <Suspense fallback={<p>Loading the recall diagnosis…</p>}>
          <RecallPanel />
        </Suspense>
      </section>
    </>
  );
}
