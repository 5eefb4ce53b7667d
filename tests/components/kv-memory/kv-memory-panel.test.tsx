import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { KvMemoryPanel } from '../../../components/kv-memory';
import type { PlaygroundConfig } from '../../../src/config';
import { HAND_BYTES, KINDS, T6_SMALL, handElements } from './hand-math';

function renderPanel(config: PlaygroundConfig) {
  const onChange = vi.fn<(patch: Partial<PlaygroundConfig>) => void>();
  const utils = render(<KvMemoryPanel config={config} onChange={onChange} />);
  return { ...utils, onChange };
}

function cell(tableId: string, kind: string, col: string): HTMLElement {
  const found = screen
    .getByTestId(tableId)
    .querySelector<HTMLElement>(`tbody tr[data-kind="${kind}"] [data-col="${col}"]`);
  if (!found) throw new Error(`no ${col} cell for ${kind} in ${tableId}`);
  return found;
}

function checked(element: HTMLElement): boolean {
  return (element as HTMLInputElement).checked;
}

function value(tableId: string, kind: string, col: string): number {
  return Number(cell(tableId, kind, col).getAttribute('data-value'));
}

describe('per-token table, head-matched T6-small (h = 34, d_h = 64, 12 layers, bf16)', () => {
  it('has one row per kind, each with the hand-computed numbers', () => {
    renderPanel(T6_SMALL);
    const rows = screen.getByTestId('kv-per-token-table').querySelectorAll('tbody tr[data-kind]');
    expect([...rows].map((r) => r.getAttribute('data-kind'))).toEqual([...KINDS]);
    const mha = handElements('mha', T6_SMALL); // 2·34·64 = 4352
    expect(mha).toBe(4352);
    for (const kind of KINDS) {
      const elements = handElements(kind, T6_SMALL);
      expect(value('kv-per-token-table', kind, 'heads')).toBe(34);
      expect(value('kv-per-token-table', kind, 'elements')).toBe(elements);
      expect(value('kv-per-token-table', kind, 'ratio')).toBeCloseTo(elements / mha, 12);
      expect(value('kv-per-token-table', kind, 'bytes-per-token')).toBe(elements * 12 * 2);
    }
  });

  it('shows the filled formula, formatted numbers and the ratio in words', () => {
    renderPanel(T6_SMALL);
    expect(cell('kv-per-token-table', 'tpa', 'formula').textContent).toBe('(2+2)(34+64) = 392');
    expect(cell('kv-per-token-table', 'mha', 'elements').textContent).toBe('4,352');
    // 4352 / 392 = 11.10…
    expect(cell('kv-per-token-table', 'tpa', 'ratio').textContent).toContain('11.1× smaller');
    // 392 · 12 · 2 = 9,408 B = 9.41 KB
    expect(cell('kv-per-token-table', 'tpa', 'bytes-per-token').textContent).toBe('9.41 KB');
    // TPA attention parameters: 768·(6+2+2)·(34+64) + 768·34·64 = 752,640 + 1,671,168
    expect(value('kv-per-token-table', 'tpa', 'attention-params')).toBe(752_640 + 1_671_168);
  });

  it('has a caption and scoped headers', () => {
    renderPanel(T6_SMALL);
    const table = screen.getByTestId('kv-per-token-table');
    expect(table.querySelector('caption')?.textContent).toMatch(/head-matched/);
    expect(table.querySelectorAll('thead th[scope="col"]').length).toBe(7);
    expect(table.querySelectorAll('tbody th[scope="row"]').length).toBe(6);
  });
});

