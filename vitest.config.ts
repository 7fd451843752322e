import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'fixtures/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // an analysis that throws fails the test instead of going silent on the file (src/analysis.ts, guarded)
    env: { DURABILITY_ANALYSIS_ERRORS: 'throw' },
  },
});
