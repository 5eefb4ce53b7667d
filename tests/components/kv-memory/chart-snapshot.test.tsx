import { expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { KvMemoryPanel } from '../../../components/kv-memory';
import { T6_SMALL } from './hand-math';

/**
 * The chart's SVG with numbers rounded to one decimal and React's generated ids replaced, so the snapshot
 * changes only when what is drawn changes (the way Observable Plot tests its marks).
 */
function normalisedSvg(svg: Element): string {
  const ids = new Map<string, string>();
  return svg.outerHTML
    .replace(/_r_[0-9a-z]+_|:r[0-9a-z]+:/g, (id) => {
      if (!ids.has(id)) ids.set(id, `id${ids.size}`);
      return ids.get(id)!;
    })
    .replace(/-?\d+\.\d+/g, (n) => String(Math.round(Number(n) * 10) / 10))
    .replace(/></g, '>\n<');
}

it('draws the T6-small head-matched chart the same way', () => {
  render(<KvMemoryPanel config={{ ...T6_SMALL, budgetGB: 40 }} onChange={() => {}} />);
  expect(normalisedSvg(screen.getByTestId('kv-total-chart'))).toMatchSnapshot();
});
