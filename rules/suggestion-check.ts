/**
 * A suggestion must never write wrong code. Every suggestion a rule suite offers is applied and the result re-linted
 * with every rule on (the config the case runs under: `strict` when the case asks for every report, else
 * `recommended`, with the case's own options for the rule under test): it must parse, the report it answered must be
 * gone, and no report may appear that the original code did not have. Reports are matched by rule, message (line
 * numbers masked, since an insertion moves them) and the text of the reported line, so an edit in two places (an
 * import and a statement) is matched as well as a single insertion.
 */
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { expect } from 'vitest';
import plugin from '../src/index.js';

export interface SuggestionCase {
  code: string;
  options?: readonly unknown[];
  settings?: Record<string, unknown>;
  /** The typed fixture's file name and root when the case is typed. */
  typed?: { root: string; filename: string };
}

export interface AnsweredReport {
  line: number;
  column: number;
  messageId?: string;
  /** Which of the case's reports at this line and column (two dirty handles can be reported at one destroy). */
  occurrence: number;
  output: string;
}

function asksForEveryReport(options: readonly unknown[] | undefined): boolean {
  return (options ?? []).some((option) => option !== null && typeof option === 'object' && Object.values(option).includes('all'));
}

function lint(ruleName: string, testCase: SuggestionCase, code: string): Linter.LintMessage[] {
  const base = (asksForEveryReport(testCase.options) ? plugin.configs.strict : plugin.configs.recommended).rules ?? {};
  const rules = { ...base, [`durability/${ruleName}`]: ['error', ...(testCase.options ?? [])] } as Linter.RulesRecord;
  const linter = new Linter({ cwd: testCase.typed?.root });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: {
          parser: tsParser as never,
          ...(testCase.typed ? { parserOptions: { projectService: true, tsconfigRootDir: testCase.typed.root } } : {}),
        },
      },
      { files: ['**/*.ts'], plugins: { durability: plugin as never }, rules, ...(testCase.settings ? { settings: testCase.settings } : {}) },
    ],
    testCase.typed ? `${testCase.typed.root}/${testCase.typed.filename}` : 'file.ts',
  );
}

/** rule, message with line numbers masked, the reported line's text, and its occurrence among equal keys. */
function keys(messages: readonly Linter.LintMessage[], code: string): string[] {
  const lines = code.split('\n');
  const seen = new Map<string, number>();
  return messages
    .filter((message) => message.ruleId?.startsWith('durability/'))
    .map((message) => {
      const key = `${message.ruleId} | ${message.message.replace(/\bline \d+/g, 'line #')} | ${lines[message.line - 1]?.trim()}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      return `${key} #${n}`;
    });
}

export function checkAppliedSuggestion(ruleName: string, testCase: SuggestionCase, answered: AnsweredReport): void {
  const before = lint(ruleName, testCase, testCase.code);
  const after = lint(ruleName, testCase, answered.output);
  expect(after.filter((message) => message.fatal).map((message) => message.message), 'the suggested code parses').toEqual([]);
  const answeredMessage = before.filter(
    (message) => message.ruleId === `durability/${ruleName}` && message.line === answered.line && message.column === answered.column,
  )[answered.occurrence];
  expect(answeredMessage, 'the answered report is found in the original code').toBeDefined();
  const [answeredKey] = keys([answeredMessage!], testCase.code);
  const beforeKeys = keys(before, testCase.code);
  const afterKeys = keys(after, answered.output);
  expect(afterKeys, 'the report the suggestion answered is gone').not.toContain(answeredKey);
  expect(afterKeys.filter((key) => !beforeKeys.includes(key)), 'no new report after the suggestion').toEqual([]);
}
