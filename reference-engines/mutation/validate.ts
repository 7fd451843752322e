/**
 * npm run validate [-- --json] [-- --engine <name>] [-- --operator <operator>]
 *
 * The plugin's truth table: every mutant of every correct engine is judged twice — by the crash simulator (does it
 * lose an acknowledged write?) and by the lint rules (configs.recommended: is it flagged?). Mutants live in a temp
 * folder, never in the repo.
 *
 * Mutants that remove or move a sync are judged without faults. A mutant that swallows a sync's failure
 * ('fsync-error') can only lose data when that sync fails, so it is judged under a fault that hits the mutated call:
 * an unfaulted run of the correct engine, with the sync calls marked, numbers the fsyncs each issues; the first, the
 * middle and the last of them (FAULT_CANDIDATES) are made to fail in turn (`failFsyncNumber`), the mutant's run
 * stopping at the first throw (fail-stop: what was acknowledged before must survive, the throw itself loses
 * nothing), until one loses a write. A fault under which the correct engine itself loses a write is not counted. A
 * mutant whose call issues no fsync in any durable scenario (a torn-tail recovery the workloads never reach), or only
 * fsyncs under which the correct engine loses too, is 'not judged'.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pluginConfig, pluginLinter } from '../../src/lint-setup.js';
import type { AckRecorder, Scenario, Workload } from '../scenario.js';
import { loadScenarios } from '../crash-sim/cli.js';
import { withModel } from '../crash-sim/intercept.js';
import { ModelFs, SIM_ROOT } from '../crash-sim/model-fs.js';
import { simulate, type SimulationResult } from '../crash-sim/simulate.js';
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
  /** 'fsync-error' mutants: the fault each scenario was judged under, or why none applies. */
  faults?: string[];
  /** 'fsync-error' mutants only: no fault reaches the mutated call (it is neither lossy nor lossless). */
  notJudged?: boolean;
  /**
   * 'fsync-error' mutants only: whether removing the same sync ('remove-sync', judged without faults) loses a write.
   * When it does not, the sync protects nothing in these workloads, and neither can its swallowed failure lose one.
   */
  removalLossy?: boolean;
  flagged: boolean;
  reports: string[];
}

export interface ValidationSummary {
  mutants: number;
  /** Mutants no fault could judge (see MutantVerdict.notJudged): left out of lossy and lossless. */
  notJudged: number;
  lossy: number;
  flaggedLossy: number;
  flaggedLossless: number;
  missed: MutantVerdict[];
  /** Every lossless mutant that is flagged. */
  falseAlarms: MutantVerdict[];
  /**
   * The false alarms left once those on a swallowed sync that protects nothing are set aside ('fsync-error' mutants
   * with `removalLossy` false: no-ignored-fsync-error reports every swallowed sync failure, needed or not, by design).
   */
  unexplainedFalseAlarms: MutantVerdict[];
  verdicts: MutantVerdict[];
  seconds: number;
}

const linter = pluginLinter();

