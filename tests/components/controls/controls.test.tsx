import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ConfigControls, ImportExport, ThemePicker } from '../../../components/controls';
import { DEFAULT_CONFIG } from '../../../src/config';
import type { PlaygroundConfig } from '../../../src/config';
import { applyTheme } from '../../../src/styles/apply-theme';

function renderControls(config: PlaygroundConfig) {
  const onChange = vi.fn<(patch: Partial<PlaygroundConfig>) => void>();
  render(<ConfigControls config={config} hints={{}} onChange={onChange} />);
  return onChange;
}

describe('classroom hiding and locking in the controls', () => {
  it('every group shows by default, with the e2e test ids', () => {
    renderControls(DEFAULT_CONFIG);
    for (const key of [
      'rankQ',
      'rankK',
      'rankV',
      'heads',
      'headDim',
      'kvHeads',
      'kvLatentDim',
      'contextLength',
    ]) {
      expect(screen.getByTestId(`control-${key}`)).toBeTruthy();
      expect(screen.getByTestId(`control-${key}-value`)).toBeTruthy();
    }
    expect(screen.getByTestId('control-preset')).toBeTruthy();
    expect(screen.getByTestId('control-dtype')).toBeTruthy();
  });

  it('hidden groups are not rendered', () => {
    renderControls({ ...DEFAULT_CONFIG, hidden: ['ranks', 'presets', 'workload'] });
    expect(screen.queryByTestId('control-rankK')).toBeNull();
    expect(screen.queryByTestId('control-preset')).toBeNull();
    expect(screen.queryByTestId('control-contextLength')).toBeNull();
    expect(screen.queryByTestId('control-dtype')).toBeNull();
    expect(screen.getByTestId('control-heads')).toBeTruthy();
    expect(screen.getByTestId('control-kind')).toBeTruthy();
  });

  it('locked controls are disabled; the share link is not', () => {
    renderControls({ ...DEFAULT_CONFIG, locked: 1 });
    const slider = screen.getByTestId('control-rankK').querySelector('input')!;
    expect(slider.matches(':disabled')).toBe(true);
    expect(screen.getByTestId('control-kind').matches(':disabled')).toBe(true);
    expect(screen.getByTestId('copy-link').matches(':disabled')).toBe(false);
  });

  it('unlocked sliders report their value', () => {
    const onChange = renderControls(DEFAULT_CONFIG);
    const slider = screen.getByTestId('control-rankK').querySelector('input')!;
    fireEvent.change(slider, { target: { value: '4' } }); // position 4 of 1..64 is R_K = 5
    expect(onChange).toHaveBeenCalledWith({ rankK: 5 });
  });
});

describe('theme', () => {
  it('the picker offers system, light and dark', () => {
    const onChange = vi.fn();
    render(<ThemePicker theme="system" onChange={onChange} />);
    const select = screen.getByLabelText('Theme') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['system', 'light', 'dark']);
    fireEvent.change(select, { target: { value: 'dark' } });
    expect(onChange).toHaveBeenCalledWith({ theme: 'dark' });
  });

  it('applyTheme forces light or dark, and system removes the override', () => {
    const root = document.createElement('html');
    applyTheme('dark', root);
    expect(root.getAttribute('data-theme')).toBe('dark');
    applyTheme('light', root);
    expect(root.getAttribute('data-theme')).toBe('light');
    applyTheme('system', root);
    expect(root.hasAttribute('data-theme')).toBe(false);
  });
});

describe('import / export', () => {
  async function openImport(locked = false) {
    const onChange = vi.fn<(patch: Partial<PlaygroundConfig>) => void>();
    const { container } = render(
      <ImportExport config={DEFAULT_CONFIG} onChange={onChange} locked={locked} />,
    );
    const details = container.querySelector('details')!;
    details.open = true;
    fireEvent(details, new Event('toggle'));
    await screen.findByTestId('import-text');
    return onChange;
  }

  it('a pasted config.json changes the config and says what it read', async () => {
    const onChange = await openImport();
    const json = {
      num_attention_heads: 32,
      num_key_value_heads: 8,
      hidden_size: 4096,
      num_hidden_layers: 32,
    };
    fireEvent.change(screen.getByTestId('import-text'), { target: { value: JSON.stringify(json) } });
    fireEvent.click(screen.getByTestId('import-read'));
    await waitFor(() => expect(onChange).toHaveBeenCalled());
    expect(onChange).toHaveBeenCalledWith({
      kind: 'gqa',
      headDim: 128,
      kvHeads: 8,
      heads: 32,
      layers: 32,
      dModel: 4096,
    });
    expect(screen.getByTestId('import-result').textContent).toMatch(/GQA · head dim d_h 128 · KV heads G 8/);
  });

  it('bad JSON shows the error and changes nothing', async () => {
    const onChange = await openImport();
    fireEvent.change(screen.getByTestId('import-text'), { target: { value: '{"a":' } });
    fireEvent.click(screen.getByTestId('import-read'));
    await waitFor(() => expect(screen.getByTestId('import-result').textContent).toMatch(/not valid JSON/));
    expect(onChange).not.toHaveBeenCalled();
  });

  it('a paste over 1 MB is refused before the box takes it, with the limit said', async () => {
    const onChange = await openImport();
    const box = screen.getByTestId('import-text') as HTMLTextAreaElement;
    const big = 'x'.repeat(1_000_001);
    const allowed = fireEvent.paste(box, { clipboardData: { getData: () => big } });
    expect(allowed).toBe(false); // default prevented: the text never enters the box
    expect(screen.getByTestId('import-result').textContent).toMatch(
      /1,000,001 characters long; the import box reads at most 1,000,000 \(1 MB\)/,
    );
    // a paste within the limit goes in as usual
    expect(fireEvent.paste(box, { clipboardData: { getData: () => 'x'.repeat(1_000_000) } })).toBe(true);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('shows the export notes (R_K ≠ R_V) and the file', async () => {
    const onChange = vi.fn();
    const { container } = render(
      <ImportExport config={{ ...DEFAULT_CONFIG, rankV: 3 }} onChange={onChange} locked={false} />,
    );
    const details = container.querySelector('details')!;
    details.open = true;
    fireEvent(details, new Event('toggle'));
    expect((await screen.findByTestId('export-notes')).textContent).toMatch(
      /R_K = 2 and R_V = 3, so rank = 3/,
    );
    expect(screen.getByTestId('export-preview').textContent).toMatch(/^rank = 3$/m);
  });

  it('locked: pasting is disabled', async () => {
    await openImport(true);
    expect((screen.getByTestId('import-read') as HTMLButtonElement).disabled).toBe(true);
  });
});
