/**
 * When training measures the validation loss, for the panel's model (workers/session.ts) and for the
 * quality sweep's runs (workers/point-run.ts, `npm run pretrain`), so both draw the same curves.
 */

/** Validation batches per measurement while training (the train command can ask for another number). */
export const EVAL_BATCHES = 2;

/** How often (in steps) training measures the validation loss: 40 points over the run, at most every 5 steps. */
export function evalInterval(untilStep: number): number {
  return Math.max(5, Math.ceil(untilStep / 40));
}

/** Whether step `done` (1-based) of a run to `untilStep` is measured: the first, every interval, the last. */
export function isEvalStep(done: number, untilStep: number): boolean {
  return done === 1 || done % evalInterval(untilStep) === 0 || done === untilStep;
}
