/**
 * No syntax makes a rule throw. fixtures/syntax/ uses every declaration and import form of TypeScript and JavaScript
 * (import-equals and export-equals, namespaces, enums, decorators, `declare module`, `using`, accessors, JSX, class
 * fields and private methods, labels, generators, getters, CommonJS in sloppy mode), each binding used next to fs
 * writes and syncs. Every file is linted with every rule, in both configs and with every option at its widest,
 * untyped and typed, with cross-module reading on (the files import each other). An analysis that throws would abort
 * the whole ESLint run; under tests the analysis rethrows instead of going silent (vitest.config.ts), so any failure
 * surfaces here as a thrown error.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from './index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/syntax');
const ruleNames = Object.keys(plugin.rules ?? {});

/** Every rule on, each with the widest options its schema allows. */
const widest: Linter.RulesRecord = Object.fromEntries(
  ruleNames.map((name) => {
    const schema = (plugin.rules?.[name] as { meta?: { schema?: { properties?: Record<string, { enum?: string[] }> }[] } } | undefined)?.meta?.schema;
    if (!schema?.length) return [`durability/${name}`, 'error'];
    const options: Record<string, string> = {};
    for (const [option, property] of Object.entries(schema[0]?.properties ?? {})) {
      if (property.enum?.includes('all')) options[option] = 'all';
      else if (property.enum?.includes('report')) options[option] = 'report';
    }
    return [`durability/${name}`, ['error', options]];
  }),
);

const configs: Record<string, Linter.RulesRecord> = {
  recommended: (plugin.configs?.recommended as Linter.Config).rules as Linter.RulesRecord,
  strict: (plugin.configs?.strict as Linter.Config).rules as Linter.RulesRecord,
  widest,
};

async function lint(rules: Linter.RulesRecord, typed: boolean): Promise<ESLint.LintResult[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts', '**/*.tsx', '**/*.cts'],
        languageOptions: {
          parser: tsParser as never,
          parserOptions: typed ? { projectService: { allowDefaultProject: ['*.cjs', '*.mjs'] }, tsconfigRootDir: root, ecmaFeatures: { jsx: true } } : { ecmaFeatures: { jsx: true } },
        },
      },
      { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', ecmaVersion: 'latest' } },
      { files: ['**/*.mjs'], languageOptions: { sourceType: 'module', ecmaVersion: 'latest' } },
      { files: ['**/*'], plugins: { durability: plugin as never }, rules },
    ],
  });
  return eslint.lintFiles(['*.ts', '*.tsx', '*.cts', '*.cjs', '*.mjs']);
}

describe('every syntax form, every rule: no exception', () => {
  for (const [name, rules] of Object.entries(configs)) {
    for (const typed of [false, true]) {
      it(`${name}, ${typed ? 'typed' : 'untyped'}`, async () => {
        const results = await lint(rules, typed);
        expect(results.map((result) => path.basename(result.filePath)).sort()).toEqual(
          ['components.tsx', 'declarations.ts', 'decorated.ts', 'helpers.ts', 'legacy-helper.cts', 'modern.mjs', 'plain-helper.cjs', 'script.cjs'],
        );
        // parse errors would hide the forms from the rules: every file must parse
        const fatal = results.flatMap((result) => result.messages.filter((message) => message.fatal).map((message) => `${path.basename(result.filePath)}:${message.line} ${message.message}`));
        expect(fatal).toEqual([]);
        // the rules did run: the strict sets see the unsynced writes the fixtures contain
        if (name !== 'recommended') expect(results.some((result) => result.messages.some((message) => message.ruleId?.startsWith('durability/')))).toBe(true);
      });
    }
  }

  it('without the test flag an analysis failure is a warning and a silent file, not an aborted run', async () => {
    const { guardedForTest } = await import('./analysis/shared.js');
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    const previous = process.env.DURABILITY_ANALYSIS_ERRORS;
    delete process.env.DURABILITY_ANALYSIS_ERRORS;
    try {
      const entry = { analysis: undefined, failed: false };
      const calls: number[] = [];
      const run = guardedForTest(entry, 'broken.ts', (n: number) => {
        calls.push(n);
        throw new Error('boom');
      });
      expect(() => run(1)).not.toThrow();
      run(2); // the file is given up after its first failure
      expect(calls).toEqual([1]);
      expect(entry.failed).toBe(true);
    } finally {
      process.env.DURABILITY_ANALYSIS_ERRORS = previous;
    }
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(warnings).toEqual([expect.stringContaining('could not analyse broken.ts (boom)')]);
  });
});
