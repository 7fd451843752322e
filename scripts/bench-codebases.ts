/**
 * The second half of `npm run bench`: the plugin on real codebases that are not storage code, as ESLint's own
 * statistics count it (`stats: true`: per file, parse time and each rule's time), one run per config; the first lint
 * of single files, each in a fresh process (the cost a user feels on opening a file); and ESLint's multithreaded
 * linting against one thread (the same findings, wall times).
 *
 *   npx tsx scripts/bench-codebases.ts [--codebase DIR]... [--json]
 *
 * Codebases: npm as published on the registry (its `lib`, `bin` and bundled workspaces `@npmcli/*` and `libnpm*`,
 * fetched once into .tmp/bench), the compiled typescript-eslint packages installed in node_modules, and any folder
 * given with --codebase (every JS/TS file under it, node_modules, dist and build skipped). Untyped, never run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import type { PluginConfigName } from '../src/lint-setup.js';

// What ships: the build in dist/ (`npm run bench` builds it first), never the sources under tsx; the worker threads
// of a multithreaded run load it too.
const built = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'src', 'lint-setup.js');
if (!existsSync(built)) {
  console.error('bench-codebases: no build in dist/: run `npm run build` first (npm run bench does)');
  process.exit(2);
}
const { pluginConfig } = (await import(pathToFileURL(built).href)) as typeof import('../src/lint-setup.js');

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(repo, '.tmp', 'bench');
/** Pinned so that a run is repeatable. */
const NPM_VERSION = '11.21.2';
const SOURCE = /\.(c|m)?(j|t)sx?$/;
const SKIP = new Set(['node_modules', 'dist', 'build', 'coverage', '.git', 'test', 'tests', 'fixtures']);
const GLOBS = ['**/*.js', '**/*.cjs', '**/*.mjs', '**/*.jsx', '**/*.ts', '**/*.cts', '**/*.mts', '**/*.tsx'];

interface Codebase {
  name: string;
  root: string;
  files: string[];
  lines: number;
}

function walk(dir: string, skip: Set<string>, out: string[]): string[] {
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    for (const name of readdirSync(current).sort()) {
      const full = path.join(current, name);
      const stat = statSync(full);
      if (stat.isDirectory()) {
        if (!skip.has(name)) stack.push(full);
      } else if (SOURCE.test(name) && !name.endsWith('.d.ts') && !name.includes('.min.') && stat.size < 1_000_000) out.push(full);
    }
  }
  return out;
}

function codebase(name: string, root: string, files: string[]): Codebase {
  const lines = files.reduce((n, file) => n + readFileSync(file, 'utf8').split('\n').length, 0);
  return { name, root, files: files.sort(), lines };
}

