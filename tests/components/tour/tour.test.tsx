import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { TOUR_LENGTH, TOUR_STEPS, TourCard, tourKeyAction, tourPatch } from '../../../components/tour';
import { DEFAULT_CONFIG } from '../../../src/config';
import type { PlaygroundConfig } from '../../../src/config';

function key(keyName: string, target: EventTarget | null, extra: Partial<KeyboardEventInit> = {}) {
  return { key: keyName, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, target, ...extra };
}

describe('tour keys', () => {
  const body = document.body;
  it('Space, → and PageDown advance; ←, PageUp and Shift+Space go back; Escape closes', () => {
    expect(tourKeyAction(key(' ', body))).toBe('next');
    expect(tourKeyAction(key('ArrowRight', body))).toBe('next');
    expect(tourKeyAction(key('PageDown', body))).toBe('next');
    expect(tourKeyAction(key('ArrowLeft', body))).toBe('back');
    expect(tourKeyAction(key('PageUp', body))).toBe('back');
    expect(tourKeyAction(key(' ', body, { shiftKey: true }))).toBe('back');
    expect(tourKeyAction(key('Escape', body))).toBe('close');
    expect(tourKeyAction(key('a', body))).toBeNull();
    expect(tourKeyAction(key('ArrowRight', body, { ctrlKey: true }))).toBeNull();
  });

  it('leaves form fields their keys, and Space on a button to the button', () => {
    const slider = document.createElement('input');
    slider.type = 'range';
    expect(tourKeyAction(key('ArrowRight', slider))).toBeNull();
    expect(tourKeyAction(key(' ', document.createElement('select')))).toBeNull();
    const button = document.createElement('button');
    expect(tourKeyAction(key(' ', button))).toBeNull();
    expect(tourKeyAction(key('ArrowRight', button))).toBe('next');
    expect(tourKeyAction(key('Escape', slider))).toBe('close');
  });
});

describe('tour steps', () => {
  it('each step sets the scene plus its own knobs, and the step number', () => {
    const first = tourPatch(1);
    expect(first).toMatchObject({
      tourStep: 1,
      kind: 'mha',
      heads: 34,
      headDim: 64,
      layers: 12,
      compare: 'head',
    });
    expect(tourPatch(2)).toMatchObject({ tourStep: 2, kind: 'mqa' });
    expect(tourPatch(0)).toEqual({ tourStep: 0 });
    expect(tourPatch(99).tourStep).toBe(TOUR_LENGTH);
  });

  it('every step has a title, a target and text', () => {
    expect(new Set(TOUR_STEPS.map((s) => s.id)).size).toBe(TOUR_LENGTH);
    for (const step of TOUR_STEPS) {
      expect(step.title).not.toBe('');
      expect(step.target).not.toBe('');
    }
  });
});

/** The card wired to a real config, as the app does. */
function Harness({ initial, onClose }: { initial: PlaygroundConfig; onClose?: () => void }) {
  const [config, setConfig] = useState(initial);
  return (
    <>
      <input aria-label="a slider" type="range" />
      <p data-testid="kind">{config.kind}</p>
      <TourCard
        config={config}
        onChange={(patch) => setConfig((c) => ({ ...c, ...patch }))}
        onClose={onClose}
      />
    </>
  );
}

function open(step: number, onClose?: () => void) {
  return render(<Harness initial={{ ...DEFAULT_CONFIG, ...tourPatch(step) }} onClose={onClose} />);
}

describe('tour card', () => {
  it('shows the step with numbers from the config, and Next sets the next step', () => {
    open(2);
    expect(screen.getByTestId('tour-progress').textContent).toBe(`Step 2 of ${TOUR_LENGTH}`);
    // MQA on the tour's T6-small scene: 2·64 = 128 = 4352 / 34
    expect(screen.getByRole('dialog').textContent).toMatch(/2·d_h = 2·64 = 128, 34× smaller than MHA/);
    fireEvent.click(screen.getByTestId('tour-next'));
    expect(screen.getByTestId('tour-card').getAttribute('data-step')).toBe('3');
    expect(screen.getByTestId('kind').textContent).toBe('gqa');
  });

  it('takes focus when it opens and answers keys anywhere outside form fields', () => {
    open(1);
    const card = screen.getByTestId('tour-card');
    expect(card.contains(document.activeElement)).toBe(true);
    fireEvent.keyDown(document.body, { key: ' ' });
    expect(card.getAttribute('data-step')).toBe('2');
    fireEvent.keyDown(screen.getByLabelText('a slider'), { key: 'ArrowRight' });
    expect(card.getAttribute('data-step')).toBe('2');
    fireEvent.keyDown(document.body, { key: 'ArrowLeft' });
    expect(card.getAttribute('data-step')).toBe('1');
  });

  it('the last step finishes; Escape closes; both call onClose', () => {
    const onClose = vi.fn();
    open(TOUR_LENGTH, onClose);
    expect(screen.getByTestId('tour-next').textContent).toBe('Finish');
    act(() => {
      fireEvent.keyDown(document.body, { key: 'ArrowRight' });
    });
    expect(screen.queryByTestId('tour-card')).toBeNull();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('highlights the step target, and moves the mark with the step', () => {
    const target = document.createElement('section');
    target.id = 'kv-memory';
    document.body.append(target);
    open(1);
    expect(target.hasAttribute('data-tour-highlight')).toBe(true);
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(target.hasAttribute('data-tour-highlight')).toBe(false);
    target.remove();
  });
});
