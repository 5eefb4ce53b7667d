import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Article } from '../../../components/article';
import type { PlaygroundConfig } from '../../../src/config';
import { T6_SMALL } from '../../unit/explorer/t6-small';

function renderArticle(config: PlaygroundConfig, locked = false) {
  const onChange = vi.fn<(patch: Partial<PlaygroundConfig>) => void>();
  const utils = render(<Article config={config} onChange={onChange} locked={locked} />);
  return { ...utils, onChange };
}

describe('article numbers come from the config', () => {
  it('T6-small: MHA total, TPA cache and the per-rank step', () => {
    renderArticle(T6_SMALL);
    // MHA: 2·34·64 = 4352 per token per layer; · 12 layers · 32,768 tokens · 2 B = 3,422,552,064 B
    expect(screen.getByTestId('article-mha-total').textContent).toMatch(
      /4,352 × 12 × 32,768 × 1 × 2 B = 3\.42 GB/,
    );
    // in 24 GB: floor(24e9 / (4352·12·2)) = 229,779 tokens → "230K"
    expect(screen.getByTestId('article-mha-total').textContent).toMatch(/hold 230K tokens/);
    const tpa = screen.getByTestId('article-tpa-numbers').textContent;
    // (2+2)(34+64) = 392 = 4352 / 11.1; one more rank: 34 + 64 = 98
    expect(tpa).toMatch(/\(2\+2\)\(34\+64\) = 392/);
    expect(tpa).toMatch(/11\.1× smaller than MHA/);
    expect(tpa).toMatch(/h \+ d_h = 98/);
  });

  it('changes with the controls', () => {
    const { rerender, onChange } = renderArticle(T6_SMALL);
    rerender(<Article config={{ ...T6_SMALL, rankK: 3, headDim: 128 }} onChange={onChange} locked={false} />);
    // (3+2)(34+128) = 810; one more rank: 34 + 128 = 162
    const tpa = screen.getByTestId('article-tpa-numbers').textContent;
    expect(tpa).toMatch(/\(3\+2\)\(34\+128\) = 810/);
    expect(tpa).toMatch(/h \+ d_h = 162/);
  });

  it('the results section says whose models the table is about, from the paper table', () => {
    renderArticle(T6_SMALL);
    // the table's first and last sizes: small (124M), XL (1.5B)
    expect(screen.getByTestId('article-findings-scope').textContent).toMatch(
      /^These are the paper's models, 124M–1\.5B parameters trained on about 50B tokens\./,
    );
  });

  it('the fairness section carries both comparisons', () => {
    renderArticle({ ...T6_SMALL, dModel: 1024, heads: 16, layers: 24 });
    const items = within(screen.getByTestId('article-comparison')).getAllByRole('listitem');
    expect(items.map((li) => li.textContent?.slice(0, 17))).toEqual([
      'Head-matched: eve',
      'Parameter-matched',
      'The answers diffe',
    ]);
    // T6-medium: parameter-matched TPA gets h = 47, so (2+2)(47+64) = 444 (docs/kv-cache.md#paper-configs)
    expect(items[1]!.textContent).toMatch(/TPA gets h = 47 and caches 444/);
  });
});

describe('paper results table', () => {
  it('marks the best kind of each row', () => {
    renderArticle(T6_SMALL);
    const table = screen.getByTestId('paper-results');
    const bold = [...table.querySelectorAll('tbody tr')].map((tr) => tr.querySelector('strong')?.textContent);
    // small: TPA 46.21; medium: TPA 51.41; large: TPA-KVonly 53.52; XL: TPA 55.01
    expect(bold).toEqual(['46.21', '51.41', '53.52', '55.01']);
    // so the text, counting from the table, says TPA or TPA-KVonly is best at every size
    expect(screen.getByTestId('article').textContent).toMatch(/best 0-shot average at every size/);
  });
});

describe('formulas', () => {
  it('are typeset by KaTeX once it loads, with MathML for screen readers', async () => {
    const { container } = renderArticle(T6_SMALL);
    // jsdom has no IntersectionObserver: KaTeX loads at once
    await waitFor(() => expect(container.querySelector('.katex')).not.toBeNull());
    expect(container.querySelectorAll('[data-testid="tex"] math').length).toBeGreaterThan(3);
    expect(container.querySelector('.tex--plain')).toBeNull();
  });

  it('read as plain text before KaTeX loads', () => {
    const { container } = renderArticle(T6_SMALL);
    const plain = [...container.querySelectorAll('.tex--plain')].map((e) => e.textContent);
    expect(plain).toContain('(R_K + R_V)(h + d_h)');
  });
});

describe('"show me" buttons', () => {
  it('set the config, and are disabled when a link locks the controls', () => {
    const { onChange, unmount } = renderArticle(T6_SMALL);
    fireEvent.click(screen.getByRole('button', { name: 'Show MQA in the explorer' }));
    expect(onChange).toHaveBeenCalledWith({ kind: 'mqa' });
    fireEvent.click(screen.getByRole('button', { name: 'Show the parameter-matched comparison' }));
    expect(onChange).toHaveBeenCalledWith({ compare: 'param' });
    unmount();
    renderArticle(T6_SMALL, true);
    expect(
      (screen.getByRole('button', { name: 'Show MLA in the explorer' }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });
});