/** npm as published: fetched with `npm pack` into .tmp/bench once. */
function npmPackage(): Codebase {
  const dir = path.join(benchDir, `npm-${NPM_VERSION}`);
  const root = path.join(dir, 'package');
  if (!existsSync(path.join(root, 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    const pack = spawnSync('npm', ['pack', `npm@${NPM_VERSION}`, '--silent', '--pack-destination', dir], { encoding: 'utf8' });
    if (pack.status !== 0) throw new Error(`npm pack npm@${NPM_VERSION} failed: ${pack.stderr}`);
    const tarball = path.join(dir, pack.stdout.trim().split('\n').pop() as string);
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', dir], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  }
  const files: string[] = [];
  walk(path.join(root, 'lib'), SKIP, files);
  walk(path.join(root, 'bin'), SKIP, files);
  const modules = path.join(root, 'node_modules');
  const workspaces = [
    ...readdirSync(path.join(modules, '@npmcli')).map((name) => path.join(modules, '@npmcli', name)),
    ...readdirSync(modules).filter((name) => name.startsWith('libnpm')).map((name) => path.join(modules, name)),
  ];
  for (const workspace of workspaces) if (existsSync(path.join(workspace, 'lib'))) walk(path.join(workspace, 'lib'), SKIP, files);
  return codebase(`npm@${NPM_VERSION} (lib, bin, @npmcli/*, libnpm*)`, root, files);
}

function typescriptEslint(): Codebase {
  const root = path.join(repo, 'node_modules', '@typescript-eslint');
  const files: string[] = [];
  for (const name of readdirSync(root)) {
    const dist = path.join(root, name, 'dist');
    if (existsSync(dist)) walk(dist, new Set(['node_modules']), files);
  }
  const version = (JSON.parse(readFileSync(path.join(root, 'utils', 'package.json'), 'utf8')) as { version: string }).version;
  return codebase(`@typescript-eslint/*@${version} (compiled)`, root, files);
}

function configFor(name: PluginConfigName): Linter.Config[] {
  return pluginConfig(name, {
    files: GLOBS,
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    parserOptions: { ecmaFeatures: { jsx: true } },
    sourceType: 'module',
  });
}

interface StatsRun {
  wallMs: number;
  parseMs: number;
  ruleMs: number;
  findings: string[];
  fatal: number;
}

function tally(results: ESLint.LintResult[], root: string, wallMs: number): StatsRun {
  let parseMs = 0;
  let ruleMs = 0;
  let fatal = 0;
  const findings: string[] = [];
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      parseMs += pass.parse?.total ?? 0;
      for (const [rule, time] of Object.entries(pass.rules ?? {})) if (rule.startsWith('durability/')) ruleMs += time.total;
    }
    for (const m of result.messages) {
      if (m.fatal) fatal++;
      else if (m.ruleId) findings.push(`${path.relative(root, result.filePath)}:${m.line}:${m.column} ${m.ruleId}`);
    }
  }
  return { wallMs, parseMs, ruleMs, findings: findings.sort(), fatal };
}

async function statsRun(base: Codebase, config: PluginConfigName): Promise<StatsRun> {
  const eslint = new ESLint({ cwd: base.root, overrideConfigFile: true, overrideConfig: configFor(config), stats: true, ignore: false });
  const started = performance.now();
  const results = await eslint.lintFiles(base.files);
  return tally(results, base.root, performance.now() - started);
}

/** A config file the worker threads load (a config object cannot be sent to them), of the build in dist/. */
function configFile(config: PluginConfigName): string {
  mkdirSync(benchDir, { recursive: true });
  const file = path.join(benchDir, `eslint.config.${config}.mjs`);
  const setup = pathToFileURL(built).href;
  writeFileSync(
    file,
    `import { pluginConfig } from ${JSON.stringify(setup)};\nexport default pluginConfig(${JSON.stringify(config)}, ${JSON.stringify({
      files: GLOBS,
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      parserOptions: { ecmaFeatures: { jsx: true } },
      sourceType: 'module',
    })});\n`,
  );
  return file;
}

async function threadsRun(base: Codebase, config: PluginConfigName, concurrency: number | 'off'): Promise<StatsRun> {
  const eslint = new ESLint({ cwd: base.root, overrideConfigFile: configFile(config), ignore: false, concurrency });
  const started = performance.now();
  const results = await eslint.lintFiles(base.files);
  return tally(results, base.root, performance.now() - started);
}

/** One file, linted first in a fresh process: its parse time and the plugin's rule time (child mode of this script). */
function firstLint(base: Codebase, file: string): { parseMs: number; ruleMs: number } {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--first-lint', base.root, file], { encoding: 'utf8', cwd: repo });
  if (child.status !== 0) throw new Error(`first lint of ${file} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() as string) as { parseMs: number; ruleMs: number };
}

async function firstLintChild(root: string, file: string): Promise<void> {
  const run = await statsRun({ name: 'one file', root, files: [file], lines: 0 }, 'recommended');
  console.log(JSON.stringify({ parseMs: run.parseMs, ruleMs: run.ruleMs }));
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--first-lint') return firstLintChild(args[1] as string, args[2] as string);
  const json = args.includes('--json');
  const extra = args.flatMap((arg, i) => (args[i - 1] === '--codebase' ? [path.resolve(arg)] : []));
  const bases = [npmPackage(), typescriptEslint(), ...extra.map((dir) => codebase(path.basename(dir), dir, walk(dir, SKIP, [])))];
  const log = (line: string) => {
    if (!json) console.log(line);
  };
  const out: Record<string, unknown>[] = [];
  log('codebase                                          files   lines  config       parse ms  rule ms  rule/parse  findings');
  for (const base of bases) {
    await statsRun(base, 'strict'); // warm-up: the first run pays for JIT and module loading
    for (const config of ['recommended', 'strict'] as const) {
      const run = await statsRun(base, config);
      out.push({ codebase: base.name, files: base.files.length, lines: base.lines, config, parseMs: run.parseMs, ruleMs: run.ruleMs, ratio: run.ruleMs / run.parseMs, findings: run.findings.length, unparsed: run.fatal });
      log(
        `${base.name.padEnd(48)} ${String(base.files.length).padStart(6)} ${String(base.lines).padStart(7)}  ${config.padEnd(11)} ${run.parseMs.toFixed(0).padStart(9)} ${run.ruleMs.toFixed(0).padStart(8)}  ${pct(run.ruleMs / run.parseMs).padStart(10)}  ${String(run.findings.length).padStart(8)}${run.fatal ? ` (${run.fatal} files unparsed)` : ''}`,
      );
    }
  }

  // the first lint of single files: the largest files of npm's lib, and files whose imports the analysis reads
  const npm = bases[0] as Codebase;
  const lib = npm.files.filter((f) => f.includes(`${path.sep}lib${path.sep}`) && !f.includes('node_modules'));
  const bySize = [...lib].sort((a, b) => statSync(b).size - statSync(a).size).slice(0, 3);
  const importing = lib.filter((f) => /require\(['"]\.\.?\//.test(readFileSync(f, 'utf8'))).slice(0, 3);
  const singles = [...new Set([...bySize, ...importing])];
  const firstRows = singles.map((file) => ({ file: path.relative(npm.root, file), ...firstLint(npm, file) }));
  log('\nfirst lint of one file, in a fresh process (recommended)    parse ms  rule ms  rule/parse');
  for (const r of firstRows) log(`${r.file.padEnd(58)} ${r.parseMs.toFixed(1).padStart(9)} ${r.ruleMs.toFixed(1).padStart(8)}  ${pct(r.ruleMs / r.parseMs).padStart(10)}`);

  // multithreaded linting: same findings as one thread, and the wall-clock speed-up
  const threadRows: Record<string, unknown>[] = [];
  log('\nESLint concurrency on npm (strict)        wall ms  findings  same findings as one thread');
  const single = await threadsRun(npm, 'strict', 'off');
  log(`${'one thread'.padEnd(40)} ${single.wallMs.toFixed(0).padStart(8)}  ${String(single.findings.length).padStart(8)}  -`);
  threadRows.push({ concurrency: 'off', wallMs: single.wallMs, findings: single.findings.length });
  for (const concurrency of [2]) {
    const threaded = await threadsRun(npm, 'strict', concurrency);
    const same = JSON.stringify(threaded.findings) === JSON.stringify(single.findings);
    threadRows.push({ concurrency, wallMs: threaded.wallMs, findings: threaded.findings.length, same, speedup: single.wallMs / threaded.wallMs });
    log(`${`${concurrency} threads`.padEnd(40)} ${threaded.wallMs.toFixed(0).padStart(8)}  ${String(threaded.findings.length).padStart(8)}  ${same ? 'yes' : 'NO'} (speed-up ${(single.wallMs / threaded.wallMs).toFixed(2)}x)`);
  }
  if (json) console.log(JSON.stringify({ codebases: out, firstLint: firstRows, concurrency: threadRows }, null, 2));
}

await main();
