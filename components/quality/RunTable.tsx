import type { PlaygroundConfig } from '../../src/config';
import { formatInteger } from '../../src/view-models/format';
import { verdictOf, verdictText } from '../../src/view-models/quality/live-view';
import type { QualityChartView, QualityRunView } from '../../src/view-models/quality/quality-view';
import { ScrollTable } from './ScrollTable';
import { NumberCell } from '../kv-memory/NumberCell';
import { formatY } from './format';

interface RunTableProps {
  view: QualityChartView;
  id: string;
  onLoad: (patch: Partial<PlaygroundConfig>) => void;
  /** trains a run again in this browser (absent: not offered) */
  onRerun?: (run: QualityRunView) => void;
  busy?: boolean;
}

const MATCHING_SHORT = { head: 'head', param: 'params' } as const;

/**
 * Every point of a Pareto chart as a table row (the numbers behind the chart, raw in data-value), with
 * the value of its live re-run, if any, and buttons to load or re-run it.
 */
export function RunTable({ view, id, onLoad, onRerun, busy = false }: RunTableProps) {
  const metric = view.goal === 'max' ? 'Recall accuracy' : 'Validation loss';
  const rows = [...view.runs].sort((a, b) => a.x - b.x || a.label.localeCompare(b.label));
  return (
    <ScrollTable
      id={id}
      testId={`quality-table-${view.id}`}
      caption={
        <>
          Precomputed runs ({view.task === 'corpus' ? 'bundled corpus' : 'associative recall'}
          {view.budget === 'full' ? '' : `, ${view.budget} budget`}): KV cache per token, parameters,{' '}
          {metric.toLowerCase()}, whether the run is on the Pareto frontier, and its live re-run in this
          browser
        </>
      }
    >
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Matched by</th>
          <th scope="col">KV bytes / token</th>
          <th scope="col">Attention params / layer</th>
          <th scope="col">Parameters</th>
          <th scope="col">{metric}</th>
          <th scope="col">Frontier</th>
          <th scope="col">Trained live</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((run) => (
          <tr key={run.id} data-run-id={run.id} data-kind={run.kind} data-current={run.current}>
            <th scope="row">
              {run.label}
              <span className="quality-table__shape">{run.shapeText}</span>
            </th>
            <td data-col="matching">{run.matching.map((m) => MATCHING_SHORT[m]).join(', ') || '–'}</td>
            <NumberCell col="kv-bytes" value={run.x}>
              {formatInteger(run.x)}
            </NumberCell>
            <NumberCell col="attention-params" value={run.attentionParamsPerLayer}>
              {formatInteger(run.attentionParamsPerLayer)}
            </NumberCell>
            <NumberCell col="parameters" value={run.parameters}>
              {formatInteger(run.parameters)}
            </NumberCell>
            <NumberCell col="metric" value={run.y}>
              {formatY(view, run.y)}
            </NumberCell>
            <NumberCell col="frontier" value={run.onFrontier}>
              {run.onFrontier ? 'yes' : ''}
            </NumberCell>
            <td
              data-col="live"
              data-value={run.liveY ?? ''}
              data-verdict={run.live ? verdictOf(run.live) : ''}
              title={run.live ? verdictText(run.live) : undefined}
            >
              {run.live && run.liveY !== null
                ? `${formatY(view, run.liveY)} (${run.live.live.backend}, ${verdictOf(run.live)})`
                : '–'}
            </td>
            <td className="quality-table__actions">
              <button
                type="button"
                className="quality-table__load"
                aria-label={`Load ${run.label}`}
                onClick={() => onLoad(run.patch)}
              >
                Load
              </button>
              {onRerun && (
                <button
                  type="button"
                  className="quality-table__load"
                  aria-label={`Re-run ${run.label} live`}
                  disabled={busy}
                  onClick={() => onRerun(run)}
                  data-testid="quality-rerun"
                >
                  Re-run
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
