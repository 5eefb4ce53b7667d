import type { KvRow } from '../../src/view-models/memory';

/** "h = 34", with the KV heads for GQA: "h = 22, G = 2". */
export function headsText(row: KvRow): string {
  return row.attention.kind === 'gqa' ? `h = ${row.heads}, G = ${row.attention.kvHeads}` : `h = ${row.heads}`;
}
