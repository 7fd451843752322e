/**
 * Shared by the rule suites: RuleTester on vitest (as @typescript-eslint/rule-tester's docs say), an untyped tester,
 * a typed tester whose files live in fixtures/typed/, and a plain Linter for the checks RuleTester cannot express
 * (a bad option or setting must throw).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import tsParser from '@typescript-eslint/parser';
import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';
import { Linter } from 'eslint';
import { afterAll, describe, it } from 'vitest';
import plugin from '../src/index.js';
import { checkAppliedSuggestion, type SuggestionCase } from './suggestion-check.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** The typed fixture project: `file.ts` is the name every typed case is linted as (its text is the case's code). */
export const typedFixtureRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/typed');

declare const _tester: RuleTester;
/** The rule type RuleTester#run expects, from the copy of @typescript-eslint/utils that the rule tester depends on. */
type TesterRule<M extends string, O extends readonly unknown[]> = Parameters<typeof _tester.run<M, O>>[1];

/**
 * @typescript-eslint/rule-tester 8.72 depends on its own @typescript-eslint/utils 8.72, the plugin on 8.73: the two
 * RuleModule types differ only in private members of scope-manager classes. Re-typed once here, so the test cases
 * themselves stay checked against the rule's message ids and options.
 */
export function testedRule<M extends string, O extends readonly unknown[]>(rule: RuleModule<M, O, unknown>): TesterRule<M, O> {
  return rule as unknown as TesterRule<M, O>;
}

type InvalidCase = { name?: string; code: string; options?: readonly unknown[]; settings?: Record<string, unknown>; filename?: string; errors: readonly { line?: number; column?: number; messageId?: string; suggestions?: readonly { messageId?: string; output: string }[] | null }[] };

/**
 * RuleTester, and after each suite one more test per suggestion it offers: applied, the code re-linted with every
 * rule on (rules/suggestion-check.ts).
 */
class SuggestionCheckingRuleTester extends RuleTester {
  constructor(private readonly typedRoot: string | undefined, config?: ConstructorParameters<typeof RuleTester>[0]) {
    super(config);
  }

  override run<M extends string, O extends readonly unknown[]>(name: string, rule: Parameters<RuleTester['run']>[1], tests: Parameters<RuleTester['run']>[2]): void {
    super.run<M, O>(name, rule as never, tests as never);
    const invalid = (tests as unknown as { invalid: readonly InvalidCase[] }).invalid;
    const offered = invalid.flatMap((testCase) =>
      testCase.errors.flatMap((error, index) => {
        const occurrence = testCase.errors.slice(0, index).filter((other) => other.line === error.line && other.column === error.column).length;
        return (error.suggestions ?? []).map((suggestion) => ({ testCase, error, occurrence, suggestion }));
      }),
    );
    if (offered.length === 0) return;
    describe(`${name}: every suggestion applied and re-linted with every rule`, () => {
      for (const [index, { testCase, error, occurrence, suggestion }] of offered.entries()) {
        it(`${testCase.name ?? testCase.code.split('\n')[0]} (${suggestion.messageId ?? 'suggestion'} ${index + 1})`, () => {
          const checked: SuggestionCase = {
            code: testCase.code,
            options: testCase.options,
            settings: testCase.settings,
            typed: this.typedRoot ? { root: this.typedRoot, filename: testCase.filename ?? 'file.ts' } : undefined,
          };
          checkAppliedSuggestion(name, checked, { line: error.line ?? 0, column: error.column ?? 0, messageId: error.messageId, occurrence, output: suggestion.output });
        });
      }
    });
  }
}

/** No type information: what a user gets from a plain `@typescript-eslint/parser` config. */
export function untypedRuleTester(): RuleTester {
  return new SuggestionCheckingRuleTester(undefined);
}

/** `parserOptions.projectService` over fixtures/typed: the case's code is `fixtures/typed/file.ts`. */
export function typedRuleTester(): RuleTester {
  return new SuggestionCheckingRuleTester(typedFixtureRoot, {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: typedFixtureRoot } },
  });
}

/** Lints `code` with one rule of the plugin through ESLint's Linter: for options and settings that must throw. */
export function lintWithPlugin(
  ruleId: 'no-flush-without-fsync' | 'require-sync-before-truncate' | 'no-ignored-fsync-error',
  code: string,
  config: { options?: unknown[]; settings?: Record<string, unknown> } = {},
): Linter.LintMessage[] {
  const linter = new Linter();
  return linter.verify(
    code,
    [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser as never } },
      {
        files: ['**/*.ts'],
        plugins: { durability: plugin as never },
        rules: { [`durability/${ruleId}`]: ['error', ...(config.options ?? [])] as Linter.RuleEntry },
        ...(config.settings ? { settings: config.settings } : {}),
      },
    ],
    'file.ts',
  );
}
