import { useId, useMemo, useState } from 'react';
import type { ManifestRecallDiagnosis } from '../../src/sweep/manifest';
import { attentionView } from '../../src/view-models/recall';
import type { AttentionSelection, Option } from '../../src/view-models/recall';
import { AttentionHeatmap } from './AttentionHeatmap';

function Picker<T extends string | number>(props: {
  label: string;
  value: T;
  options: readonly Option<T>[];
  onChange: (value: T) => void;
  testId: string;
}) {
  const id = useId();
  return (
    <div className="recall-picker">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        data-testid={props.testId}
        value={String(props.value)}
        onChange={(e) => {
          const chosen = props.options.find((o) => String(o.value) === e.target.value);
          if (chosen) props.onChange(chosen.value);
        }}
      >
        {props.options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The attention of one head on the fixed recall sequence: pick the model, the layer, the head and the
 * query; the grid frames the query's row and the text says which token it finds.
 */
export function AttentionViewer({ section }: { section: ManifestRecallDiagnosis }) {
  const [wanted, setWanted] = useState<AttentionSelection | null>(null);
  const view = useMemo(() => attentionView(section, wanted), [section, wanted]);
  const queryName = useId();
  if (!view) return <p className="recall-note">No run recorded its attention on the sequence.</p>;
  const { selection } = view;
  const pick = (patch: Partial<AttentionSelection>) => setWanted({ ...selection, ...patch });
  return (
    <div className="recall-viewer" data-testid="recall-viewer">
      <p className="recall-sequence">
        The sequence: four key–value pairs, padding, the separator, then each key asked again and its answer.{' '}
        <span className="recall-tokens" data-testid="recall-tokens">
          {view.sequenceText}
        </span>
      </p>
      <div className="recall-pickers">
        <Picker
          label="Model"
          value={selection.runId}
          options={view.runs}
          onChange={(runId) => pick({ runId })}
          testId="recall-pick-run"
        />
        <Picker
          label="Layer"
          value={selection.layer}
          options={view.layers}
          onChange={(layer) => pick({ layer })}
          testId="recall-pick-layer"
        />
        <Picker
          label="Head"
          value={selection.head}
          options={view.heads}
          onChange={(head) => pick({ head })}
          testId="recall-pick-head"
        />
      </div>
      <fieldset className="recall-queries">
        <legend>Query</legend>
        {view.queries.map((q) => (
          <label key={q.value}>
            <input
              type="radio"
              name={queryName}
              value={q.value}
              checked={q.value === selection.query}
              onChange={() => pick({ query: q.value })}
            />{' '}
            {q.label}
          </label>
        ))}
      </fieldset>
      <figure className="recall-figure">
        <AttentionHeatmap
          tokens={view.tokens}
          matrix={view.matrix}
          row={view.queryRow}
          columns={view.pairColumns}
          title={`${view.title}. The query's row is framed.`}
        />
        <figcaption className="recall-caption">
          Row: the token that attends; column: the token it looks at (darker is more). The framed row is the
          query key; the dashed columns are its pair&apos;s key and value.
        </figcaption>
      </figure>
      <div aria-live="polite" className="recall-finding" data-testid="recall-finding">
        <p>{view.finding}</p>
        <p>{view.answer}</p>
        <p>{view.headSummary}</p>
      </div>
    </div>
  );
}
