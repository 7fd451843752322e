/**
 * npm run crash-check [-- --json] [-- --engine <name>]
 * Runs every scenario of every reference engine under the crash simulator and prints the verdicts.
 */
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Scenario } from '../scenario.js';
import { simulate } from './simulate.js';

const enginesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface CrashCheckRow {
  engine: string;
  variant: string;
  expect: Scenario['expect'];
  source: string;
  lintGap: string | undefined;
  /** Distinct (disk image, acknowledged writes to check) pairs. */
  states: number;
  /** Distinct disk images a crash of the run left. */
  images: number;
  /** Distinct disk images left by crashes inside recoveries (of `crashedRecoveries` recoveries), recovered again. */
  recoveryImages: number;
  crashedRecoveries: number;
  lost: number;
  /** The uncrashed run did not recover its own acknowledged writes (a broken workload): the row fails. */
  sanityError: string | null;
  example: string | null;
  ok: boolean;
  seconds: number;
}

export async function loadScenarios(dir = enginesDir): Promise<Scenario[]> {
  const scenarios: Scenario[] = [];
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name, 'scenarios.ts');
    if (!existsSync(file)) continue;
    const module = (await import(pathToFileURL(file).href)) as { scenarios: Scenario[] };
    scenarios.push(...module.scenarios);
  }
  return scenarios;
}

export async function crashCheck(scenarios: Scenario[], progress?: (line: string) => void): Promise<CrashCheckRow[]> {
  const rows: CrashCheckRow[] = [];
  for (const scenario of scenarios) {
    const started = Date.now();
    const result = await simulate(scenario.workload, { ...scenario.faults });
    const seconds = (Date.now() - started) / 1000;
    const ok =
      !result.sanityError &&
      (scenario.expect === 'durable' ? result.lost === 0 : scenario.expect === 'loses' ? result.lost >= 1 : true);
    rows.push({
      engine: scenario.engine,
      variant: scenario.variant,
      expect: scenario.expect,
      source: scenario.source,
      lintGap: scenario.lintGap,
      states: result.states,
      images: result.images,
      recoveryImages: result.recoveryImages,
      crashedRecoveries: result.crashedRecoveries,
      lost: result.lost,
      sanityError: result.sanityError ?? null,
      example: result.sanityError ? `workload error: ${result.sanityError}` : (result.example ?? null),
      ok,
      seconds,
    });
    progress?.(`${scenario.engine} / ${scenario.variant}: ${result.images} images, ${result.states} states, ${result.recoveryImages} images in ${result.crashedRecoveries} crashed recoveries, ${result.lost} lost (${seconds.toFixed(1)}s)`);
  }
  return rows;
}

function verdict(row: CrashCheckRow): string {
  if (!row.ok) return 'FAIL';
  return row.expect === 'trade-off' ? 'trade-off (documented)' : 'OK';
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const engineIndex = args.indexOf('--engine');
  const only = engineIndex >= 0 ? args[engineIndex + 1] : undefined;
  const started = Date.now();
  const scenarios = (await loadScenarios()).filter((s) => !only || s.engine === only);
  const rows = await crashCheck(scenarios, (line) => process.stderr.write(`${line}\n`));
  const total = (Date.now() - started) / 1000;
  if (json) {
    console.log(JSON.stringify({ results: rows.map(({ engine, variant, expect, images, states, recoveryImages, crashedRecoveries, lost, example, ok }) => ({ engine, variant, expect, images, states, recoveryImages, crashedRecoveries, lost, example, ok })) }));
  } else {
    const table = [['engine', 'variant', 'expect', 'images', 'states', 'lost', 'verdict', 'first losing scenario']];
    for (const row of rows) table.push([row.engine, row.variant, row.expect, String(row.images), String(row.states), String(row.lost), verdict(row), row.example ?? '-']);
    const widths = table[0]!.slice(0, 7).map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
    for (const [i, row] of table.entries()) {
      console.log(row.map((cell, c) => (c < 7 ? cell.padEnd(widths[c]!) : cell)).join('  '));
      if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    }
    const correct = rows.filter((row) => row.expect === 'durable');
    console.log(`\ndistinct crash images on correct variants: fewest ${Math.min(...correct.map((row) => row.images))}; crashes inside recovery: ${rows.reduce((n, row) => n + row.recoveryImages, 0)} images in ${rows.reduce((n, row) => n + row.crashedRecoveries, 0)} recoveries`);
    console.log(`${rows.filter((r) => r.ok).length}/${rows.length} verdicts as expected in ${total.toFixed(1)}s`);
  }
  process.stderr.write(`total ${total.toFixed(1)}s\n`);
  process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
