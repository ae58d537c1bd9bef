import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, lowest first. A module imports from its own folder and the layers before it, never from a later
 * one: the pipeline runs one way (read → parse → plan → simulate → check → render → write), and the vocabulary every
 * stage shares (field paths, findings) sits at the bottom. src/errors.ts and src/limits.ts sit below them all;
 * src/index.ts, the public API, may import anything and nothing imports it. src/action, the GitHub Action's scripts,
 * sits on top and imports none of them: it runs the CLI.
 */
const LAYERS = [
  'vocab',
  'workload',
  'pricing',
  'plan',
  'sim',
  'iac',
  'rightsize',
  'contract',
  'budget',
  'report',
  'cli',
  'action',
];

const publicApiBan = {
  regex: '^(\\.\\./)+index\\.js$',
  message: 'src/index.ts is the public API: import the module that declares the thing.',
};

/** The import patterns that keep a folder from reaching up the layers. */
function layerPatterns(layer) {
  const above = LAYERS.slice(LAYERS.indexOf(layer) + 1);
  if (above.length === 0) return [publicApiBan];
  return [
    {
      regex: `^(\\.\\./)+(${above.join('|')})/`,
      message: `src/${layer} sits below src/{${above.join(',')}}: imports point down the layers (${LAYERS.join(' < ')}).`,
    },
    publicApiBan,
  ];
}

const ioBans = {
  paths: ['chalk', 'commander', '@inquirer/input', '@inquirer/select', '@inquirer/confirm', 'cli-table3'].map((name) => ({
    name,
    message: 'Only src/cli (and src/report for chalk types/cli-table3) may use this.',
  })),
  patterns: [
    {
      group: ['node:fs', 'node:fs/*', 'fs', 'node:child_process', 'node:process'],
      message: 'The core does no I/O.',
    },
  ],
};

const rendererBans = {
  paths: ['commander', '@inquirer/input', '@inquirer/select', '@inquirer/confirm'].map((name) => ({ name, message: 'Only src/cli may use this.' })),
  patterns: [{ group: ['node:fs', 'node:fs/*', 'fs', 'node:child_process'], message: 'Renderers are pure.' }],
};

/**
 * One `no-restricted-imports` per folder: in flat config a later object's rule replaces an earlier one for the same
 * files, so each folder's I/O bans and layer patterns are merged into a single rule.
 */
function importRule(bans, patterns) {
  return ['error', { paths: bans.paths, patterns: [...bans.patterns, ...patterns] }];
}

const pureRules = {
  'no-console': 'error',
  'no-restricted-globals': [
    'error',
    { name: 'process', message: 'The core does no I/O: take values as parameters.' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use the seeded generator in src/sim/random.ts.' },
    { object: 'Date', property: 'now', message: 'The core is deterministic: pass time in.' },
  ],
};

const PURE_LAYERS = ['vocab', 'workload', 'pricing', 'plan', 'sim', 'rightsize', 'contract', 'budget'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/errors.ts', 'src/limits.ts'],
    rules: {
      ...pureRules,
      'no-restricted-imports': importRule(ioBans, [
        {
          regex: '^\\./(?!errors\\.js$|limits\\.js$|vocab/units\\.js$)',
          message:
            'src/errors.ts and src/limits.ts are the lowest layer: they import no other module of src but the units.',
        },
      ]),
    },
  },
  ...PURE_LAYERS.map((layer) => ({
    files: [`src/${layer}/**`],
    rules: { ...pureRules, 'no-restricted-imports': importRule(ioBans, layerPatterns(layer)) },
  })),
  {
    files: ['src/report/**'],
    rules: { ...pureRules, 'no-restricted-imports': importRule(rendererBans, layerPatterns('report')) },
  },
  {
    files: ['src/cli/**'],
    rules: { 'no-restricted-imports': importRule({ paths: [], patterns: [] }, layerPatterns('cli')) },
  },
  // The GitHub Action's scripts run the CLI as a program and talk to GitHub; they import nothing of the tool's own.
  {
    files: ['src/action/**'],
    rules: {
      'no-restricted-imports': importRule({ paths: [], patterns: [] }, [
        {
          regex: '^\\.\\./',
          message:
            'src/action runs kinesis-plan as a program (bin/kinesis-plan.js): it imports only its own modules.',
        },
      ]),
    },
  },
  // Small rooms: a source file over 800 lines is a folder waiting to be made.
  { files: ['src/**/*.ts'], rules: { 'max-lines': ['error', { max: 800 }] } },
  { files: ['bin/**', 'eslint.config.js', 'bench/**/*.js', 'scripts/**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['bin/**', 'bench/**/*.js', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  // The bin is CommonJS (bin/package.json; Node starts it faster than an ES module; see src/cli/main.ts).
  {
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