describe('a different shape: GQA-8 at d_h = 128, 32 layers, fp32, batch 2, 8K tokens, 80 GB', () => {
  const config: PlaygroundConfig = {
    ...T6_SMALL,
    kind: 'gqa',
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    rankK: 1,
    rankV: 3,
    kvLatentDim: 512,
    ropeDim: 64,
    layers: 32,
    dModel: 4096,
    contextLength: 8192,
    batch: 2,
    dtype: 'fp32',
    budgetGB: 80,
  };

  it('per-token and total numbers follow the hand formulas', () => {
    renderPanel(config);
    for (const kind of KINDS) {
      const elements = handElements(kind, config);
      const perToken = elements * 32 * 4;
      expect(value('kv-per-token-table', kind, 'elements')).toBe(elements);
      expect(value('kv-per-token-table', kind, 'bytes-per-token')).toBe(perToken);
      expect(value('kv-total-table', kind, 'total-at-context')).toBe(perToken * 8192 * 2);
      expect(value('kv-total-table', kind, 'longest-context')).toBe(Math.floor(80e9 / (perToken * 2)));
    }
    // spot checks by hand: GQA 2·8·128 = 2048; TPA (1+3)(32+128) = 640; MLA 512 + 64 = 576
    expect(value('kv-per-token-table', 'gqa', 'elements')).toBe(2048);
    expect(value('kv-per-token-table', 'tpa', 'elements')).toBe(640);
    expect(value('kv-per-token-table', 'mla', 'elements')).toBe(576);
    // GQA over 8,192 tokens × 2: 2048 · 32 · 4 · 8192 · 2 = 4,294,967,296 B = 4.29 GB
    expect(cell('kv-total-table', 'gqa', 'total-at-context').textContent).toBe('4.29 GB');
  });
});

describe('parameter-matched T6-medium (d = 1024, 24 layers)', () => {
  // Heads by hand (see tests/unit/explorer): MHA 16, MQA 31, GQA 30, MLA 23, TPA-KVonly 29, TPA 47
  const heads: Record<string, number> = { mha: 16, mqa: 31, gqa: 30, mla: 23, 'tpa-kvonly': 29, tpa: 47 };
  const config: PlaygroundConfig = { ...T6_SMALL, heads: 16, layers: 24, dModel: 1024, compare: 'param' };

  it('gives each kind its matched heads and the cache those heads imply', () => {
    renderPanel(config);
    const mha = handElements('mha', config, 16); // 2048
    for (const kind of KINDS) {
      const h = heads[kind]!;
      expect(value('kv-per-token-table', kind, 'heads')).toBe(h);
      expect(value('kv-per-token-table', kind, 'elements')).toBe(handElements(kind, config, h));
      expect(value('kv-per-token-table', kind, 'ratio')).toBeCloseTo(handElements(kind, config, h) / mha, 12);
    }
    // (2+2)(47+64) = 444 vs 2·16·64 = 2048
    expect(value('kv-per-token-table', 'tpa', 'elements')).toBe(444);
    expect(screen.getByTestId('kv-per-token-table').querySelector('caption')?.textContent).toMatch(
      /parameter-matched/,
    );
  });
});

