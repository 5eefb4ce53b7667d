import * as v from 'valibot';

/** The outcome of checking untrusted input against a schema: the value, or one readable message. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Checks `input` against `schema`; on failure the message names the path of the first problem. */
export function parseWith<T>(schema: v.GenericSchema<unknown, T>, input: unknown): ParseResult<T> {
  const r = v.safeParse(schema, input);
  if (r.success) return { ok: true, value: r.output };
  const first = r.issues[0];
  const path = first.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, message: `${path ? `${path}: ` : ''}${first.message}` };
}
