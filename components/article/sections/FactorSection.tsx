import { Tex } from '../Tex';
import { TryButton } from '../TryButton';
import type { SectionProps } from './section-props';

const KEY_FACTORS =
  'K_t = \\frac{1}{R_K} \\sum_{r=1}^{R_K} \\mathbf{a}^K_r(x_t) \\otimes \\mathbf{b}^K_r(x_t)';

export function FactorSection({ n, onChange, locked }: SectionProps) {
  const { tpa, tpaKvOnly, config } = n;
  return (
    <section className="article__section" id="article-tpa" aria-labelledby="article-tpa-title">
      <h3 id="article-tpa-title">Factorising keys: tensor product attention</h3>
      <p>
        Tensor product attention (TPA) takes another route. Picture one token&apos;s keys as a grid with a row
        per head and a column per feature: h × d_h numbers. MHA stores the whole grid. TPA builds it from a
        few outer products, each a column a_r of h head weights times a row b_r of d_h feature values:
      </p>
      <Tex block tex={KEY_FACTORS} text="K_t = (1/R_K) · Σ over r = 1…R_K of a_r(x_t) ⊗ b_r(x_t)" />
      <p>
        Both factors are computed from the token itself (x_t), so the way heads share information changes from
        token to token, unlike the fixed groups of MQA and GQA. Values are built the same way with rank R_V,
        and queries with rank R_Q. Only the key and value factors are cached:
      </p>
      <Tex block tex="(R_K + R_V)(h + d_h)" text="(R_K + R_V)(h + d_h)" />
      <p data-testid="article-tpa-numbers">
        With R_K = {config.rankK} and R_V = {config.rankV}:{' '}
        <Tex tex={tpa.formula.filled} text={tpa.formula.filled} /> numbers per token per layer,{' '}
        {tpa.reductionText}. Each further rank adds h + d_h = {n.perExtraRank}, so small ranks keep the cache
        small even with many heads. TPA-KVonly factorises only keys and values and keeps ordinary queries; its
        cache is the same, {tpaKvOnly.formula.filled}.
      </p>
      <p>
        The paper also shows that MHA, MQA and GQA are special cases of this form in which the head factors
        are fixed instead of computed from the token.
      </p>
      <p className="article__tries">
        <TryButton patch={{ kind: 'tpa' }} onChange={onChange} disabled={locked}>
          Show TPA in the explorer
        </TryButton>
        <TryButton patch={{ kind: 'tpa', rankK: 1, rankV: 1 }} onChange={onChange} disabled={locked}>
          Try ranks R_K = R_V = 1
        </TryButton>
      </p>
    </section>
  );
}
