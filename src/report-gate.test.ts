/**
 * The gate: every report of every rule over reference-engines/, fixtures/ and a fixed sample of generated programs,
 * under `recommended` and `strict`, written to report-gate.snapshot.txt (rule, line, column, message id, message,
 * suggestions with their fixes). The same reports must come out whatever the arrangement: `strict` with its rules in
 * reverse order, and each rule alone (with its `recommended` and its `strict` options). RuleTester runs one rule at
 * a time and cannot see a rule whose findings depend on which rule asked the shared analysis first.
 *
 * A change of analysis that changes no report leaves the snapshot byte-identical. To accept a deliberate change:
 * `UPDATE_REPORT_GATE=1 npx vitest run src/report-gate.test.ts`, and explain the diff in the commit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from './index.js';
import { render, sampleSpecs } from '../reference-engines/generated-programs/generate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const snapshotFile = path.join(root, 'src', 'report-gate.snapshot.txt');

/** Generated programs: a fixed seed and a small count (the full 1,000 are generated-programs.test.ts's). */
const GENERATED_SEED = 20261203;
const GENERATED_COUNT = 60;

interface Source {
  name: string;
  text: string;
  /** Absolute for files of the repo (other modules of the project are then followed), relative for generated text. */
  filename: string;
}

function sources(): Source[] {
  // fixtures/syntax is the robustness corpus (odd syntax, its own test): not durability code.
  const listed = execFileSync('git', ['ls-files', 'reference-engines', 'fixtures'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((file) => /\.(ts|js|cjs|mjs|mts|cts)$/.test(file) && !file.endsWith('.d.ts') && !file.startsWith('fixtures/syntax/'))
    .sort();
  const files = listed.map((name) => ({ name, text: readFileSync(path.join(root, name), 'utf8'), filename: path.join(root, name) }));
  const generated = sampleSpecs(GENERATED_COUNT, GENERATED_SEED).map((spec, i) => ({
    name: `generated/${String(i).padStart(3, '0')}.ts`,
    text: render(spec),
    filename: `generated/${String(i).padStart(3, '0')}.ts`,
  }));
  return [...files, ...generated];
}

type RuleEntries = Record<string, Linter.RuleEntry>;
const configRules = (name: 'recommended' | 'strict'): RuleEntries => (plugin.configs[name] as Linter.Config).rules as RuleEntries;

const linter = new Linter({ configType: 'flat', cwd: root });

/** One line per report, in a fixed order, for the rules given (in the order given: the order ESLint runs them). */
function lint(source: Source, rules: RuleEntries): string[] {
  const extension = path.extname(source.filename);
  const messages = linter.verify(
    source.text,
    [
      {
        files: ['**/*.ts', '**/*.js', '**/*.cjs', '**/*.mjs', '**/*.mts', '**/*.cts'],
        languageOptions: { parser: tsParser as never, sourceType: extension === '.cjs' ? 'commonjs' : 'module' },
        plugins: { durability: plugin as never },
        rules,
      },
      { linterOptions: { reportUnusedDisableDirectives: 'off' } },
    ],
    source.filename,
  );
  return messages
    .map((m) => {
      if (m.fatal || !m.ruleId) throw new Error(`${source.name}:${m.line}:${m.column}: ${m.message}`);
      const suggestions = (m.suggestions ?? []).map((s) => ({ desc: s.desc, fix: [s.fix.range[0], s.fix.range[1], s.fix.text] }));
      return [`${source.name}:${m.line}:${m.column}`, m.ruleId, m.messageId ?? '', m.message, JSON.stringify(suggestions)].join('\t');
    })
    .sort();
}

const ruleOf = (line: string): string => line.split('\t')[1] as string;

interface Gate {
  snapshot: string;
  /** Reports that differ from the canonical arrangement (the config in its own order), one line each. */
  differences: string[];
}

function runGate(): Gate {
  const out: string[] = [];
  const differences: string[] = [];
  for (const source of sources()) {
    for (const config of ['recommended', 'strict'] as const) {
      const rules = configRules(config);
      const canonical = lint(source, rules);
      for (const line of canonical) out.push(`${config}\t${line}`);
      const arrangements: [string, RuleEntries][] = [
        [`${config} reversed`, Object.fromEntries(Object.entries(rules).reverse())],
        ...Object.entries(rules).map(([id, entry]): [string, RuleEntries] => [`${config} ${id.replace('durability/', '')} alone`, { [id]: entry }]),
      ];
      for (const [arrangement, arranged] of arrangements) {
        const ids = new Set(Object.keys(arranged));
        const expected = canonical.filter((line) => ids.has(ruleOf(line)));
        const got = lint(source, arranged);
        for (const line of got.filter((l) => !expected.includes(l))) differences.push(`${arrangement}\tonly here\t${line}`);
        for (const line of expected.filter((l) => !got.includes(l))) differences.push(`${arrangement}\tmissing\t${line}`);
      }
    }
  }
  const header = [
    '# Every report over reference-engines/, fixtures/ and generated programs (src/report-gate.test.ts).',
    '# config, file:line:column, rule, message id, message, suggestions [{desc, fix: [from, to, text]}]',
  ];
  const tail = ['', `# arrangement differences (reports that change with the rule order or a rule alone): ${differences.length}`, ...differences];
  return { snapshot: [...header, ...out, ...tail, ''].join('\n'), differences };
}

describe('report gate: every report, in every arrangement of the rules', () => {
  let gate: Gate;

  it('matches report-gate.snapshot.txt', () => {
    gate = runGate();
    if (process.env.UPDATE_REPORT_GATE) writeFileSync(snapshotFile, gate.snapshot);
    expect(gate.snapshot === readFileSync(snapshotFile, 'utf8'), 'reports changed: see git diff after UPDATE_REPORT_GATE=1').toBe(true);
    // about 35 s on an idle machine (14 lints of every file); the limit leaves room for a machine shared with others
  }, 600_000);

  it('gives the same report whatever the rule order, and with each rule alone', () => {
    expect(gate.differences).toEqual([]);
  });
});

describe('one summary per options set (issue 11)', () => {
  // A helper whose sync is behind an option guard: its summary differs between the options sets, and a rule that
  // counts the guarded sync (require-sync-before-truncate) must not read the summary another rule solved without it.
  const code = `
import { fsyncSync, ftruncateSync, writeSync } from 'node:fs';
export class Store {
  constructor(private data: number, private wal: number, private syncWrites: boolean) {}
  syncData(): void {
    if (this.syncWrites) fsyncSync(this.data);
  }
  put(x: string): void {
    writeSync(this.data, x);
    this.syncData();
    ftruncateSync(this.wal, 0);
  }
}
`;
  const source: Source = { name: 'store.ts', text: code, filename: 'store.ts' };
  const strict = configRules('strict');
  const truncate = 'durability/require-sync-before-truncate';
  const only = (lines: string[]) => lines.filter((line) => ruleOf(line) === truncate);

  it('require-sync-before-truncate says the same alone, with every strict rule, and in reverse order', () => {
    const alone = lint(source, { [truncate]: strict[truncate] as Linter.RuleEntry });
    expect(only(lint(source, strict))).toEqual(alone);
    expect(only(lint(source, Object.fromEntries(Object.entries(strict).reverse())))).toEqual(alone);
    // the guarded sync is the documented trade-off of the option: the WAL is cleared after it, not before
    expect(alone).toEqual([]);
  });
});
