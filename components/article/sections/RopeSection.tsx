import { Tex } from '../Tex';
import type { SectionProps } from './section-props';

const ROTATED =
  '\\operatorname{RoPE}_t(K_t) = \\frac{1}{R_K} \\sum_{r=1}^{R_K} \\mathbf{a}^K_r(x_t) \\otimes ' +
  '\\big(\\mathbf{b}^K_r(x_t)\\, \\mathbf{T}_t\\big)';

export function RopeSection({ n }: SectionProps) {
  const { mla, config } = n;
  return (
    <section className="article__section" id="article-rope" aria-labelledby="article-rope-title">
      <h3 id="article-rope-title">Position on the factors: RoPE</h3>
      <p>
        Most current models mark position with rotary embeddings (RoPE): before a query meets a key, each pair
        of feature dimensions is turned by an angle that grows with the token&apos;s position, so the score of
        two tokens depends on how far apart they are. The rotation acts on the feature axis only, and the same
        way for every head.
      </p>
      <p>
        That suits TPA. A head&apos;s key is a weighted sum of the feature factors b_r, so rotating those
        factors rotates every head&apos;s key at once (T_t is the rotation for position t):
      </p>
      <Tex block tex={ROTATED} text="RoPE_t(K_t) = (1/R_K) · Σ over r of a_r(x_t) ⊗ (b_r(x_t) · T_t)" />
      <p>
        So TPA rotates a token&apos;s key factors once, as they enter the cache, and keeps them rotated;
        decoding only has to rotate the new token&apos;s query factors, and no separate position key is
        needed. MLA cannot rotate its latent this way, which is why {config.ropeDim} of its{' '}
        {mla.elementsPerToken} cached numbers per token and layer are its extra RoPE key.
      </p>
    </section>
  );
}
