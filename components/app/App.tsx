import { useLayoutEffect, useRef } from 'react';
import {
  useConfig,
  useConfigUpdate,
  useDismissLinkNotices,
  useHints,
  useLinkNotices,
} from '../../src/state/playground-context';
import { applyTheme } from '../../src/styles/apply-theme';
import { Article } from '../article';
import { ClassroomNotice, ClassroomPicker, isHidden, isLocked } from '../classroom';
import { ConfigControls, ImportExport, ThemePicker } from '../controls';
import { LinkNotice } from '../notices';
import { TourButton, TourCard } from '../tour';
import { PanelStack } from './PanelStack';

/**
 * The shell: header (tour, theme), link and classroom notices, then three columns on wide screens:
 * controls, panels, article. On narrower screens the article moves under the panels, and on phones
 * everything stacks in reading order. A classroom link hides control groups (`data-hide`, see app.css)
 * and can lock the configuration column and the article's "show me" buttons (`config.locked`).
 */
export function App() {
  const config = useConfig();
  const hints = useHints();
  const update = useConfigUpdate();
  const linkNotices = useLinkNotices();
  const dismissLinkNotices = useDismissLinkNotices();
  const tourButton = useRef<HTMLButtonElement>(null);
  const locked = isLocked(config);

  useLayoutEffect(() => applyTheme(config.theme), [config.theme]);

  return (
    <div className="app" data-hide={config.hidden.join(' ')} data-locked={locked || undefined}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app__header">
        <div className="app__heading">
          <h1>T6 Playground</h1>
          <p className="app__tagline">
            See why MHA, MQA, GQA, MLA and Tensor Product Attention cost what they cost in KV-cache memory.
          </p>
        </div>
        <div className="app__tools">
          <TourButton ref={tourButton} tourStep={config.tourStep} onChange={update} />
          <a className="app__read" href="#article">
            Read the explainer
          </a>
          <ThemePicker theme={config.theme} onChange={update} />
        </div>
      </header>
      <LinkNotice notices={linkNotices} onDismiss={dismissLinkNotices} />
      <main id="main" className="app__main">
        <section className="app__controls" aria-labelledby="controls-title">
          <h2 id="controls-title">Configuration</h2>
          <ClassroomNotice config={config} onChange={update} />
          <ConfigControls config={config} hints={hints} onChange={update} />
          {isHidden(config, 'import') ? null : (
            <ImportExport config={config} onChange={update} locked={locked} />
          )}
          <ClassroomPicker config={config} />
        </section>
        <div className="app__panels">
          <PanelStack config={config} onChange={update} />
        </div>
        <div className="app__article app__panel">
          <Article config={config} onChange={update} locked={locked} />
        </div>
      </main>
      <TourCard config={config} onChange={update} onClose={() => tourButton.current?.focus()} />
      <footer className="app__footer">
        <p>
          Formulas from “Tensor Product Attention Is All You Need” (arXiv 2501.06425), Table 1. Every number
          on this page is computed in your browser from them; the benchmark table quotes the paper.
        </p>
      </footer>
    </div>
  );
}
