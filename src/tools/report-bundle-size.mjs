// Prints what the first screen loads (the entry chunk, its static imports and their CSS), gzipped, and
// fails if that exceeds the budget or contains any tfjs module. Run after `vite build` (npm run build
// does both). Reads dist/.vite/chunk-report.json written by src/tools/chunk-report-plugin.ts.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = 'dist';
const BUDGET_KB = 150;

const report = JSON.parse(readFileSync(join(DIST, '.vite', 'chunk-report.json'), 'utf8'));
const firstScreen = new Set();
const tfjsModules = [];
const queue = Object.keys(report).filter((f) => report[f].isEntry);
while (queue.length > 0) {
  const file = queue.pop();
  if (firstScreen.has(file)) continue;
  firstScreen.add(file);
  const info = report[file];
  if (!info) continue;
  for (const css of info.css) firstScreen.add(css);
  queue.push(...info.imports);
  tfjsModules.push(...info.modules.filter((m) => m.includes('@tensorflow')));
}

const walk = (dir) =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [relative(DIST, p)];
  });
const gz = (f) => gzipSync(readFileSync(join(DIST, f))).length;
const kb = (n) => (n / 1024).toFixed(1);

let total = 0;
console.log('\nFirst screen (everything loaded before any user action), gzipped:');
for (const f of [...firstScreen].sort()) {
  const size = gz(f);
  total += size;
  console.log(`  ${f.padEnd(52)} ${kb(size).padStart(8)} KB`);
}
console.log(`  ${'TOTAL'.padEnd(52)} ${kb(total).padStart(8)} KB   budget ${BUDGET_KB} KB`);

const later = walk(DIST).filter((f) => /\.(js|css|wasm)$/.test(f) && !firstScreen.has(f));
if (later.length > 0) {
  console.log('Loaded later (on demand: worker, wasm, lazy panels), gzipped:');
  for (const f of later.sort()) console.log(`  ${f.padEnd(52)} ${kb(gz(f)).padStart(8)} KB`);
}
console.log(
  tfjsModules.length === 0
    ? 'tfjs on the first screen: no'
    : `tfjs on the first screen: YES (${tfjsModules.length} modules)`,
);

if (total > BUDGET_KB * 1024) {
  console.error(`First screen is ${kb(total)} KB gzipped, over the ${BUDGET_KB} KB budget.`);
  process.exit(1);
}
if (tfjsModules.length > 0) {
  console.error(`tfjs must load only in the worker; first screen has e.g. ${tfjsModules[0]}`);
  process.exit(1);
}