export function lintText(text: string, filename: string, config: 'recommended' | 'strict' = 'recommended'): string[] {
  const messages = linter.verify(
    text,
    pluginConfig(config),
    filename,
  );
  return messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? 'parse'} ${m.message}`);
}

/** The engine folder copied to a temp workspace with `text` as `source`; its scenarios, which now run that text. */
async function scenariosWith(workspace: string, engine: string, source: string, text: string): Promise<Scenario[]> {
  const engineDir = path.join(workspace, 'reference-engines', engine);
  cpSync(path.join(repo, 'reference-engines', engine), engineDir, { recursive: true, filter: (p) => !p.endsWith('.test.ts') });
  cpSync(path.join(repo, 'reference-engines', 'scenario.ts'), path.join(workspace, 'reference-engines', 'scenario.ts'));
  writeFileSync(path.join(workspace, source), text);
  return ((await import(pathToFileURL(path.join(engineDir, 'scenarios.ts')).href)) as { scenarios: Scenario[] }).scenarios;
}

/** The run a mutant is judged on: the scenario's shorter mutation-study workload where it has one. */
const studied = (scenario: Scenario): Workload => scenario.mutationWorkload ?? scenario.workload;

/** The scenarios a mutant of `source` is judged on: durable runs of that file, without the scenarios' own faults. */
const judgedOn = (scenario: Scenario, source: string): boolean => scenario.source === source && scenario.expect === 'durable' && !scenario.faults;

async function judgeMutant(engine: string, source: string, mutant: Mutant): Promise<MutantVerdict> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'durability-mutant-'));
  try {
    const mutated = await scenariosWith(workspace, engine, source, mutant.text);
    let lossExample: string | null = null;
    for (const scenario of mutated) {
      if (!judgedOn(scenario, source)) continue; // mutants remove syncs: judged without faults
      let result;
      try {
        result = await simulate(studied(scenario), { stopAtFirstLoss: true });
      } catch (error) {
        lossExample = `the mutant fails to run: ${(error as Error).message}`;
        break;
      }
      if (result.lost > 0 || result.sanityError) {
        lossExample = result.example ?? `workload error: ${result.sanityError}`;
        break;
      }
    }
    // the repo-relative name: the config matches it, nothing is read from disk. no-ignored-fsync-error is about a
    // failing fsync: these mutants are judged without faults, so its reports (a floating `fh.sync()`) are not verdicts
    // here; the 'fsync-error' mutants, judged under faults, are its ground truth
    const reports = lintText(mutant.text, source).filter((report) => !report.includes(' durability/no-ignored-fsync-error '));
    return { engine, id: mutant.id, operator: mutant.operator, category: mutant.category, description: mutant.description, lossy: lossExample !== null, lossExample, flagged: reports.length > 0, reports };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** Which fsyncs of a fault run to fail, of the ones the mutated call issues (1-based, in issue order). */
export const FAULT_CANDIDATES = ['first', 'middle', 'last'] as const;

function pickFaults(fsyncs: number[]): number[] {
  const picks = { first: fsyncs[0], middle: fsyncs[Math.floor((fsyncs.length - 1) / 2)], last: fsyncs[fsyncs.length - 1] };
  return [...new Set(FAULT_CANDIDATES.map((which) => picks[which]).filter((n): n is number => n !== undefined))];
}

/**
 * The probe: `__durabilitySyncSite(i, () => <sync call i>)` in a copy of the correct engine runs the call in an async
 * context that the model's fsync sees, whether it runs at once (`fsyncSync`), when its promise is awaited (`fh.sync()`,
 * which the model starts only then) or on a later turn (`fs.fsync(fd, cb)`).
 */
const PROBE = '__durabilitySyncSite';
const atSyncSite = new AsyncLocalStorage<number>();
(globalThis as Record<string, unknown>)[PROBE] = (site: number, call: () => unknown): unknown => {
  const result = atSyncSite.run(site, call);
  if (result === null || typeof result !== 'object' || typeof (result as PromiseLike<unknown>).then !== 'function') return result;
  const thenable = result as PromiseLike<unknown>;
  const then = (onFulfilled?: (value: unknown) => unknown, onRejected?: (error: unknown) => unknown) => atSyncSite.run(site, () => thenable.then(onFulfilled, onRejected));
  return { then, catch: (onRejected: (error: unknown) => unknown) => then(undefined, onRejected) };
};

export interface SiteFsyncs {
  /** Numbers (1-based, as `failFsyncNumber` counts) of the fsyncs of files the call issues. */
  files: number[];
  /** Numbers of the fsyncs of directories the call issues. */
  directories: number[];
}

/** The fsyncs that each marked call issues in an unfaulted run, of files and of directories apart. */
async function fsyncsAtSites(workload: Workload, sites: number): Promise<{ total: number; sites: SiteFsyncs[] }> {
  const model = new ModelFs();
  const dir = `${SIM_ROOT}/db`;
  model.mkdir(dir, true);
  const run = { total: 0, sites: Array.from({ length: sites }, (): SiteFsyncs => ({ files: [], directories: [] })) };
  model.onMutation = (describe) => {
    const synced = /^fsync\((.*)\)$/.exec(describe)?.[1];
    if (synced === undefined) return;
    run.total++;
    const site = atSyncSite.getStore();
    if (site !== undefined) (model.dirs.has(`${SIM_ROOT}/${synced}`) ? run.sites[site]!.directories : run.sites[site]!.files).push(run.total);
  };
  await withModel(model, () => workload.run(dir, { begin() {}, ack() {} }));
  return run;
}

/**
 * The fsyncs that each sync call at `sites` (ranges of `source`, none overlapping) issues in each scenario `judgedOn`
 * that file: one unfaulted run of the correct engine with every call marked, by scenario variant.
 */
export async function fsyncsOfSyncCalls(engine: string, source: string, sites: { start: number; end: number }[]): Promise<Map<string, { total: number; sites: SiteFsyncs[] }>> {
  let probe = readFileSync(path.join(repo, source), 'utf8');
  const edits = sites.flatMap((site, i) => [{ at: site.end, text: ')' }, { at: site.start, text: `(globalThis as any).${PROBE}(${i}, () => ` }]);
  for (const edit of edits.sort((x, y) => y.at - x.at)) probe = probe.slice(0, edit.at) + edit.text + probe.slice(edit.at);
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'durability-probe-'));
  try {
    const byVariant = new Map<string, { total: number; sites: SiteFsyncs[] }>();
    for (const scenario of await scenariosWith(workspace, engine, source, probe)) {
      if (judgedOn(scenario, source)) byVariant.set(scenario.variant, await fsyncsAtSites(studied(scenario), sites.length));
    }
    return byVariant;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

/**
 * Fail-stop: a run that throws stops there, as a process that exits on a failed fsync (PostgreSQL since fsyncgate).
 * The write in flight is not acknowledged, nothing after it runs, and the crash images already taken are judged.
 */
function failStop(workload: Workload): Workload {
  return {
    async run(dir: string, recorder: AckRecorder) {
      let stopped = false;
      try {
        await workload.run(dir, { begin: (key, value) => stopped || recorder.begin(key, value), ack: (key) => stopped || recorder.ack(key) });
      } catch {
        stopped = true;
      }
    },
    recover: (dir, keys) => workload.recover(dir, keys),
  };
}

const lossOf = (result: SimulationResult): string | null => (result.lost > 0 || result.sanityError ? (result.example ?? `workload error: ${result.sanityError}`) : null);

/** The correct engine's verdict under one fault (fail-stop), by scenario and fsync number. */
const correctUnderFault = new Map<string, string | null>();

async function judgeFaultMutant(engine: string, source: string, mutant: Mutant, scenarios: Scenario[], bySite: Map<string, SiteFsyncs>): Promise<MutantVerdict> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'durability-mutant-'));
  try {
    const mutated = await scenariosWith(workspace, engine, source, mutant.text);
    let lossExample: string | null = null;
    const faults: string[] = [];
    let anyJudged = false;
    for (const scenario of mutated) {
      if (!judgedOn(scenario, source)) continue;
      const correct = scenarios.find((s) => s.engine === engine && s.variant === scenario.variant && s.source === source);
      const marked = bySite.get(scenario.variant);
      if (!correct || !marked) throw new Error(`${engine} / ${scenario.variant}: no correct or probed scenario to compare with`);
      // a failed fsync makes nothing durable, of a file (its dirty pages are dropped) or of a directory (its entries
      // stay pending): either can be made to fail
      const fsyncs = [...marked.files, ...marked.directories].sort((x, y) => x - y);
      if (fsyncs.length === 0) {
        faults.push(`${scenario.variant}: the call issues no fsync`);
        continue;
      }
      const judged: number[] = [];
      for (const n of pickFaults(fsyncs)) {
        let loss: string | null;
        try {
          loss = lossOf(await simulate(failStop(studied(scenario)), { failFsyncNumber: n, stopAtFirstLoss: true }));
        } catch (error) {
          loss = `the mutant fails to run: ${(error as Error).message}`;
        }
        if (loss === null) {
          judged.push(n);
          continue;
        }
        const key = `${engine}|${scenario.variant}|${n}`;
        if (!correctUnderFault.has(key)) {
          let correctLoss: string | null;
          try {
            correctLoss = lossOf(await simulate(failStop(studied(correct)), { failFsyncNumber: n, stopAtFirstLoss: true }));
          } catch (error) {
            correctLoss = `fails to run: ${(error as Error).message}`;
          }
          correctUnderFault.set(key, correctLoss);
        }
        if (correctUnderFault.get(key) !== null) {
          faults.push(`${scenario.variant}: fsync #${n} not counted, the correct engine loses a write under it too`);
          continue;
        }
        lossExample = `fsync #${n} fails (EIO): ${loss}`;
        judged.push(n);
        break;
      }
      if (judged.length > 0) faults.push(`${scenario.variant}: fsync ${judged.map((n) => `#${n}`).join(', ')} made to fail (the call issues ${fsyncs.length})`);
      anyJudged ||= judged.length > 0;
      if (lossExample !== null) break;
    }
    // a swallowed sync failure is no-ignored-fsync-error's own scope: its reports count here
    const reports = lintText(mutant.text, source);
    const notJudged = !anyJudged;
    return { engine, id: mutant.id, operator: mutant.operator, category: mutant.category, description: mutant.description, lossy: lossExample !== null, lossExample, faults, ...(notJudged ? { notJudged } : {}), flagged: reports.length > 0, reports };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

