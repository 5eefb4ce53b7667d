import type { DiagnosisTable } from '../../src/view-models/recall';

/** Every run of the diagnosis with its figures; the official configuration's row stands out. */
export function DiagnosisTableView({ table }: { table: DiagnosisTable }) {
  return (
    <div className="recall-table-wrap" tabIndex={0} role="region" aria-label="Runs tried (scrolls sideways)">
      <table className="recall-table" data-testid="recall-table">
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">What it changes</th>
            <th scope="col">Steps</th>
            <th scope="col">Peak lr</th>
            <th scope="col">Recall</th>
            <th scope="col">By query</th>
            <th scope="col">Wrong, still in play</th>
            <th scope="col">Previous token</th>
            <th scope="col">Reads value</th>
            <th scope="col">Reading</th>
            <th scope="col">Wall</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr
              key={r.id}
              data-run-id={r.id}
              data-verdict={r.verdict}
              className={r.official ? 'recall-table__official' : undefined}
            >
              <th scope="row">
                {r.label}
                <span className="recall-role">{r.role}</span>
              </th>
              <td>{r.change}</td>
              <td className="recall-num">{r.steps}</td>
              <td className="recall-num">{r.learningRate}</td>
              <td className="recall-num" data-col="accuracy">
                {r.accuracy}
              </td>
              <td className="recall-num">{r.byQuery}</td>
              <td className="recall-num">{r.inPlay}</td>
              <td className="recall-num">{r.previousToken}</td>
              <td className="recall-num">{r.readsValue}</td>
              <td>{r.verdictText}</td>
              <td className="recall-num">{r.wall}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
