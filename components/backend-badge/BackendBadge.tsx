import type { BackendChoice, BackendInfo } from '../../src/spec';
import type { RuntimePhase } from '../../src/runtime/runtime-state';
import { describeAdapter } from '../../src/spec';
import './backend-badge.css';

export interface BackendBadgeProps {
  phase: RuntimePhase;
  backend: BackendInfo | null;
  /** a progress line while the worker starts ("probing webgl…") */
  status: string | null;
  /** the backend the runtime fell back to after a GPU failure, when it differs from the settings */
  override: BackendChoice | null;
}

const PHASE_TEXT: Partial<Record<RuntimePhase, string>> = {
  idle: 'not started: it starts when you reach this panel or press a button',
  starting: 'starting the model worker…',
  restarting: 'restarting the model worker…',
  failed: 'stopped',
};

/**
 * Which tfjs backend the model worker runs on, the GPU adapter the browser offered, and why this
 * backend was picked (the probe timings in auto mode). Every word comes from the worker's report.
 */
export function BackendBadge({ phase, backend, status, override }: BackendBadgeProps) {
  const waiting = PHASE_TEXT[phase];
  const running = backend && phase !== 'starting' && phase !== 'restarting' ? backend : null;
  return (
    <div
      className="backend-badge"
      data-testid="backend-badge"
      data-backend={running?.backend ?? ''}
      data-phase={phase}
      role="status"
    >
      <p className="backend-badge__line">
        <span className="backend-badge__label">Backend</span>{' '}
        {running ? (
          <strong className="backend-badge__name">{running.backend}</strong>
        ) : (
          <span className="backend-badge__waiting">{waiting ?? 'starting…'}</span>
        )}
        {status ? <span className="backend-badge__status"> · {status}</span> : null}
        {running?.threads ? (
          <span
            className="backend-badge__threads"
            data-testid="backend-threads"
            data-threads={running.threads.count}
          >
            {' '}
            · {running.threads.count} {running.threads.count === 1 ? 'thread' : 'threads'}
          </span>
        ) : null}
        {running ? (
          <span className="backend-badge__adapter">
            {' '}
            · GPU adapter: {running.adapter ? describeAdapter(running.adapter) : 'none'}
          </span>
        ) : null}
      </p>
      {running ? (
        <details className="backend-badge__why">
          <summary>Why {running.backend}?</summary>
          <p data-testid="backend-reason">{running.reason}</p>
          {running.threads ? <p data-testid="backend-threads-reason">{running.threads.reason}</p> : null}
          {override ? (
            <p data-testid="backend-override">
              After a GPU failure the model was moved to {override}. Choosing a backend in the settings tries
              again.
            </p>
          ) : null}
          {running.probes.length > 0 ? (
            <table className="backend-badge__probes">
              <caption>Probe: a 64×128 by 128×128 matmul chain, median of 3 runs</caption>
              <thead>
                <tr>
                  <th scope="col">backend</th>
                  <th scope="col">time</th>
                </tr>
              </thead>
              <tbody>
                {running.probes.map((p) => (
                  <tr key={p.backend} data-probe={p.backend}>
                    <th scope="row">{p.backend}</th>
                    <td>{p.ms === null ? `failed: ${p.error ?? 'no result'}` : `${p.ms.toFixed(2)} ms`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {running.threads && running.threads.probes.length > 0 ? (
            <table className="backend-badge__probes">
              <caption>Thread probe: training steps of the default model, batch 8, median of 3</caption>
              <thead>
                <tr>
                  <th scope="col">threads</th>
                  <th scope="col">time per step</th>
                </tr>
              </thead>
              <tbody>
                {running.threads.probes.map((p) => (
                  <tr key={p.threads} data-thread-probe={p.threads}>
                    <th scope="row">{p.threads}</th>
                    <td>{p.ms === null ? `failed: ${p.error ?? 'no result'}` : `${p.ms.toFixed(0)} ms`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </details>
      ) : null}
    </div>
  );
}
