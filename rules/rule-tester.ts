/** RuleTester on vitest, with the TypeScript parser: shared by the rule test files. */
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export function ruleTester(): RuleTester {
  return new RuleTester({ languageOptions: { parserOptions: { ecmaVersion: 2022, sourceType: 'module' } } });
}