describe('wiring', () => {
  it('choosing "Parameter-matched" calls onChange({compare: "param"}) and back', () => {
    const { onChange, rerender } = renderPanel(T6_SMALL);
    const group = screen.getByRole('group', { name: 'Compare the kinds' });
    const param = within(group).getByRole('radio', { name: /Parameter-matched/ });
    const head = within(group).getByRole('radio', { name: /Head-matched/ });
    expect(checked(head)).toBe(true);
    fireEvent.click(param);
    expect(onChange).toHaveBeenCalledWith({ compare: 'param' });

    onChange.mockClear();
    rerender(<KvMemoryPanel config={{ ...T6_SMALL, compare: 'param' }} onChange={onChange} />);
    expect(checked(param)).toBe(true);
    fireEvent.click(head);
    expect(onChange).toHaveBeenCalledWith({ compare: 'head' });
  });

  it('pressing a kind’s bar selects it; the pressed bar follows config.kind', () => {
    const { onChange, rerender } = renderPanel(T6_SMALL);
    const bars = screen.getByTestId('kv-per-token-bars');
    const buttons = within(bars).getAllByRole('button');
    expect(buttons).toHaveLength(6);
    const pressed = () =>
      buttons.filter((b) => b.getAttribute('aria-pressed') === 'true').map((b) => b.dataset.kind);
    expect(pressed()).toEqual(['tpa']);

    const mqa = within(bars).getByRole('button', { name: /^MQA/ });
    expect(mqa.tagName).toBe('BUTTON'); // native button: Enter and Space work
    fireEvent.click(mqa);
    expect(onChange).toHaveBeenCalledWith({ kind: 'mqa' });

    rerender(<KvMemoryPanel config={{ ...T6_SMALL, kind: 'mqa' }} onChange={onChange} />);
    expect(pressed()).toEqual(['mqa']);
    const currentRows = screen.getByTestId('kv-per-token-table').querySelectorAll('tr[data-current="true"]');
    expect([...currentRows].map((r) => r.getAttribute('data-kind'))).toEqual(['mqa']);
    const currentLine = screen.getByTestId('kv-total-chart').querySelector('path[data-current="true"]');
    expect(currentLine?.getAttribute('data-kind')).toBe('mqa');
  });

  it('the budget select calls onChange({budgetGB}); a custom value can be typed', () => {
    const { onChange } = renderPanel(T6_SMALL);
    const select = screen.getByLabelText('Memory budget');
    expect((select as HTMLSelectElement).value).toBe('24');
    fireEvent.change(select, { target: { value: '80' } });
    expect(onChange).toHaveBeenLastCalledWith({ budgetGB: 80 });

    onChange.mockClear();
    expect(screen.queryByLabelText('Custom budget (GB)')).toBeNull();
    fireEvent.change(select, { target: { value: 'custom' } });
    expect(onChange).not.toHaveBeenCalled();
    const input = screen.getByLabelText('Custom budget (GB)');
    fireEvent.change(input, { target: { value: '100' } });
    expect(onChange).toHaveBeenLastCalledWith({ budgetGB: 100 });
    onChange.mockClear();
    fireEvent.change(input, { target: { value: '2.5' } });
    expect(onChange).not.toHaveBeenCalled();
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  it('a locked classroom link disables the comparison, the budget and the kind buttons; the numbers stay', () => {
    renderPanel({ ...T6_SMALL, locked: 1 });
    const group = screen.getByRole('group', { name: 'Compare the kinds' });
    // disabled through the fieldset: the radios match :disabled (their own .disabled stays false)
    for (const radio of within(group).getAllByRole('radio')) expect(radio.matches(':disabled')).toBe(true);
    expect((screen.getByLabelText('Memory budget') as HTMLSelectElement).disabled).toBe(true);
    const buttons = within(screen.getByTestId('kv-per-token-bars')).getAllByRole('button');
    expect(buttons.every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect(value('kv-per-token-table', 'tpa', 'elements')).toBe(handElements('tpa', T6_SMALL));
  });

  it('unlocked, nothing is disabled', () => {
    renderPanel(T6_SMALL);
    expect((screen.getByLabelText('Memory budget') as HTMLSelectElement).disabled).toBe(false);
    const buttons = within(screen.getByTestId('kv-per-token-bars')).getAllByRole('button');
    expect(buttons.some((b) => (b as HTMLButtonElement).disabled)).toBe(false);
  });

  it('a budget that is not a preset shows in the custom field', () => {
    renderPanel({ ...T6_SMALL, budgetGB: 100 });
    expect((screen.getByLabelText('Memory budget') as HTMLSelectElement).value).toBe('custom');
    expect((screen.getByLabelText('Custom budget (GB)') as HTMLInputElement).value).toBe('100');
  });
});

describe('budget lines and longest context follow budgetGB', () => {
  function budgetLines() {
    return [...screen.getAllByTestId('kv-budget-line')].map((g) => [
      Number(g.getAttribute('data-gb')),
      g.getAttribute('data-chosen') === 'true',
    ]);
  }

  it('24 GB chosen: two lines, 24 chosen; longest context = floor(24e9 / bytes per token)', () => {
    renderPanel(T6_SMALL);
    expect(budgetLines()).toEqual([
      [24, true],
      [80, false],
    ]);
    // TPA 392 · 12 · 2 = 9408 B per token → floor(24e9 / 9408) = 2,551,020
    expect(value('kv-total-table', 'tpa', 'longest-context')).toBe(2_551_020);
    expect(cell('kv-total-table', 'tpa', 'longest-context').textContent).toBe('2,551,020 (2.55M)');
  });

  it('40 GB chosen: three lines and the longest contexts grow by 40/24', () => {
    const { rerender, onChange } = renderPanel(T6_SMALL);
    rerender(<KvMemoryPanel config={{ ...T6_SMALL, budgetGB: 40 }} onChange={onChange} />);
    expect(budgetLines()).toEqual([
      [24, false],
      [40, true],
      [80, false],
    ]);
    for (const kind of KINDS) {
      const perToken = handElements(kind, T6_SMALL) * 12 * HAND_BYTES.bf16;
      expect(value('kv-total-table', kind, 'longest-context')).toBe(Math.floor(40e9 / perToken));
    }
    const header = screen.getByTestId('kv-total-table').querySelector('thead')?.textContent ?? '';
    expect(header).toContain('Longest context in 40 GB');
  });

  it('fits column compares the total at the context with the budget', () => {
    // MHA at 1M tokens: 4352 · 12 · 2 · 2^20 = 109.5 GB > 80 GB; TPA: 9408 · 2^20 = 9.87 GB ≤ 80 GB
    renderPanel({ ...T6_SMALL, contextLength: 1 << 20, budgetGB: 80 });
    expect(cell('kv-total-table', 'mha', 'fits').getAttribute('data-value')).toBe('false');
    expect(cell('kv-total-table', 'tpa', 'fits').getAttribute('data-value')).toBe('true');
  });
});

describe('chart', () => {
  it('draws a line per kind, the context marker and a dot where a line meets the budget within 1K–1M', () => {
    renderPanel(T6_SMALL);
    const svg = screen.getByTestId('kv-total-chart');
    expect(svg.querySelectorAll('path[data-kind]')).toHaveLength(6);
    expect(screen.getByTestId('kv-context-marker').getAttribute('data-value')).toBe('32768');
    // only MHA's longest context (floor(24e9 / 104,448) = 229,779) lies inside 1K–1M; the others exceed 1M
    const dots = screen.queryAllByTestId('kv-fit-point');
    expect(dots.map((d) => [d.getAttribute('data-kind'), Number(d.getAttribute('data-value'))])).toEqual([
      ['mha', 229_779],
    ]);
  });

  it('every line is straight on log-log axes and ordered by cache size', () => {
    renderPanel(T6_SMALL);
    const svg = screen.getByTestId('kv-total-chart');
    const firstY = (kind: string) => {
      const d = svg.querySelector(`path[data-kind="${kind}"]`)?.getAttribute('d') ?? '';
      const numbers = d.match(/-?\d+(\.\d+)?/g)?.map(Number) ?? [];
      return numbers[1] ?? Number.NaN;
    };
    // larger cache → higher on screen → smaller y
    expect(firstY('mha')).toBeLessThan(firstY('tpa'));
    expect(firstY('tpa')).toBeLessThan(firstY('mla'));
    expect(firstY('mla')).toBeLessThan(firstY('gqa'));
    expect(firstY('gqa')).toBeLessThan(firstY('mqa'));
  });

  it('the series table holds every plotted point', () => {
    renderPanel(T6_SMALL);
    const table = screen.getByTestId('kv-series-table');
    const rows = table.querySelectorAll('tbody tr[data-tokens]');
    expect(rows).toHaveLength(11);
    const at1M = table.querySelector('tr[data-tokens="1048576"] td[data-kind="tpa"]');
    // 392 · 12 · 2 · 2^20 = 9,865,003,008
    expect(Number(at1M?.getAttribute('data-value'))).toBe(392 * 12 * 2 * 1048576);
  });
});

describe('text', () => {
  it('the live summary states the current kind’s numbers', () => {
    renderPanel(T6_SMALL);
    const summary = screen.getByTestId('kv-summary');
    expect(summary.getAttribute('aria-live')).toBe('polite');
    // 392 · 12 · 2 · 32768 = 308,281,344 B ≈ 308 MB
    expect(summary.textContent).toContain('392 elements per token per layer');
    expect(summary.textContent).toContain('308 MB');
    expect(summary.textContent).toContain('2.55M tokens fit in 24 GB');
  });

  it('explains both comparisons, marking the one on screen', () => {
    const { rerender, onChange } = renderPanel(T6_SMALL);
    const explanation = screen.getByTestId('kv-explanation');
    // read classList directly: jsdom's selector cache can return a stale match for a class that changed
    const shown = () =>
      [...explanation.querySelectorAll('p')]
        .filter((p) => p.classList.contains('kv-explanation__p--shown'))
        .map((p) => p.dataset.mode)
        .join();
    expect(shown()).toBe('head');
    expect(explanation.querySelector('[data-mode="head"]')?.textContent).toContain('h = 34');
    // parameter-matched at d = 768: MHA h = 12, TPA h = 33 ((2+2)(33+64) = 388)
    expect(explanation.querySelector('[data-mode="param"]')?.textContent).toContain('TPA gets h = 33');
    rerender(<KvMemoryPanel config={{ ...T6_SMALL, compare: 'param' }} onChange={onChange} />);
    expect(shown()).toBe('param');
  });
});
