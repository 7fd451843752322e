/**
 * The main job: lint the bundled reference engines with the plugin (typed, as in CI), compare every finding with the
 * `// expect: durability/<rule>` markers, and print the findings and the validation table.
 *
 *   npm run check                 recommended config, typed
 *   npm run check -- --untyped    without type information
 *   npm run check -- --json       machine-readable
 *   npm run check -- --dir <dir>  another folder of engines
 *   npm run check -- --quick      skip the crash verdicts and the mutation study
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkProject } from '../src/cli/check-project.js';
import { crashCheck, loadScenarios } from '../reference-engines/crash-sim/cli.js';
import { printSummary, validate } from '../reference-engines/mutation/validate.js';
import { collectMarkers, compareWithMarkers, type Marker } from './markers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Finding {
  file: string;
  line: number;
  column: number;
  rule: string;
  message: string;
}

export interface CheckResult {
  config: 'recommended' | 'strict';
  typed: boolean;
  files: number;
  findings: Finding[];
  markers: Marker[];
  matched: Finding[];
  unexpected: Finding[];
  missed: Marker[];
  errors: string[];
}

/** Lints the engines with the project checker (`durability-check`, src/cli/) and compares with the markers. */
export async function checkEngines(options: { dir?: string; typed?: boolean; config?: 'recommended' | 'strict' } = {}): Promise<CheckResult> {
  const dir = path.resolve(root, options.dir ?? 'reference-engines');
  const typed = options.typed ?? true;
  const configName = options.config ?? 'recommended';
  const result = await checkProject({
    cwd: root,
    paths: [dir],
    // typed: the repo's tsconfig.json, whose program covers the engines
    ...(typed ? { project: path.join(root, 'tsconfig.json') } : { typed: false }),
    config: configName,
    ignorePatterns: ['**/*.test.ts'],
  });
  const toRoot = (file: string) => path.relative(root, path.join(result.root, file));
  const findings: Finding[] = result.findings.map((f) => ({ file: toRoot(f.file), line: f.line, column: f.column, rule: f.ruleId, message: f.message }));
  const errors = result.problems.map((p) => `${toRoot(p.file)}:${p.line}:${p.column} ${p.kind === 'crash' ? 'the analysis threw: ' : ''}${p.message}`);
  const markers = collectMarkers(root, result.files.map(toRoot));
  const { matched, unexpected, missed } = compareWithMarkers(findings, markers);
  return { config: configName, typed, files: result.files.length, findings, markers, matched, unexpected, missed, errors };
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
    if (index === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const dirIndex = args.indexOf('--dir');
  const started = Date.now();
  const result = await checkEngines({
    dir: dirIndex >= 0 ? args[dirIndex + 1] : undefined,
    typed: !args.includes('--untyped'),
    config: args.includes('--strict') ? 'strict' : 'recommended',
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.unexpected.length === 0 && result.missed.length === 0 && result.errors.length === 0;
  if (json) {
    console.log(JSON.stringify({ ...result, ok, seconds: Number(seconds) }, null, 2));
  } else {
    console.log(`Linted ${result.files} files in reference-engines with configs.${result.config} (${result.typed ? 'typed' : 'untyped'}) in ${seconds}s\n`);
    console.log('Findings:');
    for (const finding of result.findings) {
      const tag = result.matched.includes(finding) ? 'expected  ' : 'UNEXPECTED';
      console.log(`  ${tag} ${finding.file}:${finding.line}:${finding.column}  ${finding.rule}\n             ${finding.message}`);
    }
    if (result.findings.length === 0) console.log('  (none)');
    for (const marker of result.missed) console.log(`  MISSED     ${marker.file}:${marker.line}  ${marker.rule} (marked, not reported)`);
    for (const error of result.errors) console.log(`  ERROR      ${error}`);
    console.log('\nMarkers vs findings, per file with either:');
    const files = [...new Set([...result.markers.map((m) => m.file), ...result.findings.map((f) => f.file)])].sort();
    const rows = [['file', 'markers', 'reported at marker', 'missed', 'unexpected']];
    for (const file of files) {
      rows.push([
        file,
        String(result.markers.filter((m) => m.file === file).length),
        String(new Set(result.matched.filter((f) => f.file === file).map((f) => `${f.line}:${f.rule}`)).size),
        String(result.missed.filter((m) => m.file === file).length),
        String(result.unexpected.filter((f) => f.file === file).length),
      ]);
    }
    printTable(rows);
    console.log(
      `\n${result.markers.length} markers, ${result.markers.length - result.missed.length} reported, ${result.missed.length} missed, ${result.unexpected.length} unexpected reports: ${ok ? 'OK' : 'MISMATCH'}`,
    );
  }
  let validationOk = true;
  if (!json && !args.includes('--quick')) {
    // Each hand-written variant: what the crash simulator proves, beside what the lint says about its file.
    console.log('\nValidation: hand-written variants, crash verdict beside lint verdict');
    const rows = await crashCheck(await loadScenarios(), (line) => process.stderr.write(`  crash-sim ${line}\n`));
    const table = [['engine', 'variant', 'crash: lost writes', 'lint reports in its file', 'agree']];
    for (const row of rows) {
      const reports = result.findings.filter((f) => f.file === row.source).length;
      const lossy = row.lost > 0;
      const agree = row.expect === 'trade-off' ? reports === 0 : lossy === reports > 0;
      const knownGap = !agree && row.lintGap !== undefined && lossy && reports === 0;
      if (!agree && !knownGap) validationOk = false;
      table.push([row.engine, row.variant, String(row.lost), String(reports), row.expect === 'trade-off' ? 'yes (documented trade-off)' : agree ? 'yes' : knownGap ? `no (known gap: ${row.lintGap})` : 'NO']);
    }
    printTable(table);
    console.log('\nValidation: mutants of the correct engines (npm run validate)');
    const summary = await validate({ progress: (line) => process.stderr.write(`  mutant ${line}\n`) });
    printSummary(summary);
    // a swallowed failure of a sync that protects nothing is reported by no-ignored-fsync-error by design (see validate.ts)
    if (summary.unexplainedFalseAlarms.length > 0) validationOk = false;
  }
  process.exitCode = ok && validationOk ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await main();
}
