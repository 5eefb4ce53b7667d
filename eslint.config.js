import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

/**
 * The layers, lowest first (README "Architecture"): a folder may import from the layers below its own,
 * never from its own layer's other folders or from above. `npm run lint` fails on a wrong import.
 */
const LAYERS = [
  ['src/spec', 'src/random'],
  ['src/memory', 'src/data', 'src/factors', 'src/storage'],
  ['src/config'],
  ['src/model', 'src/sweep'],
  ['src/training'],
  ['workers'],
  ['src/runtime', 'src/view-models', 'src/styles'],
  ['src/state', 'src/import-export'],
  ['components'],
  ['src/main.tsx'],
];
/** Build and Node tools (pretraining, reports) may use the layers up to the training loop, nothing above. */
const TOOLS = 'src/tools';
const TOOLS_MAX_LAYER = 4;

const layerZones = LAYERS.flatMap((folders, i) =>
  folders.map((target) => ({
    target: `./${target}`,
    from: [
      ...LAYERS.slice(i)
        .flat()
        .filter((f) => f !== target),
      TOOLS,
    ].map((f) => `./${f}`),
    message: `${target} is in layer ${i}: it may import only from lower layers (eslint.config.js, LAYERS).`,
  })),
);
const toolZone = {
  target: `./${TOOLS}`,
  from: LAYERS.slice(TOOLS_MAX_LAYER + 1)
    .flat()
    .map((f) => `./${f}`),
  message: 'src/tools runs in Node: it may use the layers up to src/training (eslint.config.js).',
};
/** Above the worker, only the message protocol crosses the boundary (the worker runs in its own thread). */
const workerBoundary = {
  target: LAYERS.slice(LAYERS.findIndex((l) => l.includes('workers')) + 1)
    .flat()
    .map((f) => `./${f}`),
  from: './workers',
  except: ['./protocol.ts'],
  message: 'Only workers/protocol.ts crosses the worker boundary; talk to the worker through messages.',
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // one import statement per module (type and value imports may stay apart)
      'import-x/no-duplicates': ['error', { 'prefer-inline': false }],
      'import-x/no-restricted-paths': ['error', { zones: [...layerZones, toolZone, workerBoundary] }],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
