import type { MarkerShape } from './series-style';

/** A marker centred on (x, y): the dot chart's points and the legends' swatches. */
export function Marker({
  shape,
  x,
  y,
  size,
  color,
}: {
  shape: MarkerShape;
  x: number;
  y: number;
  size: number;
  color: string;
}) {
  const r = size / 2;
  switch (shape) {
    case 'circle':
      return <circle cx={x} cy={y} r={r} fill={color} />;
    case 'square':
      return <rect x={x - r} y={y - r} width={size} height={size} fill={color} />;
    case 'diamond':
      return (
        <path
          d={`M${x},${y - r * 1.2}L${x + r * 1.2},${y}L${x},${y + r * 1.2}L${x - r * 1.2},${y}Z`}
          fill={color}
        />
      );
    case 'line':
      return <line x1={x - size} x2={x + size} y1={y} y2={y} stroke={color} strokeWidth={2.5} />;
    case 'dash':
      return (
        <line
          x1={x - size}
          x2={x + size}
          y1={y}
          y2={y}
          stroke={color}
          strokeWidth={2.5}
          strokeDasharray="3 2"
        />
      );
  }
}

/** A legend entry's swatch: the marker in a small SVG of its own. */
export function Swatch({ shape, color }: { shape: MarkerShape; color: string }) {
  return (
    <svg className="recall-swatch" viewBox="0 0 20 12" width={20} height={12} aria-hidden="true">
      <Marker shape={shape} x={10} y={6} size={8} color={color} />
    </svg>
  );
}
