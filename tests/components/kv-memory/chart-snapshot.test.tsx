import { expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { KvMemoryPanel } from '../../../components/kv-memory';
import { T6_SMALL } from './hand-math';
import { normalisedSvg } from '../support/normalize-svg';

it('draws the T6-small head-matched chart the same way', () => {
  render(<KvMemoryPanel config={{ ...T6_SMALL, budgetGB: 40 }} onChange={() => {}} />);
  expect(normalisedSvg(screen.getByTestId('kv-total-chart'))).toMatchSnapshot();
});
