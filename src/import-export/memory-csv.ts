import type { PlaygroundConfig } from '../config';
import { kvRows } from '../view-models/memory';

/**
 * The memory table as CSV (RFC 4180: comma-separated, quoted where needed, CRLF line ends): one row per
 * attention kind under the config's comparison mode, with exact numbers rather than the rounded text the
 * page shows, so a spreadsheet can recompute from them.
 */

function cell(value: string | number | boolean): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function memoryTableCsv(config: PlaygroundConfig): string {
  const rows = kvRows(config);
  const header = [
    'kind',
    'comparison',
    'heads h',
    'cache formula',
    'elements per token per layer',
    'ratio to MHA',
    `bytes per token (${config.layers} layers, ${config.dtype})`,
    `cache bytes at ${config.contextLength} tokens x ${config.batch} sequences`,
    `longest context in ${config.budgetGB} GB (tokens)`,
    'attention parameters per layer',
    'selected',
  ];
  const mode = config.compare === 'param' ? 'parameter-matched' : 'head-matched';
  const body = rows.map((r) => [
    r.label,
    mode,
    r.heads,
    r.formula.filled,
    r.elementsPerToken,
    r.ratioToMha,
    r.bytesPerTokenAllLayers,
    r.totalBytesAtContext,
    r.longestContextAtBudget,
    r.attentionParams,
    r.current,
  ]);
  return [header, ...body].map((line) => line.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A file name that says what the table is: e.g. "kv-cache-tpa-h34-L12-32768-tokens.csv". */
export function memoryCsvFileName(config: PlaygroundConfig): string {
  return `kv-cache-${config.kind}-h${config.heads}-L${config.layers}-${config.contextLength}-tokens.csv`;
}
