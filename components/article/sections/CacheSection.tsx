import { formatBytes, formatInteger, formatTokensCompact } from '../../../src/view-models/memory';
import { Tex } from '../Tex';
import { texNumber } from '../../../src/view-models/article/article-numbers';
import type { SectionProps } from './section-props';

export function CacheSection({ n }: SectionProps) {
  const { config, mha } = n;
  const T = formatInteger(config.contextLength);
  const total = formatBytes(mha.totalBytesAtContext);
  const perToken = formatInteger(mha.elementsPerToken);
  const factors = [perToken, String(config.layers), T, String(config.batch), String(n.bytesPerElement)];
  const filledText = `${factors.join(' × ')} B = ${total}`;
  const filledTex = `${factors.map(texNumber).join(' \\times ')}\\,\\text{B} = \\text{${total}}`;
  const fits =
    mha.longestContextAtBudget > 0
      ? `${formatTokensCompact(mha.longestContextAtBudget)} tokens`
      : 'not a single token';
  return (
    <section className="article__section" id="article-cache" aria-labelledby="article-cache-title">
      <h3 id="article-cache-title">What the KV cache is, and why it grows</h3>
      <p>
        A language model writes one token at a time. To pick the next one, every attention head compares the
        new token&apos;s query with the key of each token before it, then blends those tokens&apos; values.
        Earlier keys and values never change, so the model keeps them instead of recomputing them. That store
        is the <dfn>KV cache</dfn>.
      </p>
      <p>
        It grows with everything: each token adds a key and a value for every head in every layer, and each
        sequence decoded at once has its own cache. For standard multi-head attention (MHA) the size is
      </p>
      <Tex
        block
        tex="\text{cache} = 2\,h\,d_h \times L \times T \times B \times \text{bytes per number}"
        text="cache = 2·h·d_h × L × T × B × bytes per number"
      />
      <p data-testid="article-mha-total">
        With the settings beside this text (h = {config.heads} heads of d_h = {config.headDim}, L ={' '}
        {config.layers} layers, T = {T} tokens, B = {config.batch}, stored as {n.dtypeLabel}) that is{' '}
        <Tex tex={filledTex} text={filledText} />. A {config.budgetGB} GB budget would hold {fits} of it, with
        no room left for the weights.
      </p>
      <p>
        The weights are the same size however long the text is; the cache is not. At long contexts and large
        batches it decides how much fits on a card, and since every new token reads the whole cache, it also
        sets how fast decoding runs. The methods below all shrink the first factor: the numbers each token
        stores per layer.
      </p>
    </section>
  );
}
