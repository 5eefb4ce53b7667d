import { recallTaskFor } from '../config/dataset-spec';

/** What recall accuracy means at a context length: the task's shape and the scores that need no recall. */
export interface RecallBaselines {
  /** key–value pairs per sequence (all asked back) */
  readonly numPairs: number;
  readonly numQueries: number;
  /** guessing any value: 1 / number of value symbols */
  readonly guess: number;
  /** picking one of the sequence's values (knows which values occur, not which key they belong to) */
  readonly pick: number;
}

export function recallBaselines(contextLength: number): RecallBaselines {
  const task = recallTaskFor(contextLength);
  return {
    numPairs: task.numPairs,
    numQueries: task.numQueries,
    guess: 1 / task.numValues,
    pick: 1 / task.numPairs,
  };
}
