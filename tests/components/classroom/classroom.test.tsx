import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { ClassroomNotice, ClassroomPicker, classroomLink } from '../../../components/classroom';
import { DEFAULT_CONFIG, decodeConfig } from '../../../src/config';
import type { PlaygroundConfig } from '../../../src/config';

const BASE = { origin: 'https://example.org', pathname: '/t6/' };

describe('classroom link', () => {
  it('carries the hidden groups in table order and the lock, and decodes back', () => {
    const link = classroomLink({ ...DEFAULT_CONFIG, kind: 'mla' }, ['workload', 'ranks'], true, BASE);
    expect(link.startsWith('https://example.org/t6/?v=1&')).toBe(true);
    const query = new URL(link).search;
    const { config, notices } = decodeConfig(query);
    expect(notices).toEqual([]);
    expect(config.hidden).toEqual(['ranks', 'workload']);
    expect(config.locked).toBe(1);
    expect(config.kind).toBe('mla');
  });
});

describe('teacher picker', () => {
  it('ticks become the link; the page itself keeps its controls', () => {
    render(<ClassroomPicker config={DEFAULT_CONFIG} />);
    const link = () => new URL((screen.getByTestId('classroom-link') as HTMLInputElement).value).searchParams;
    expect(link().get('hide')).toBe('');
    expect(link().get('lock')).toBe('0');
    fireEvent.click(screen.getByTestId('classroom-hide-shape'));
    fireEvent.click(screen.getByTestId('classroom-hide-presets'));
    fireEvent.click(screen.getByTestId('classroom-lock'));
    expect(link().get('hide')).toBe('presets,shape');
    expect(link().get('lock')).toBe('1');
    fireEvent.click(screen.getByTestId('classroom-hide-shape'));
    expect(link().get('hide')).toBe('presets');
  });
});

describe('classroom notice', () => {
  function renderNotice(config: PlaygroundConfig) {
    const onChange = vi.fn<(patch: Partial<PlaygroundConfig>) => void>();
    render(<ClassroomNotice config={config} onChange={onChange} />);
    return onChange;
  }

  it('is absent on an ordinary page', () => {
    renderNotice(DEFAULT_CONFIG);
    expect(screen.queryByTestId('classroom-notice')).toBeNull();
  });

  it('names what is hidden, says it is locked, and undoes both', () => {
    const onChange = renderNotice({ ...DEFAULT_CONFIG, hidden: ['ranks', 'compare'], locked: 1 });
    const text = screen.getByTestId('classroom-notice').textContent;
    expect(text).toMatch(/Locked by the link/);
    expect(text).toMatch(/TPA ranks \(R_Q, R_K, R_V\); Head- \/ parameter-matched switch/);
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(onChange).toHaveBeenLastCalledWith({ locked: 0 });
    fireEvent.click(screen.getByRole('button', { name: 'Show all controls' }));
    expect(onChange).toHaveBeenLastCalledWith({ hidden: [] });
  });
});
