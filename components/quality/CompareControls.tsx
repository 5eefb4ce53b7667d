import { useId, useMemo, useState } from 'react';
import { formatInteger } from '../../src/view-models/format';
import { budgetAllowed, compareCandidates, DEFAULT_CHOICE, liveJob } from '../../src/sweep/compare';
import type { CompareChoice } from '../../src/sweep/compare';
import { sectionOf } from '../../src/sweep/live-runs';
import { estimateText, sweepText } from '../../src/view-models/quality/live-view';
import type { Manifest } from '../../src/sweep/manifest';
import type { Budget, SweepTask } from '../../src/sweep/protocol';
import type { Matching } from '../../src/sweep/runs';
import type { LiveProps } from './live-types';

interface Option<T extends string> {
  value: T;
  label: string;
  disabled?: boolean;
}

function RadioGroup<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  disabled,
}: {
  legend: string;
  name: string;
  value: T;
  options: readonly Option<T>[];
  onChange: (value: T) => void;
  disabled: boolean;
}) {
  return (
    <fieldset className="quality-compare__group" disabled={disabled}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            disabled={o.disabled}
            onChange={() => onChange(o.value)}
          />{' '}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

interface CompareControlsProps extends LiveProps {
  manifest: Manifest;
}

/**
 * Compare mode: pick a task, head- or parameter-matched runs and a budget, untick runs you do not want,
 * and train them one after another in the worker. Runs, protocol and estimate come from src/sweep.
 */
export function CompareControls({ manifest, state, actions }: CompareControlsProps) {
  const name = useId();
  const [choice, setChoice] = useState<CompareChoice>(DEFAULT_CHOICE);
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const candidates = useMemo(() => compareCandidates(choice), [choice]);
  const selected = candidates.filter((r) => !excluded.has(r.id));
  const protocol = sectionOf(manifest, choice.budget).protocolOf(choice.task);
  const quick = manifest.quick.protocol;
  const busy = state.progress !== null;
  const estimate = estimateText(Object.values(state.runs), choice.budget, choice.task, selected.length);
  const choose = (patch: Partial<CompareChoice>) => {
    const next = { ...choice, ...patch };
    setChoice(budgetAllowed(next.task, next.budget) ? next : { ...next, budget: 'full' });
    setExcluded(new Set());
  };
  const toggle = (id: string) => {
    const next = new Set(excluded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExcluded(next);
  };

  return (
    <form
      className="quality-compare"
      data-testid="quality-compare"
      onSubmit={(e) => {
        e.preventDefault();
        actions.start(selected.map((run) => liveJob(manifest, choice.budget, run)));
      }}
    >
      <div className="quality-compare__choices">
        <RadioGroup<SweepTask>
          legend="Task"
          name={`${name}-task`}
          value={choice.task}
          disabled={busy}
          onChange={(task) => choose({ task })}
          options={[
            { value: 'corpus', label: 'bundled corpus' },
            { value: 'recall', label: 'associative recall' },
          ]}
        />
        <RadioGroup<Matching>
          legend="Heads"
          name={`${name}-matching`}
          value={choice.matching}
          disabled={busy}
          onChange={(matching) => choose({ matching })}
          options={[
            { value: 'head', label: 'head-matched (same h)' },
            { value: 'param', label: 'parameter-matched (≈ 4d² attention parameters)' },
          ]}
        />
        <RadioGroup<Budget>
          legend="Token budget"
          name={`${name}-budget`}
          value={choice.budget}
          disabled={busy}
          onChange={(budget) => choose({ budget })}
          options={[
            { value: 'full', label: 'as precomputed' },
            {
              value: 'quick',
              label: `quick (${formatInteger(quick.steps)} steps × ${quick.batch}; corpus only)`,
              disabled: !budgetAllowed(choice.task, 'quick'),
            },
          ]}
        />
      </div>
      <fieldset className="quality-compare__runs" disabled={busy}>
        <legend>Runs</legend>
        {candidates.map((run) => (
          <label key={run.id} data-run-id={run.id}>
            <input type="checkbox" checked={!excluded.has(run.id)} onChange={() => toggle(run.id)} />{' '}
            {run.label}{' '}
            <span className="quality-compare__bytes">{formatInteger(run.kvBytesPerToken)} B/token</span>
          </label>
        ))}
      </fieldset>
      <p className="quality-note" data-testid="quality-compare-plan">
        {sweepText(selected.length, protocol)}, seed {protocol.seed}, peak learning rate{' '}
        {protocol.learningRate}
        {estimate ? `: ${estimate}` : ''}.
      </p>
      <div className="quality-compare__buttons">
        <button
          type="submit"
          className="quality-button"
          disabled={busy || selected.length === 0}
          data-testid="quality-compare-start"
        >
          Train {selected.length} run{selected.length === 1 ? '' : 's'} live
        </button>
        <button
          type="button"
          className="quality-button"
          disabled={!busy}
          onClick={() => actions.cancel()}
          data-testid="quality-live-cancel"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
