import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { ChartFrame, useMeasuredWidth } from '../../../components/chart';

const MARGIN = { top: 12, right: 8, bottom: 30, left: 44 };

describe('chart frame', () => {
  it('is an image named by its title, sized by a viewBox, with the plot moved in by the margins', () => {
    render(
      <ChartFrame width={640} height={300} margin={MARGIN} title="Loss against steps">
        <circle data-testid="mark" r={3} />
      </ChartFrame>,
    );
    const svg = screen.getByRole('img', { name: 'Loss against steps' });
    expect(svg.tagName).toBe('svg');
    expect(svg.getAttribute('viewBox')).toBe('0 0 640 300');
    const title = svg.querySelector('title')!;
    expect(svg.getAttribute('aria-labelledby')).toBe(title.id);
    const plot = screen.getByTestId('mark').parentElement!;
    expect(plot.tagName).toBe('g');
    expect(plot.getAttribute('transform')).toBe('translate(44,12)');
    expect(plot.parentElement).toBe(svg);
  });

  it('passes a group role and other attributes to the svg', () => {
    render(
      <ChartFrame
        width={200}
        height={100}
        margin={MARGIN}
        title="Quality against memory"
        role="group"
        className="my-chart"
        aria-describedby="numbers"
        data-testid="chart"
        data-points={7}
      />,
    );
    const svg = screen.getByRole('group', { name: 'Quality against memory' });
    expect(svg).toBe(screen.getByTestId('chart'));
    expect(svg.getAttribute('class')).toBe('my-chart');
    expect(svg.getAttribute('aria-describedby')).toBe('numbers');
    expect(svg.getAttribute('data-points')).toBe('7');
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('two charts on a page each keep their own title', () => {
    render(
      <>
        <ChartFrame width={10} height={10} margin={MARGIN} title="first" />
        <ChartFrame width={10} height={10} margin={MARGIN} title="second" />
      </>,
    );
    const ids = screen.getAllByRole('img').map((svg) => svg.getAttribute('aria-labelledby'));
    expect(new Set(ids).size).toBe(2);
    expect(screen.getByRole('img', { name: 'first' })).not.toBe(screen.getByRole('img', { name: 'second' }));
  });
});

function Measured() {
  const [ref, width] = useMeasuredWidth<HTMLDivElement>(640);
  return <div ref={ref} data-testid="measured" data-width={width} />;
}

describe('measured width', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('stays at the fallback where there is no ResizeObserver', () => {
    vi.stubGlobal('ResizeObserver', undefined);
    render(<Measured />);
    expect(screen.getByTestId('measured').getAttribute('data-width')).toBe('640');
  });

  it('follows the observed content width, rounded, ignores a zero width and stops observing on unmount', () => {
    const observers: { callback: ResizeObserverCallback; target: Element | null; connected: boolean }[] = [];
    class FakeObserver {
      private readonly entry: (typeof observers)[number];
      constructor(callback: ResizeObserverCallback) {
        this.entry = { callback, target: null, connected: true };
        observers.push(this.entry);
      }
      observe(target: Element) {
        this.entry.target = target;
      }
      disconnect() {
        this.entry.connected = false;
      }
    }
    vi.stubGlobal('ResizeObserver', FakeObserver);
    const { unmount } = render(<Measured />);
    const element = screen.getByTestId('measured');
    expect(observers).toHaveLength(1);
    expect(observers[0]!.target).toBe(element);
    const report = (width: number) =>
      act(() =>
        observers[0]!.callback(
          [{ contentRect: { width } } as ResizeObserverEntry],
          observers[0] as unknown as ResizeObserver,
        ),
      );
    report(333.4);
    expect(element.getAttribute('data-width')).toBe('333');
    report(0);
    expect(element.getAttribute('data-width')).toBe('333');
    unmount();
    expect(observers[0]!.connected).toBe(false);
  });
});