export async function validate(options: { engine?: string; operator?: string; progress?: (line: string) => void } = {}): Promise<ValidationSummary> {
  const started = Date.now();
  const scenarios = (await loadScenarios()).filter((s) => !options.engine || s.engine === options.engine);
  const sources = [...new Map(scenarios.filter((s) => s.expect === 'durable').map((s) => [s.source, s.engine])).entries()];
  const verdicts: MutantVerdict[] = [];
  for (const [source, engine] of sources) {
    const text = readFileSync(path.join(repo, source), 'utf8');
    const baseline = lintText(text, source);
    if (baseline.length > 0) throw new Error(`${source} is reported before any mutation: ${baseline.join('; ')}`);
    const mutants = generateMutants(source, text).filter((m) => !options.operator || m.operator === options.operator);
    // the fsyncs each swallowed sync call issues, found for every such call of the file in one marked run
    const faultSites = mutants.flatMap((m) => (m.syncSite ? [m.syncSite] : []));
    const probed = faultSites.length > 0 ? await fsyncsOfSyncCalls(engine, source, faultSites) : new Map<string, { total: number; sites: SiteFsyncs[] }>();
    const fsyncsOf = (site: { start: number; end: number }) => new Map([...probed].map(([variant, run]) => [variant, run.sites[faultSites.indexOf(site)]!]));
    for (const [index, mutant] of mutants.entries()) {
      const verdict = mutant.syncSite ? await judgeFaultMutant(engine, source, mutant, scenarios, fsyncsOf(mutant.syncSite)) : await judgeMutant(engine, source, mutant);
      verdicts.push(verdict);
      options.progress?.(`[${index + 1}/${mutants.length}] ${engine}: ${mutant.description} -> ${verdict.notJudged ? 'not judged' : verdict.lossy ? 'lossy' : 'lossless'}, ${verdict.flagged ? 'flagged' : 'not flagged'}${verdict.faults ? ` (${verdict.faults.join('; ')})` : ''}`);
    }
  }
  const byId = new Map(verdicts.map((v) => [v.id, v]));
  for (const v of verdicts) {
    if (v.operator !== 'swallow-sync-error') continue;
    const removal = byId.get(v.id.replace(/:swallow-sync-error(:\d+)?$/, ':remove-sync'));
    if (removal) v.removalLossy = removal.lossy;
  }
  const lossy = verdicts.filter((v) => v.lossy);
  const lossless = verdicts.filter((v) => !v.lossy && !v.notJudged);
  return {
    mutants: verdicts.length,
    notJudged: verdicts.filter((v) => v.notJudged).length,
    lossy: lossy.length,
    flaggedLossy: lossy.filter((v) => v.flagged).length,
    flaggedLossless: lossless.filter((v) => v.flagged).length,
    missed: lossy.filter((v) => !v.flagged),
    falseAlarms: lossless.filter((v) => v.flagged),
    unexplainedFalseAlarms: lossless.filter((v) => v.flagged && v.removalLossy !== false),
    verdicts,
    seconds: (Date.now() - started) / 1000,
  };
}

