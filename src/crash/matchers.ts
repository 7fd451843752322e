/**
 * Test-runner helper: `expect.extend({ toSurviveCrashes })` in vitest or jest, then
 * `await expect('./my-workload.mjs').toSurviveCrashes({ images: 500 })`. Input: a workload file or a crashTest result;
 * output: the { pass, message } a matcher returns, the message being the CLI's report of the result.
 */
import { crashTest, type CrashTestOptions, type CrashTestResult } from './crash-test.js';
import { formatResult } from './format.js';

export async function toSurviveCrashes(received: string | CrashTestResult, options: CrashTestOptions = {}): Promise<{ pass: boolean; message: () => string }> {
  const result = typeof received === 'string' ? await crashTest(received, options) : received;
  if (result.exitCode === 2) return { pass: false, message: () => formatResult(result) };
  return {
    pass: result.ok,
    message: () => (result.ok ? `expected a crash to lose an acknowledged write, none of ${result.images} crash images did` : formatResult(result)),
  };
}
