// The repo lints itself: typescript-eslint's recommended rules everywhere, and this plugin's own rules on every
// file except the deliberately buggy engine variants (those are checked against their markers by `npm run check`).
import tseslint from 'typescript-eslint';
import { register } from 'tsx/esm/api';

// The plugin is written in TypeScript; tsx loads it without a build step.
register();
const { default: durability } = await import('./src/index.ts');

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'fixtures/**', '.tmp/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // CommonJS workloads of durability-crash (examples, tests) are CommonJS on purpose
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['**/*.ts'],
    ignores: ['reference-engines/**/buggy-*.ts'],
    ...durability.configs.recommended,
  },
);
