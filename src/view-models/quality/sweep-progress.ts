import { sweepEtaMs } from '../../sweep/compare';
import type { SweepProgress } from '../../sweep/compare';
import { formatRoughDuration } from '../format';

/** "Run 2 of 6 (MQA): step 120 of 300 · about 4 min left". */
export function progressText(p: SweepProgress): string {
  const eta = sweepEtaMs(p);
  const left = eta === null ? 'measuring the speed…' : `about ${formatRoughDuration(eta)} left`;
  return `Run ${p.index + 1} of ${p.total} (${p.label}): step ${p.step} of ${p.steps} · ${left}`;
}
