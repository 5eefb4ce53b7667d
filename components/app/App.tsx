import {
  playgroundStore,
  selectConfig,
  selectHints,
  selectLinkNotices,
  selectUpdate,
  usePlayground,
} from '../../src/state/playground-store';
import { ConfigControls } from '../controls';
import { LinkNotice } from '../notices';
import { PanelStack } from './PanelStack';

export function App() {
  const config = usePlayground(selectConfig);
  const hints = usePlayground(selectHints);
  const update = usePlayground(selectUpdate);
  const linkNotices = usePlayground(selectLinkNotices);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app__header">
        <h1>T6 Playground</h1>
        <p className="app__tagline">
          See why MHA, MQA, GQA, MLA and Tensor Product Attention cost what they cost in KV-cache memory.
        </p>
      </header>
      <LinkNotice notices={linkNotices} onDismiss={() => playgroundStore.getState().dismissLinkNotices()} />
      <main id="main" className="app__main">
        <section className="app__controls" aria-labelledby="controls-title">
          <h2 id="controls-title">Configuration</h2>
          <ConfigControls config={config} hints={hints} onChange={update} />
        </section>
        <div className="app__panels">
          <PanelStack config={config} onChange={update} />
        </div>
      </main>
      <footer className="app__footer">
        <p>
          Formulas from “Tensor Product Attention Is All You Need” (arXiv 2501.06425), Table 1. Every number
          on this page is computed in your browser from them.
        </p>
      </footer>
    </div>
  );
}
