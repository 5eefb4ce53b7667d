import { Tex } from '../Tex';
import { TryButton } from '../TryButton';
import type { SectionProps } from './section-props';

export function LatentSection({ n, onChange, locked }: SectionProps) {
  const { mla, config } = n;
  return (
    <section className="article__section" id="article-mla" aria-labelledby="article-mla-title">
      <h3 id="article-mla-title">Compressing keys: MLA</h3>
      <p>
        Multi-head latent attention (MLA, introduced with DeepSeek-V2) keeps every head distinct and caches a
        compressed summary instead: one latent vector of d_c numbers per token, from which learned projections
        rebuild each head&apos;s key and value when they are needed. Position rotations (RoPE, below) cannot
        be folded into those projections, so MLA also caches a small key of d_h^R numbers that carries
        position and is shared by all heads.
      </p>
      <p>
        Per token and layer that is <Tex tex="d_c + d_h^R" text="d_c + d_h^R" /> numbers: with d_c ={' '}
        {config.kvLatentDim} and d_h^R = {config.ropeDim},{' '}
        <Tex tex={mla.formula.filled} text={mla.formula.filled} />, {mla.reductionText}.
      </p>
      <p className="article__tries">
        <TryButton patch={{ kind: 'mla' }} onChange={onChange} disabled={locked}>
          Show MLA in the explorer
        </TryButton>
      </p>
    </section>
  );
}
