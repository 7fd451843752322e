import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // .tmp/ holds extracted third-party sources (the real-world corpus): never run their tests
    exclude: ['**/node_modules/**', 'dist/**', 'fixtures/**', '.tmp/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // an analysis that throws fails the test instead of going silent on the file (src/analysis.ts, guarded)
    env: { DURABILITY_ANALYSIS_ERRORS: 'throw' },
  },
});
