import { ATTENTION_KINDS, KIND_LABELS } from '../../src/spec';
import { PAPER_ZERO_SHOT, bestKind } from './paper-results';

/** The paper's 0-shot benchmark averages by size and kind, the best of each row marked. */
export function PaperResultsTable() {
  return (
    <div className="article__table-wrap" tabIndex={0} role="region" aria-labelledby="paper-results-caption">
      <table className="article__table" data-testid="paper-results">
        <caption id="paper-results-caption">
          Average accuracy over nine benchmarks, 0-shot, in % (as reported in the paper; best of each row in
          bold)
        </caption>
        <thead>
          <tr>
            <th scope="col">size</th>
            {ATTENTION_KINDS.map((k) => (
              <th scope="col" key={k}>
                {KIND_LABELS[k]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {PAPER_ZERO_SHOT.map((row) => {
            const best = bestKind(row);
            return (
              <tr key={row.size}>
                <th scope="row">
                  {row.size} <span className="article__source">{row.table}</span>
                </th>
                {ATTENTION_KINDS.map((k) => (
                  <td key={k} className={k === best ? 'article__best' : undefined}>
                    {k === best ? <strong>{row.scores[k].toFixed(2)}</strong> : row.scores[k].toFixed(2)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
