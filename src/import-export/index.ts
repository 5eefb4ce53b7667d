export type { ImportResult } from './import-result';
export { importHfConfig } from './hf-config';
export { importT6Config } from './t6-import';
export { importModelConfig } from './import-model-config';
export { MAX_IMPORT_CHARS, importTooLong, stripByteOrderMark } from './import-text';
export { readModelConfig } from './read-off-thread';
export type { T6Export } from './t6-export';
export { exportT6Config } from './t6-export';
export { memoryTableCsv, memoryCsvFileName } from './memory-csv';
