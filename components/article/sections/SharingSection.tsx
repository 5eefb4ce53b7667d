import { Tex } from '../Tex';
import { filledTex } from '../../../src/view-models/article/article-numbers';
import { TryButton } from '../TryButton';
import type { SectionProps } from './section-props';

export function SharingSection({ n, onChange, locked }: SectionProps) {
  const { mqa, gqa, config } = n;
  return (
    <section className="article__section" id="article-sharing" aria-labelledby="article-sharing-title">
      <h3 id="article-sharing-title">Sharing keys: MQA and GQA</h3>
      <p>
        Multi-query attention (MQA) keeps a query for every head but lets all heads read one shared key and
        one shared value. Per token and layer the cache falls from 2·h·d_h to 2·d_h numbers: here{' '}
        <Tex tex={filledTex(mqa.formula.filled)} text={mqa.formula.filled} />, {mqa.reductionText}.
      </p>
      <p>
        Grouped-query attention (GQA) sits in between. The h heads form G groups, and the heads of a group
        share a key and a value, so each token stores 2·G·d_h numbers: with G = {config.kvHeads},{' '}
        <Tex tex={filledTex(gqa.formula.filled)} text={gqa.formula.filled} />, {gqa.reductionText}. Both save
        memory by making heads look at the same keys, which limits how differently the heads can attend.
      </p>
      <p className="article__tries">
        <TryButton patch={{ kind: 'mqa' }} onChange={onChange} disabled={locked}>
          Show MQA in the explorer
        </TryButton>
        <TryButton patch={{ kind: 'gqa' }} onChange={onChange} disabled={locked}>
          Show GQA in the explorer
        </TryButton>
      </p>
    </section>
  );
}
