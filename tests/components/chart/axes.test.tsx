import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { scaleLinear, scaleLog } from 'd3';
import { AxisBottom, AxisLeft, GridLines } from '../../../components/chart';

/** Renders SVG pieces inside an svg and returns that svg. */
function inSvg(children: ReactNode): SVGSVGElement {
  const { container } = render(<svg>{children}</svg>);
  return container.querySelector('svg')!;
}

const numbers = (elements: Iterable<Element>, attribute: string) =>
  [...elements].map((e) => Number(e.getAttribute(attribute)));
const texts = (elements: Iterable<Element>) => [...elements].map((e) => e.textContent);

describe('bottom axis', () => {
  it('puts a centred label under each tick at its position on a linear scale', () => {
    // 0…50 onto 0…400 px: 8 px per unit
    const scale = scaleLinear().domain([0, 50]).range([0, 400]);
    const ticks = scale.ticks(5);
    const svg = inSvg(<AxisBottom className="axis" scale={scale} ticks={ticks} y={180} lineLength={400} />);
    const group = svg.querySelector('g.axis')!;
    expect(group.getAttribute('aria-hidden')).toBe('true');
    expect(group.getAttribute('transform')).toBe('translate(0,180)');
    const labels = group.querySelectorAll('text');
    expect(texts(labels)).toEqual(['0', '10', '20', '30', '40', '50']);
    expect(numbers(labels, 'x')).toEqual([0, 80, 160, 240, 320, 400]);
    expect(numbers(labels, 'y')).toEqual([16, 16, 16, 16, 16, 16]);
    expect([...labels].every((t) => t.getAttribute('text-anchor') === 'middle')).toBe(true);
    const line = group.querySelector('line')!;
    expect(numbers([line], 'x1')).toEqual([0]);
    expect(numbers([line], 'x2')).toEqual([400]);
    expect(numbers([line], 'y1')).toEqual([0]);
  });

  it('on a log scale, with a format, a label offset, no line and a title after the labels', () => {
    // decades of 1…1000 onto 0…300 px: 100 px per decade
    const scale = scaleLog().domain([1, 1000]).range([0, 300]);
    const svg = inSvg(
      <AxisBottom
        className="axis"
        scale={scale}
        ticks={[1, 10, 100, 1000]}
        format={(v) => `${v} B`}
        y={50}
        labelOffset={20}
      >
        <text className="title">bytes</text>
      </AxisBottom>,
    );
    const group = svg.querySelector('g.axis')!;
    expect(group.querySelector('line')).toBeNull();
    const labels = group.querySelectorAll('text:not(.title)');
    expect(texts(labels)).toEqual(['1 B', '10 B', '100 B', '1000 B']);
    numbers(labels, 'x').forEach((x, i) => expect(x).toBeCloseTo(100 * i, 9));
    expect(numbers(labels, 'y')).toEqual([20, 20, 20, 20]);
    expect(group.lastElementChild?.getAttribute('class')).toBe('title');
  });
});

describe('left axis', () => {
  it('puts a right-aligned label left of the plot at each tick, on a range that runs upwards', () => {
    // 0…1 onto 200…0 px: y = 200 · (1 − v)
    const scale = scaleLinear().domain([0, 1]).range([200, 0]);
    const ticks = [0, 0.25, 0.5, 0.75, 1];
    const svg = inSvg(
      <AxisLeft className="axis" scale={scale} ticks={ticks} format={(v) => `${v * 100}%`}>
        <text className="title">recall</text>
      </AxisLeft>,
    );
    const group = svg.querySelector('g.axis')!;
    expect(group.getAttribute('aria-hidden')).toBe('true');
    expect(group.getAttribute('transform')).toBeNull();
    const labels = group.querySelectorAll('text:not(.title)');
    expect(texts(labels)).toEqual(['0%', '25%', '50%', '75%', '100%']);
    expect(numbers(labels, 'y')).toEqual(ticks.map((v) => 200 * (1 - v)));
    expect(numbers(labels, 'x')).toEqual([-8, -8, -8, -8, -8]);
    expect([...labels].every((t) => t.getAttribute('text-anchor') === 'end')).toBe(true);
    expect(group.lastElementChild?.textContent).toBe('recall');
  });

  it('labels the ticks with their numbers unless given a format, at the given offset', () => {
    const scale = scaleLinear().domain([2, 3]).range([100, 0]);
    const svg = inSvg(<AxisLeft className="axis" scale={scale} ticks={[2, 2.5, 3]} labelOffset={6} />);
    const labels = svg.querySelectorAll('g.axis text');
    expect(texts(labels)).toEqual(['2', '2.5', '3']);
    expect(numbers(labels, 'x')).toEqual([-6, -6, -6]);
  });
});

describe('grid lines', () => {
  const x = scaleLinear().domain([0, 4]).range([0, 400]);
  const y = scaleLinear().domain([0, 10]).range([250, 0]);

  it('draws a horizontal line across the plot per y tick, then a vertical one down it per x tick', () => {
    const svg = inSvg(
      <GridLines
        className="grid"
        width={400}
        height={250}
        y={{ scale: y, ticks: [0, 5, 10] }}
        x={{ scale: x, ticks: [1, 2, 3] }}
      />,
    );
    const group = svg.querySelector('g.grid')!;
    expect(group.getAttribute('aria-hidden')).toBe('true');
    const lines = [...group.querySelectorAll('line')];
    expect(lines).toHaveLength(6);
    const horizontal = lines.slice(0, 3);
    expect(numbers(horizontal, 'y1')).toEqual([250, 125, 0]);
    expect(numbers(horizontal, 'y2')).toEqual([250, 125, 0]);
    expect(numbers(horizontal, 'x1')).toEqual([0, 0, 0]);
    expect(numbers(horizontal, 'x2')).toEqual([400, 400, 400]);
    const vertical = lines.slice(3);
    expect(numbers(vertical, 'x1')).toEqual([100, 200, 300]);
    expect(numbers(vertical, 'x2')).toEqual([100, 200, 300]);
    expect(numbers(vertical, 'y1')).toEqual([0, 0, 0]);
    expect(numbers(vertical, 'y2')).toEqual([250, 250, 250]);
  });

  it('draws only the lines of the scales it is given', () => {
    const svg = inSvg(
      <GridLines className="grid" width={400} height={250} y={{ scale: y, ticks: [0, 10] }} />,
    );
    const lines = [...svg.querySelectorAll('g.grid line')];
    expect(numbers(lines, 'y1')).toEqual([250, 0]);
    expect(numbers(lines, 'x2')).toEqual([400, 400]);
  });
});
