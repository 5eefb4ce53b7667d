/** Number schemas every spec uses: integers, counts (≥ 0), positive integers and finite numbers. */
import * as v from 'valibot';

export const int = v.pipe(v.number(), v.integer());
export const count = v.pipe(v.number(), v.integer(), v.minValue(0));
export const positive = v.pipe(v.number(), v.integer(), v.minValue(1));
export const finite = v.pipe(v.number(), v.finite());
