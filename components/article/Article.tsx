import { useMemo, useRef } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { articleNumbers } from '../../src/view-models/article/article-numbers';
import { TexContext } from './tex-context';
import { useKatexNear } from './use-katex-near';
import { CacheSection } from './sections/CacheSection';
import { SharingSection } from './sections/SharingSection';
import { LatentSection } from './sections/LatentSection';
import { FactorSection } from './sections/FactorSection';
import { RopeSection } from './sections/RopeSection';
import { FindingsSection } from './sections/FindingsSection';
import './article.css';

export interface ArticleProps {
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
  locked: boolean;
}

const SECTIONS = [
  { id: 'article-cache', title: 'The KV cache', Body: CacheSection },
  { id: 'article-sharing', title: 'MQA and GQA', Body: SharingSection },
  { id: 'article-mla', title: 'MLA', Body: LatentSection },
  { id: 'article-tpa', title: 'TPA', Body: FactorSection },
  { id: 'article-rope', title: 'RoPE', Body: RopeSection },
  { id: 'article-findings', title: 'Results and fairness', Body: FindingsSection },
] as const;

/**
 * The explainer text, from "what is a KV cache" to what the paper found. Every number in it comes from
 * `articleNumbers(config)`, so it follows the controls; formulas are typeset once KaTeX has loaded (it
 * starts loading when the article comes near the viewport) and read as plain text before.
 */
export function Article({ config, onChange, locked }: ArticleProps) {
  const ref = useRef<HTMLElement>(null);
  const render = useKatexNear(ref);
  const n = useMemo(() => articleNumbers(config), [config]);
  return (
    <TexContext.Provider value={render}>
      <article
        ref={ref}
        className="article"
        id="article"
        aria-labelledby="article-title"
        data-testid="article"
      >
        <h2 id="article-title">How TPA shrinks the KV cache</h2>
        <nav aria-label="Article sections" className="article__toc">
          <ol>
            {SECTIONS.map((s) => (
              <li key={s.id}>
                <a href={`#${s.id}`}>{s.title}</a>
              </li>
            ))}
          </ol>
        </nav>
        {SECTIONS.map(({ id, Body }) => (
          <Body key={id} n={n} onChange={onChange} locked={locked} />
        ))}
      </article>
    </TexContext.Provider>
  );
}
