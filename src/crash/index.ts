/**
 * eslint-plugin-durability/crash: crash-test storage code. `crashTest(workloadFile)` runs a workload module under the
 * crash model and returns what a crash loses; `toSurviveCrashes` is the same as a vitest/jest matcher; `formatResult`
 * prints a result as the CLI does.
 */
export { crashTest, canonical, type CrashTestOptions, type CrashTestResult, type CrashExample, type CrashImageFile } from './crash-test.js';
export { formatResult } from './format.js';
export { toSurviveCrashes } from './matchers.js';
export type { LossKind } from './simulate.js';