export function printSummary(summary: ValidationSummary): void {
  const engines = [...new Set(summary.verdicts.map((v) => v.engine))];
  const rows = [['engine', 'mutants', 'lossy', 'lossy+flagged', 'recall', 'lossless+flagged', 'not judged']];
  const row = (name: string, list: MutantVerdict[]) => {
    const lossy = list.filter((v) => v.lossy);
    const flagged = lossy.filter((v) => v.flagged).length;
    rows.push([name, String(list.length), String(lossy.length), String(flagged), lossy.length ? `${((100 * flagged) / lossy.length).toFixed(0)}%` : '-', String(list.filter((v) => !v.lossy && !v.notJudged && v.flagged).length), String(list.filter((v) => v.notJudged).length)]);
  };
  for (const engine of engines) row(engine, summary.verdicts.filter((v) => v.engine === engine));
  row('total', summary.verdicts);
  const categories = ['data', 'directory', 'before-rename', 'fsync-error'];
  for (const category of categories) row(`  of which ${category}`, summary.verdicts.filter((v) => v.category === category));
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
    if (i === 0 || i === rows.length - categories.length - 2) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  for (const v of summary.missed) console.log(`MISSED       [${v.category}] ${v.id}: ${v.description}\n             crash: ${v.lossExample}`);
  for (const v of summary.falseAlarms) {
    const redundant = v.removalLossy === false ? '\n             removing this sync loses nothing either: it protects nothing in these workloads' : '';
    console.log(`FALSE ALARM  [${v.category}] ${v.id}: ${v.description}\n             lint: ${v.reports[0]}${v.faults ? `\n             faults: ${v.faults.join('; ')}` : ''}${redundant}`);
  }
  for (const v of summary.verdicts.filter((verdict) => verdict.notJudged)) console.log(`NOT JUDGED   [${v.category}] ${v.id}: ${v.description}\n             ${v.faults?.join('; ')}`);
  const redundant = summary.falseAlarms.length - summary.unexplainedFalseAlarms.length;
  console.log(`\n${summary.mutants} mutants (${summary.notJudged} not judged) in ${summary.seconds.toFixed(1)}s; ${summary.falseAlarms.length} false alarms${redundant > 0 ? `, ${redundant} of them on a sync that protects nothing` : ''}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const engineIndex = args.indexOf('--engine');
  const operatorIndex = args.indexOf('--operator');
  const summary = await validate({ engine: engineIndex >= 0 ? args[engineIndex + 1] : undefined, operator: operatorIndex >= 0 ? args[operatorIndex + 1] : undefined, progress: (line) => process.stderr.write(`${line}\n`) });
  const out = path.join(repo, '.tmp', 'validation.json');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(path.dirname(out), { recursive: true });
  const compact = { mutants: summary.mutants, notJudged: summary.notJudged, lossy: summary.lossy, flaggedLossy: summary.flaggedLossy, flaggedLossless: summary.flaggedLossless, missed: summary.missed, falseAlarms: summary.falseAlarms, unexplainedFalseAlarms: summary.unexplainedFalseAlarms.length };
  writeFileSync(out, JSON.stringify({ ...compact, verdicts: summary.verdicts, seconds: summary.seconds }, null, 2));
  if (json) console.log(JSON.stringify(compact));
  else {
    printSummary(summary);
    console.log(`written to ${path.relative(process.cwd(), out)}`);
  }
  const recall = summary.lossy ? summary.flaggedLossy / summary.lossy : 1;
  const lossless = summary.mutants - summary.notJudged - summary.lossy;
  process.exitCode = recall >= 0.95 && (lossless === 0 || summary.unexplainedFalseAlarms.length / lossless <= 0.05) ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
