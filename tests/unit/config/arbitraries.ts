import fc from 'fast-check';
import { CONFIG_KEYS, FIELDS, divisors } from '../../../src/config';
import type { ConfigKey, PlaygroundConfig } from '../../../src/config';

/** Any value the schema accepts for one field (built from the field table's own ranges). */
function fieldArbitrary(key: ConfigKey): fc.Arbitrary<string | number | readonly string[]> {
  const field = FIELDS[key];
  if (field.type === 'enum') return fc.constantFrom(...field.values);
  if (field.type === 'flags') return fc.subarray([...field.values]);
  if (field.type === 'number')
    return fc.double({ min: field.min, max: field.max, noNaN: true, noDefaultInfinity: true });
  const ints = fc.integer({ min: field.min, max: field.max });
  return field.even ? ints.map((v) => (v % 2 === 0 ? v : v === field.max ? v - 1 : v + 1)) : ints;
}

/** Every valid PlaygroundConfig: each field in range, and G a divisor of h. */
export const validConfig: fc.Arbitrary<PlaygroundConfig> = fc
  .record(
    Object.fromEntries(CONFIG_KEYS.map((k) => [k, fieldArbitrary(k)])) as Record<
      ConfigKey,
      fc.Arbitrary<string | number>
    >,
  )
  .chain((raw) => {
    const heads = raw.heads as number;
    return fc
      .constantFrom(...divisors(heads))
      .map((kvHeads) => ({ ...raw, kvHeads }) as unknown as PlaygroundConfig);
  });
