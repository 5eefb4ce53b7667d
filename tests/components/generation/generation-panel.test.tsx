import { describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { renderWithServices } from '../support/services';
import { GenerationPanel } from '../../../components/generation';
import type { PlaygroundConfig } from '../../../src/config';
import { ATTENTION_KINDS } from '../../../src/spec';
import { modelSpecOf } from '../../../src/config/model-spec';
import { IDLE_GENERATION } from '../../../src/runtime/runtime-state';
import type { ModelRuntimeState } from '../../../src/runtime/runtime-state';
import { CONFIG, READY, fakeRuntime } from '../training/fixtures';

function renderPanel(state: Partial<ModelRuntimeState> = READY) {
  const fake = fakeRuntime(state);
  const onChange = vi.fn<(patch: Partial<PlaygroundConfig>) => void>();
  renderWithServices(<GenerationPanel config={CONFIG} onChange={onChange} />, fake.services);
  return { ...fake, onChange };
}

// the fixture model: TPA h=2 d_h=8 R_K=R_V=2, 2 layers → (2+2)(2+8) = 40 numbers = 160 bytes per token and layer
const PER_TOKEN = 160;

describe('generation panel', () => {
  it('generates from the prompt with the chosen number of tokens', () => {
    const { actions } = renderPanel();
    fireEvent.change(screen.getByTestId('prompt'), { target: { value: 'Once' } });
    fireEvent.change(screen.getByTestId('control-max-tokens').querySelector('input')!, {
      target: { value: '0' },
    });
    fireEvent.click(screen.getByTestId('generate'));
    expect(actions.generate).toHaveBeenCalledWith('Once', 20);
  });

  it('while generating the button stops it', () => {
    const { actions } = renderPanel({
      ...READY,
      generation: { ...IDLE_GENERATION, status: 'running', text: 'ab', tokens: 2 },
    });
    const button = screen.getByTestId('generate');
    expect(button.textContent).toBe('Stop');
    fireEvent.click(button);
    expect(actions.stopGeneration).toHaveBeenCalledOnce();
    expect(screen.getByTestId('generated-text').getAttribute('data-tokens')).toBe('2');
  });

  it('is disabled until a model is ready', () => {
    renderPanel({ ...READY, phase: 'building', model: null });
    expect((screen.getByTestId('generate') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the text, the latency and the per-layer cache measured against the formula', () => {
    renderPanel({
      ...READY,
      history: [],
      generation: {
        ...IDLE_GENERATION,
        status: 'done',
        text: 'hello',
        tokens: 5,
        firstTokenMs: 12.3,
        meanTokenMs: 2.04,
        unknownChars: 1,
        last: { index: 4, ms: 2, slid: false, cacheTokens: 8, layerBytes: [8 * PER_TOKEN, 8 * PER_TOKEN] },
      },
    });
    expect(screen.getByTestId('generated-text').textContent).toBe('The hello');
    expect(screen.getByTestId('generation-status').textContent).toBe(
      'Generated 5 tokens: the first after 12.3 ms (prompt included), then 2.04 ms per token. 1 prompt character is not in the vocabulary and was read as unknown.',
    );
    expect(screen.getByTestId('cache-measured').getAttribute('data-value')).toBe(String(2 * 8 * PER_TOKEN));
    expect(screen.getByTestId('cache-formula').getAttribute('data-value')).toBe(String(2 * 8 * PER_TOKEN));
    const layers = screen.getByTestId('cache-strip').querySelectorAll('[data-layer]');
    expect([...layers].map((l) => l.getAttribute('data-matches'))).toEqual(['true', 'true']);
    expect(screen.getByTestId('cache-strip').textContent).toContain('(R_K+R_V)(h+d_h) = (2+2)(2+8) = 40');
  });

  it('on wasm, says what the count leaves out for TPA: the packed B_K and B_V, (R_K+R_V)·d_h per token and layer', () => {
    const done = (backend: NonNullable<ModelRuntimeState['backend']>) =>
      renderPanel({
        ...READY,
        backend,
        generation: {
          ...IDLE_GENERATION,
          status: 'done',
          tokens: 8,
          last: { index: 7, ms: 1, slid: false, cacheTokens: 8, layerBytes: [8 * PER_TOKEN, 8 * PER_TOKEN] },
        },
      });
    done(READY.backend!);
    // (2 + 2) · 8 = 32 numbers = 128 bytes per token and layer; 8 tokens, 2 layers
    const note = screen.getByTestId('cache-packed');
    expect(note.getAttribute('data-value')).toBe(String(128 * 8 * 2));
    expect(note.textContent).toMatch(/32 more numbers per token and layer .*up to 2,048 B now/);
    cleanup();
    done({ ...READY.backend!, backend: 'webgl' });
    expect(screen.queryByTestId('cache-packed')).toBeNull();
  });

  it('a measured size that differs from the formula is flagged, not hidden', () => {
    renderPanel({
      ...READY,
      generation: {
        ...IDLE_GENERATION,
        status: 'done',
        tokens: 1,
        last: { index: 0, ms: 1, slid: false, cacheTokens: 8, layerBytes: [1280, 1000] },
      },
    });
    expect(screen.getByTestId('cache-strip').getAttribute('data-matches')).toBe('false');
    expect(screen.getByText('✗ differ')).toBeTruthy();
  });

  it('measures every kind on request and tabulates measured against formula', () => {
    const shapes = ATTENTION_KINDS.map((k) => modelSpecOf(CONFIG, k).shape);
    const perToken = { mha: 128, mqa: 64, gqa: 128, mla: 160, 'tpa-kvonly': 160, tpa: 160 } as const;
    const rows = ATTENTION_KINDS.map((kind) => ({
      kind,
      tokens: 16,
      totalBytes: 2 * 16 * perToken[kind],
      layers: [0, 1].map((layer) => ({ layer, bytes: 16 * perToken[kind], tensors: [] })),
    }));
    const { actions } = renderPanel({ ...READY, baselines: { status: 'done', shapes, rows, error: null } });
    fireEvent.click(screen.getByTestId('compare-baselines'));
    expect(actions.compareBaselines).toHaveBeenCalledOnce();
    const table = screen.getByTestId('baseline-table');
    for (const kind of ATTENTION_KINDS) {
      const row = table.querySelector(`tr[data-kind="${kind}"]`)!;
      expect(row.getAttribute('data-matches'), kind).toBe('true');
      expect(row.querySelector('[data-col="measured"]')!.getAttribute('data-value')).toBe(
        String(2 * 16 * perToken[kind]),
      );
    }
    expect(table.querySelector('tr[aria-current="true"]')!.getAttribute('data-kind')).toBe('tpa');
    expect(table.querySelector('tr[data-kind="mqa"] [data-col="ratio"]')!.getAttribute('data-value')).toBe(
      '0.5',
    );
  });
});
