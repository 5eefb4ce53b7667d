// Checks that no two top-level folders import each other, directly or around a loop.
// `npm run lint` runs it after ESLint (whose layer rule in eslint.config.js already forbids upward imports;
// this prints the folder graph so a reader can see it). `node src/tools/folder-cycles.mjs --edges` lists it.
// A folder is src/<name>, components, workers (src/main.tsx stands alone). Exits 1 on a cycle.
import fs from 'node:fs';
import path from 'node:path';

const ROOTS = ['src', 'components', 'workers'];
const SOURCE = /\.(ts|tsx|mjs)$/;
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)'(\.{1,2}\/[^']+)'/g;

function* sourceFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(p);
    else if (SOURCE.test(entry.name)) yield p;
  }
}

function folderOf(file) {
  const parts = path.relative('.', file).split(path.sep);
  return parts[0] === 'src' ? `src/${parts[1]}` : parts[0];
}

/** folder -> (folder -> example import) */
const graph = new Map();
for (const root of ROOTS) {
  for (const file of sourceFiles(root)) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const from = folderOf(file);
      const to = folderOf(path.resolve(path.dirname(file), m[1]));
      if (from === to) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      if (!graph.get(from).has(to)) graph.get(from).set(to, `${file} imports '${m[1]}'`);
    }
  }
}

if (process.argv.includes('--edges')) {
  for (const [from, targets] of [...graph].sort())
    console.log(`${from} -> ${[...targets.keys()].sort().join(', ')}`);
}

// Tarjan's strongly connected components: a component of more than one folder is a cycle.
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const cycles = [];
function visit(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  for (const w of graph.get(v)?.keys() ?? []) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (stack.includes(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component);
  }
}
for (const v of graph.keys()) if (!index.has(v)) visit(v);

for (const cycle of cycles) {
  console.error(`cycle between ${cycle.join(', ')}:`);
  for (const a of cycle)
    for (const b of cycle) if (graph.get(a)?.has(b)) console.error(`  ${graph.get(a).get(b)}`);
}
const folders = new Set([...graph.keys(), ...[...graph.values()].flatMap((t) => [...t.keys()])]);
console.log(
  cycles.length === 0
    ? `no cycle between the ${folders.size} top-level folders`
    : `${cycles.length} cycle(s) between top-level folders`,
);
process.exit(cycles.length === 0 ? 0 : 1);
