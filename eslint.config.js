import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureBans = {
  'no-console': 'error',
  'no-restricted-imports': [
    'error',
    {
      paths: ['chalk', 'commander', '@inquirer/prompts', 'cli-table3'].map((name) => ({
        name,
        message: 'Only src/cli (and src/report for chalk types/cli-table3) may use this.',
      })),
      patterns: [{ group: ['node:fs', 'node:fs/*', 'fs', 'node:child_process', 'node:process'], message: 'The core does no I/O.' }],
    },
  ],
  'no-restricted-globals': ['error', { name: 'process', message: 'The core does no I/O: take values as parameters.' }],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use the seeded generator in src/sim/random.ts.' },
    { object: 'Date', property: 'now', message: 'The core is deterministic: pass time in.' },
  ],
};

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
  { files: ['src/workload/**', 'src/plan/**', 'src/sim/**', 'src/budget/**', 'src/pricing/**'], rules: pureBans },
  {
    files: ['src/report/**'],
    rules: {
      ...pureBans,
      'no-restricted-imports': [
        'error',
        {
          paths: ['commander', '@inquirer/prompts'].map((name) => ({ name, message: 'Only src/cli may use this.' })),
          patterns: [{ group: ['node:fs', 'node:fs/*', 'fs', 'node:child_process'], message: 'Renderers are pure.' }],
        },
      ],
    },
  },
  { files: ['bin/**', 'eslint.config.js', 'bench/**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['bin/**', 'bench/**/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
