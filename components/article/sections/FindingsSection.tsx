import { formatTokensCompact } from '../../../src/view-models/format';
import { PAPER_TRAINING_TOKENS, paperSizeRange } from '../../../src/view-models/quality/paper-scale';
import { PaperResultsTable } from '../PaperResultsTable';
import { PAPER_ZERO_SHOT, bestKind } from '../paper-results';
import { TryButton } from '../TryButton';
import type { SectionProps } from './section-props';

export function FindingsSection({ n, onChange, locked }: SectionProps) {
  const { explanation, config } = n;
  const other = config.compare === 'head' ? 'param' : 'head';
  const sizes = PAPER_ZERO_SHOT.length;
  const tpaWins = PAPER_ZERO_SHOT.filter((row) => bestKind(row).startsWith('tpa')).length;
  const where = tpaWins === sizes ? 'at every size' : `at ${tpaWins} of the ${sizes} sizes`;
  return (
    <section className="article__section" id="article-findings" aria-labelledby="article-findings-title">
      <h3 id="article-findings-title">What the paper found, and a fair comparison</h3>
      <p>
        The authors trained one network, T6, with each kind of attention at the sizes below on the FineWeb-Edu
        corpus. TPA and TPA-KVonly learned at least as fast as MHA, MQA, GQA and MLA and ended with lower
        validation loss; MLA learned more slowly. On downstream benchmarks the gaps are small: TPA or
        TPA-KVonly has the best 0-shot average {where}, often by a narrow margin, and with 2-shot prompts the
        paper&apos;s results are more mixed.
      </p>
      <PaperResultsTable />
      <p data-testid="article-findings-scope">
        These are the paper&apos;s models, {paperSizeRange(PAPER_ZERO_SHOT)} parameters trained on about{' '}
        {formatTokensCompact(PAPER_TRAINING_TOKENS)} tokens. The quality panel below trains the same kinds at
        the playground&apos;s small size; each of its findings says the model size and training budget it
        holds at, and none of them stands in for this table.
      </p>
      <p>
        Read the memory claims with care. Everything above compares the kinds at the same number of heads, as
        the paper&apos;s headline cache savings do. The models in the table were matched on parameters
        instead: a TPA head costs few parameters, so TPA got more heads, and its cache grew with them. Both
        views, for the settings beside this text:
      </p>
      <ul className="article__comparison" data-testid="article-comparison">
        <li>{explanation.head}</li>
        <li>{explanation.param}</li>
        <li>{explanation.why}</li>
      </ul>
      <p className="article__tries">
        <TryButton patch={{ compare: other }} onChange={onChange} disabled={locked}>
          {other === 'param' ? 'Show the parameter-matched comparison' : 'Show the head-matched comparison'}
        </TryButton>
      </p>
    </section>
  );
}
