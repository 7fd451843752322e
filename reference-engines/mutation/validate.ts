/**
 * npm run validate [-- --json] [-- --engine <name>]
 *
 * The plugin's truth table: every mutant of every correct engine is judged twice — by the crash simulator (does it
 * lose an acknowledged write?) and by the lint rules (configs.recommended: is it flagged?). Mutants live in a temp
 * folder, never in the repo.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../../src/index.js';
import type { Scenario } from '../scenario.js';
import { loadScenarios } from '../crash-sim/cli.js';
import { simulate } from '../crash-sim/simulate.js';
import { generateMutants, type Mutant } from './mutate.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface MutantVerdict {
  engine: string;
  id: string;
  operator: string;
  category: string;
  description: string;
  lossy: boolean;
  lossExample: string | null;
  flagged: boolean;
  reports: string[];
}

export interface ValidationSummary {
  mutants: number;
  lossy: number;
  flaggedLossy: number;
  flaggedLossless: number;
  missed: MutantVerdict[];
  falseAlarms: MutantVerdict[];
  verdicts: MutantVerdict[];
  seconds: number;
}

const linter = new Linter({ configType: 'flat' });

export function lintText(text: string, filename: string, config: 'recommended' | 'strict' = 'recommended'): string[] {
  const messages = linter.verify(
    text,
    [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser as never } },
      { ...(plugin.configs[config] as Linter.Config), files: ['**/*.ts'] },
    ],
    filename,
  );
  return messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? 'parse'} ${m.message}`);
}

async function judgeMutant(engine: string, source: string, mutant: Mutant, scenarios: Scenario[]): Promise<MutantVerdict> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'durability-mutant-'));
  try {
    const engineDir = path.join(workspace, 'reference-engines', engine);
    cpSync(path.join(repo, 'reference-engines', engine), engineDir, { recursive: true, filter: (p) => !p.endsWith('.test.ts') });
    cpSync(path.join(repo, 'reference-engines', 'scenario.ts'), path.join(workspace, 'reference-engines', 'scenario.ts'));
    const target = path.join(workspace, source);
    writeFileSync(target, mutant.text);
    const module = (await import(pathToFileURL(path.join(engineDir, 'scenarios.ts')).href)) as { scenarios: Scenario[] };
    let lossExample: string | null = null;
    for (const scenario of module.scenarios) {
      if (scenario.source !== source || scenario.expect !== 'durable' || scenario.faults) continue; // mutants remove syncs: judged without faults
      let result;
      try {
        result = await simulate(scenario.workload, { stopAtFirstLoss: true });
      } catch (error) {
        lossExample = `the mutant fails to run: ${(error as Error).message}`;
        break;
      }
      if (result.lost > 0 || result.sanityError) {
        lossExample = result.example ?? `workload error: ${result.sanityError}`;
        break;
      }
    }
    void scenarios;
    // the repo-relative name: the config matches it, nothing is read from disk. no-ignored-fsync-error is about a
    // failing fsync: mutants are judged without faults, so its reports (a floating `fh.sync()`) are not verdicts here;
    // the fault scenarios of crash-check are its ground truth
    const reports = lintText(mutant.text, source).filter((report) => !report.includes(' durability/no-ignored-fsync-error '));
    return { engine, id: mutant.id, operator: mutant.operator, category: mutant.category, description: mutant.description, lossy: lossExample !== null, lossExample, flagged: reports.length > 0, reports };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

export async function validate(options: { engine?: string; progress?: (line: string) => void } = {}): Promise<ValidationSummary> {
  const started = Date.now();
  const scenarios = (await loadScenarios()).filter((s) => !options.engine || s.engine === options.engine);
  const sources = [...new Map(scenarios.filter((s) => s.expect === 'durable').map((s) => [s.source, s.engine])).entries()];
  const verdicts: MutantVerdict[] = [];
  for (const [source, engine] of sources) {
    const text = readFileSync(path.join(repo, source), 'utf8');
    const baseline = lintText(text, source);
    if (baseline.length > 0) throw new Error(`${source} is reported before any mutation: ${baseline.join('; ')}`);
    const mutants = generateMutants(source, text);
    for (const [index, mutant] of mutants.entries()) {
      const verdict = await judgeMutant(engine, source, mutant, scenarios);
      verdicts.push(verdict);
      options.progress?.(`[${index + 1}/${mutants.length}] ${engine}: ${mutant.description} -> ${verdict.lossy ? 'lossy' : 'lossless'}, ${verdict.flagged ? 'flagged' : 'not flagged'}`);
    }
  }
  const lossy = verdicts.filter((v) => v.lossy);
  return {
    mutants: verdicts.length,
    lossy: lossy.length,
    flaggedLossy: lossy.filter((v) => v.flagged).length,
    flaggedLossless: verdicts.filter((v) => !v.lossy && v.flagged).length,
    missed: lossy.filter((v) => !v.flagged),
    falseAlarms: verdicts.filter((v) => !v.lossy && v.flagged),
    verdicts,
    seconds: (Date.now() - started) / 1000,
  };
}

export function printSummary(summary: ValidationSummary): void {
  const engines = [...new Set(summary.verdicts.map((v) => v.engine))];
  const rows = [['engine', 'mutants', 'lossy', 'lossy+flagged', 'recall', 'lossless+flagged']];
  const row = (name: string, list: MutantVerdict[]) => {
    const lossy = list.filter((v) => v.lossy);
    const flagged = lossy.filter((v) => v.flagged).length;
    rows.push([name, String(list.length), String(lossy.length), String(flagged), lossy.length ? `${((100 * flagged) / lossy.length).toFixed(0)}%` : '-', String(list.filter((v) => !v.lossy && v.flagged).length)]);
  };
  for (const engine of engines) row(engine, summary.verdicts.filter((v) => v.engine === engine));
  row('total', summary.verdicts);
  for (const category of ['data', 'directory', 'before-rename']) row(`  of which ${category}`, summary.verdicts.filter((v) => v.category === category));
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
    if (i === 0 || i === rows.length - 5) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  for (const v of summary.missed) console.log(`MISSED       [${v.category}] ${v.id}: ${v.description}\n             crash: ${v.lossExample}`);
  for (const v of summary.falseAlarms) console.log(`FALSE ALARM  ${v.id}: ${v.description}\n             lint: ${v.reports[0]}`);
  console.log(`\n${summary.mutants} mutants in ${summary.seconds.toFixed(1)}s`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const engineIndex = args.indexOf('--engine');
  const summary = await validate({ engine: engineIndex >= 0 ? args[engineIndex + 1] : undefined, progress: (line) => process.stderr.write(`${line}\n`) });
  const out = path.join(repo, '.tmp', 'validation.json');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(path.dirname(out), { recursive: true });
  const compact = { mutants: summary.mutants, lossy: summary.lossy, flaggedLossy: summary.flaggedLossy, flaggedLossless: summary.flaggedLossless, missed: summary.missed, falseAlarms: summary.falseAlarms };
  writeFileSync(out, JSON.stringify({ ...compact, verdicts: summary.verdicts, seconds: summary.seconds }, null, 2));
  if (json) console.log(JSON.stringify(compact));
  else {
    printSummary(summary);
    console.log(`written to ${path.relative(process.cwd(), out)}`);
  }
  const recall = summary.lossy ? summary.flaggedLossy / summary.lossy : 1;
  const lossless = summary.mutants - summary.lossy;
  process.exitCode = recall >= 0.95 && (lossless === 0 || summary.flaggedLossless / lossless <= 0.05) ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
