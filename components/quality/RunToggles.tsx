import { useId } from 'react';
import type { AttentionKind } from '../../src/spec';
import { KIND_COLOR_VAR } from '../../src/styles/kind-colors';

interface RunTogglesProps {
  runs: readonly { id: string; label: string; kind: AttentionKind }[];
  chosen: ReadonlySet<string>;
  dashes: Readonly<Record<string, string>>;
  onToggle: (id: string) => void;
  legend: string;
}

/** A checkbox per run, with the run's line as its swatch: which runs the charts below draw. */
export function RunToggles({ runs, chosen, dashes, onToggle, legend }: RunTogglesProps) {
  const name = useId();
  return (
    <fieldset className="quality-toggles" data-testid="curves-toggles">
      <legend>{legend}</legend>
      {runs.map((r) => (
        <label key={r.id} data-run-id={r.id}>
          <input type="checkbox" name={name} checked={chosen.has(r.id)} onChange={() => onToggle(r.id)} />
          <svg className="quality-toggles__swatch" viewBox="0 0 28 10" aria-hidden="true">
            <line
              x1={1}
              x2={27}
              y1={5}
              y2={5}
              style={{ stroke: KIND_COLOR_VAR[r.kind], strokeDasharray: dashes[r.id] || undefined }}
            />
          </svg>
          {r.label}
        </label>
      ))}
    </fieldset>
  );
}
