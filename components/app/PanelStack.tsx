import type { PlaygroundConfig } from '../../src/config';
import { KvMemoryPanel } from '../kv-memory';

export interface PanelStackProps {
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
}

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
    </>
  );
}
