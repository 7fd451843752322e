/**
 * The package as a user gets it: `npm pack` (its prepack script builds dist/), fresh projects that install the
 * tarball with @typescript-eslint/parser and each ESLint major the README promises (the newest 9, and 10), then
 *  - ESLint with `configs.recommended` from an ESM `eslint.config.js` (typed, projectService) and from a CommonJS
 *    `eslint.config.cjs` (untyped),
 *  - the installed `durability-check` bin (it runs dist/, the package has no src/),
 *  - the published types, ESM and CommonJS, through tsc,
 *  - the plain Git pre-commit hook of docs/pre-commit.md, in a real repository: a commit with a durability bug is
 *    refused, the fixed commit goes through.
 * The steps after the install are independent and run concurrently.
 *
 * Child processes run the `node` of PATH; DURABILITY_TEST_NODE_DIR, a folder holding another `node` binary, goes first
 * on it (`npm run test:node-versions` runs this file under Node 22 and 24 that way).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sourcePlugin from './index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RULE = 'durability/no-flush-without-fsync';
/** The engine folders the concurrency test copies (each lints without the test harness). */
const ENGINE_DIRS = ['b-tree-storage-engine', 'hash-index-storage', 'log-structured-hash-table', 'log-structured-merge-tree', 'write-ahead-log'];
/** The rules the package must ship: those of the sources. */
const RULE_NAMES = Object.keys(sourcePlugin.rules ?? {}).sort();
/** ESLint 10 as developed with, and the newest ESLint 9 (the README promises both). */
const ESLINT_VERSIONS = ['10.15.0', '9.39.5'] as const;
const PARSER_VERSION = '8.73.0';
const NODE_DIR = process.env.DURABILITY_TEST_NODE_DIR;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment for child processes: without the variables `npm test` sets for this package (npm_package_*,
 * npm_config_local_prefix, ...), which would point npm at this repository instead of the temporary project.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_') && !lower.startsWith('npm_config_')) continue;
    if (['npm_config_local_prefix', 'npm_config_prefix', 'npm_config_global_prefix', 'npm_config_call', 'npm_config_yes'].includes(lower)) continue;
    if (lower.startsWith('git_')) continue;
    env[key] = value;
  }
  // git: no global or system configuration (hooksPath, signing, templates) changes what the hook test sees
  env.GIT_CONFIG_NOSYSTEM = '1';
  env.GIT_CONFIG_GLOBAL = os.devNull;
  env.NO_COLOR = '1';
  env.FORCE_COLOR = '0';
  if (NODE_DIR) env.PATH = `${path.resolve(NODE_DIR)}${path.delimiter}${env.PATH ?? ''}`;
  return env;
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: childEnv(), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

function describeRun(r: Run): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

async function ok(command: string, args: string[], cwd: string): Promise<Run> {
  const r = await run(command, args, cwd);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${describeRun(r)}`);
  return r;
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

// The bug: an append-only journal whose writes are acknowledged (the function returns) without an fsync.
const BUGGY_TS = `import { openSync, writeSync } from 'node:fs';

const fd = openSync('journal.log', 'a');

export function append(record: Buffer): void {
  writeSync(fd, record);
}
`;
const FIXED_TS = `import { openSync, writeSync, fsyncSync } from 'node:fs';

const fd = openSync('journal.log', 'a');

export function append(record: Buffer): void {
  writeSync(fd, record);
  fsyncSync(fd);
}
`;
const BUGGY_LINE = 6;

const BUGGY_CJS = `'use strict';
const fs = require('node:fs');

const fd = fs.openSync('journal.log', 'a');

function append(record) {
  fs.writeSync(fd, record);
}

module.exports = { append };
`;
const BUGGY_CJS_LINE = 7;

const SYNCING_HELPER = `import { fsyncSync } from 'node:fs';

export function syncFd(fd: number): void {
  fsyncSync(fd);
}
`;
const HELPER_NOT_SYNCING = `export function syncFd(fd: number): void {
  void fd;
}
`;
const LOG_THROUGH_HELPER = `import { openSync, writeSync } from 'node:fs';
import { syncFd } from './io.js';

export class Log {
  fd = openSync('log', 'a');
  append(record: string): boolean {
    writeSync(this.fd, record);
    syncFd(this.fd);
    return true;
  }
}
`;
const LOG_WRITE_LINE = 7;

/** The hook script of docs/pre-commit.md: the sh block after its marker comment. */
function documentedHook(): string {
  const markdown = readFileSync(path.join(repo, 'docs/pre-commit.md'), 'utf8');
  const marker = markdown.indexOf('<!-- pre-commit-hook');
  expect(marker).toBeGreaterThan(0);
  const block = /```sh\n([\s\S]*?)```/.exec(markdown.slice(marker));
  expect(block).not.toBeNull();
  return block![1]!;
}

interface EslintResult {
  filePath: string;
  messages: { ruleId: string | null; severity: number; line: number; column: number; message: string }[];
}

/** A fresh project with the tarball, the given ESLint and the parser installed, and the files the tests lint. */
async function setUpProject(project: string, tarball: string, eslintVersion: string): Promise<void> {
  write(path.join(project, 'package.json'), JSON.stringify({ name: 'durability-user', private: true, type: 'module' }, null, 2));
  await ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', tarball, `eslint@${eslintVersion}`, `@typescript-eslint/parser@${PARSER_VERSION}`], project);
  expect(existsSync(path.join(project, 'node_modules/eslint-plugin-durability/src'))).toBe(false);
  // the checker builds its Program with the project's typescript: no second compiler comes with the plugin
  expect(existsSync(path.join(project, 'node_modules/ts-morph'))).toBe(false);

  // ESM, typed: the Getting started recipe of the README
  write(
    path.join(project, 'eslint.config.js'),
    `import durability from 'eslint-plugin-durability';
import tsParser from '@typescript-eslint/parser';

export default [
{
  files: ['**/*.ts'],
  languageOptions: {
    parser: tsParser,
    parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
  },
},
durability.configs.recommended,
];
`,
  );
  write(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', strict: true, skipLibCheck: true, noEmit: true }, include: ['src'] }, null, 2));
  write(path.join(project, 'src/journal.ts'), BUGGY_TS);
  write(path.join(project, 'src/clean.ts'), FIXED_TS);

  // CommonJS: a folder with its own eslint.config.cjs (ESLint 10 looks the config up from each file)
  write(
    path.join(project, 'legacy/eslint.config.cjs'),
    `const durability = require('eslint-plugin-durability');

module.exports = [
{ files: ['**/*.js'], languageOptions: { sourceType: 'commonjs' } },
durability.configs.recommended,
];
`,
  );
  write(path.join(project, 'legacy/journal.js'), BUGGY_CJS);
}

describe('the packed package', () => {
  let tmp: string;
  let tarball: string;
  /** The installed project for each ESLint version. */
  const projects = new Map<string, string>();

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'durability-pack-'));
    // npm pack runs the prepack script (a clean build of dist/) and writes the tarball into tmp
    const packed = await ok('npm', ['pack', '--json', '--pack-destination', tmp], repo);
    const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(tmp, info[0]!.filename);
    const files = info[0]!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining(['dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/main.js', 'cjs/index.cjs', 'cjs/index.d.cts', 'bin/durability-check.js', 'README.md', 'CHANGELOG.md', 'LICENSE', 'docs/cli.md', 'docs/pre-commit.md']),
    );
    // sources and tests stay out of the package, and so do source maps (they would point at the missing sources)
    expect(files.filter((f) => /(^src\/|^rules\/|\.test\.|test-setup|suggestion-check|^fixtures\/|^reference-engines\/|\.map$)/.test(f))).toEqual([]);
    await Promise.all(
      ESLINT_VERSIONS.map(async (eslintVersion) => {
        const project = path.join(tmp, `eslint-${eslintVersion}`);
        await setUpProject(project, tarball, eslintVersion);
        projects.set(eslintVersion, project);
      }),
    );
  }, 400_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('child processes run the Node.js under test', async () => {
    const node = await ok('node', ['-p', 'process.execPath'], tmp);
    expect(node.stdout.trim()).toBe(NODE_DIR ? path.join(path.resolve(NODE_DIR), 'node') : process.execPath);
  });

  it.concurrent('the published types: ESM import and CommonJS require', async () => {
    // the types do not depend on the ESLint version: checked once
    const project = projects.get(ESLINT_VERSIONS[0])!;
    const dir = path.join(project, 'types');
    write(
      path.join(dir, 'esm.mts'),
      `import durability, { configs, rules } from 'eslint-plugin-durability';
import type { TSESLint } from '@typescript-eslint/utils';
export const all: TSESLint.FlatConfig.Config[] = [durability.configs.recommended, configs.strict];
export const names: string[] = Object.keys(rules);
`,
    );
    write(
      path.join(dir, 'cjs.cts'),
      `import durability = require('eslint-plugin-durability');
import type { TSESLint } from '@typescript-eslint/utils';
export const all: TSESLint.FlatConfig.Config[] = [durability.configs.recommended, durability.configs.strict];
export const count: number = Object.keys(durability.rules).length;
`,
    );
    write(path.join(dir, 'bad.mts'), `import durability from 'eslint-plugin-durability';\nexport const x: string = durability.configs.recommended;\n`);
    const tsconfig = (files: string[]) =>
      JSON.stringify({ compilerOptions: { noEmit: true, strict: true, skipLibCheck: true, module: 'nodenext', moduleResolution: 'nodenext', types: [] }, files });
    write(path.join(dir, 'tsconfig.json'), tsconfig(['esm.mts', 'cjs.cts']));
    write(path.join(dir, 'tsconfig.bad.json'), tsconfig(['bad.mts']));
    const tsc = path.join(project, 'node_modules/typescript/bin/tsc');
    const good = await run('node', [tsc, '-p', 'tsconfig.json'], dir);
    expect(good.code, describeRun(good)).toBe(0);
    // the types are real, not any
    const bad = await run('node', [tsc, '-p', 'tsconfig.bad.json'], dir);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toContain('TS2322');
  });

  describe.each(ESLINT_VERSIONS)('installed in a fresh project with ESLint %s', (eslintVersion) => {
    let project: string;

    beforeAll(() => {
      project = projects.get(eslintVersion)!;
    });

    it.concurrent('ESLint with configs.recommended from eslint.config.js (ESM, typed) reports the bug', async () => {
      expect((await ok('npx', ['--no', '--', 'eslint', '--version'], project)).stdout.trim()).toBe(`v${eslintVersion}`);
      const r = await run('npx', ['--no', '--', 'eslint', '--format', 'json', 'src'], project);
      expect(r.code, describeRun(r)).toBe(1);
      const results = JSON.parse(r.stdout) as EslintResult[];
      const byFile = Object.fromEntries(results.map((f) => [path.relative(project, f.filePath), f.messages]));
      expect(byFile['src/clean.ts']).toEqual([]);
      expect(byFile['src/journal.ts']).toEqual([expect.objectContaining({ ruleId: RULE, severity: 2, line: BUGGY_LINE, column: 3 })]);
      expect(byFile['src/journal.ts']![0]!.message).toMatch(/^`fd` is written here and reaches the end of `append\(\)` without an fsync/);
    });

    it.concurrent('multithreaded ESLint (--concurrency) gives the findings of one thread', async () => {
      // the reference engines (our code, with their buggy variants) in a folder of their own beside the project (its
      // node_modules is the installed project's): enough files for each worker to lint several, each worker with its
      // own caches and cross-module reading
      const work = path.join(tmp, `threads-${eslintVersion}`);
      const engines = path.join(work, 'engines');
      for (const dir of ENGINE_DIRS) cpSync(path.join(repo, 'reference-engines', dir), path.join(engines, dir), { recursive: true, filter: (f) => !f.endsWith('.test.ts') });
      cpSync(path.join(repo, 'reference-engines', 'scenario.ts'), path.join(engines, 'scenario.ts'));
      write(path.join(work, 'package.json'), JSON.stringify({ name: 'threads', private: true, type: 'module' }, null, 2));
      symlinkSync(path.join(project, 'node_modules'), path.join(work, 'node_modules'), 'dir');
      write(path.join(work, 'eslint.config.js'), `import durability from 'eslint-plugin-durability';\nimport tsParser from '@typescript-eslint/parser';\n\nexport default [\n  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },\n  durability.configs.strict,\n];\n`);
      const lint = async (concurrency: string) => {
        const r = await run('npx', ['--no', '--', 'eslint', '--format', 'json', '--concurrency', concurrency, 'engines'], work);
        expect(r.code, describeRun(r)).toBe(1);
        return (JSON.parse(r.stdout) as EslintResult[])
          .map((f) => ({ file: path.relative(work, f.filePath), messages: f.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`) }))
          .sort((a, b) => (a.file < b.file ? -1 : 1));
      };
      const one = await lint('off');
      expect(one.flatMap((f) => f.messages).length).toBeGreaterThan(5);
      expect(await lint('2')).toEqual(one);
    }, 300_000);

    it.concurrent('ESLint with configs.recommended from eslint.config.cjs (require) reports the bug', async () => {
      const r = await run('npx', ['--no', '--', 'eslint', '--format', 'json', '.'], path.join(project, 'legacy'));
      expect(r.code, describeRun(r)).toBe(1);
      const results = JSON.parse(r.stdout) as EslintResult[];
      const journal = results.find((f) => f.filePath.endsWith('journal.js'));
      expect(journal?.messages).toEqual([expect.objectContaining({ ruleId: RULE, severity: 2, line: BUGGY_CJS_LINE, column: 3 })]);
      expect(results.filter((f) => f !== journal).flatMap((f) => f.messages)).toEqual([]);
      // require() gives the same plugin object as import
      const same = await run(
        'node',
        ['--input-type=module', '-e', "import p from 'eslint-plugin-durability'; import { createRequire } from 'node:module'; const c = createRequire(import.meta.url)('eslint-plugin-durability'); console.log(p === c, Object.keys(c.configs).join(), Object.keys(c.rules).length)"],
        project,
      );
      expect(same.stdout.trim(), describeRun(same)).toBe(`true recommended,strict ${RULE_NAMES.length}`);
    });

    it.concurrent('npx durability-check runs the installed build: findings, exit codes', async () => {
      const r = await run('npx', ['--no', '--', 'durability-check'], project);
      expect(r.code, describeRun(r)).toBe(1);
      expect(r.stdout).toContain(`src/journal.ts:${BUGGY_LINE}:3  error  ${RULE}`);
      expect(r.stdout).toContain(`legacy/journal.js:${BUGGY_CJS_LINE}:3  error  ${RULE}`);
      // this project has no @types/node: the typed run says that its types are incomplete
      expect(r.stderr).toContain("the types of Node's fs module do not resolve");
      expect(r.stdout).toMatch(/2 findings \(2 errors, 0 warnings\) in 2 files, \d+ files checked, configs\.recommended, typed with tsconfig\.json/);

      // the same bin without npx's start-up, untyped, concurrently: SARIF (the package's version and rule docs are
      // found from dist/), a clean file, a usage error
      const bin = path.join(project, 'node_modules/.bin/durability-check');
      const [sarif, clean, usage] = await Promise.all([
        run('node', [bin, '--untyped', '--format', 'sarif', 'src'], project),
        run('node', [bin, '--untyped', 'src/clean.ts'], project),
        run('node', [bin, '--format', 'xml'], project),
      ]);
      expect(sarif.code, describeRun(sarif)).toBe(1);
      const log = JSON.parse(sarif.stdout) as {
        runs: {
          tool: { driver: { version: string; rules: { id: string; help: { markdown?: string } }[] } };
          results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
        }[];
      };
      const [sarifRun] = log.runs;
      expect(sarifRun!.tool.driver.version).toBe(JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).version);
      // every rule, with its page (where the repository has one) from the package's docs/rules/ as help
      expect(sarifRun!.tool.driver.rules.map((r) => [r.id, r.help.markdown?.startsWith('# ') ?? false]).sort()).toEqual(
        RULE_NAMES.map((r) => [`durability/${r}`, existsSync(path.join(repo, 'docs/rules', `${r}.md`))]),
      );
      expect(sarifRun!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine])).toEqual([
        [RULE, 'src/journal.ts', BUGGY_LINE],
      ]);
      expect(clean.code, describeRun(clean)).toBe(0);
      expect(clean.stderr + clean.stdout).toContain('0 findings');
      expect(usage.code, describeRun(usage)).toBe(2);
      expect(usage.stderr).toContain('xml');
    });

    it.concurrent('the pre-commit hook of docs/pre-commit.md refuses a commit with a durability bug and accepts the fix', async () => {
      // a repository of its own, beside the project: its node_modules is the installed project's
      const work = path.join(tmp, `hooked-${eslintVersion}`);
      write(path.join(work, 'package.json'), JSON.stringify({ name: 'hooked', private: true, type: 'module' }, null, 2));
      symlinkSync(path.join(project, 'node_modules'), path.join(work, 'node_modules'), 'dir');
      write(path.join(work, '.gitignore'), 'node_modules\n');
      write(path.join(work, 'eslint.config.js'), `import durability from 'eslint-plugin-durability';\nimport tsParser from '@typescript-eslint/parser';\n\nexport default [\n  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },\n  durability.configs.recommended,\n];\n`);
      write(path.join(work, 'README.md'), 'not linted\n');
      const git = (...args: string[]) => run('git', args, work);
      await ok('git', ['init', '-q', '-b', 'main'], work);
      for (const [key, value] of [['user.name', 'Durability Test'], ['user.email', 'durability@example.com'], ['commit.gpgsign', 'false'], ['core.hooksPath', '.git/hooks']]) {
        await ok('git', ['config', key!, value!], work);
      }
      const hook = path.join(work, '.git/hooks/pre-commit');
      write(hook, documentedHook());
      chmodSync(hook, 0o755);

      // a commit without JavaScript or TypeScript: the hook has nothing to lint
      await ok('git', ['add', 'README.md', '.gitignore'], work);
      await ok('git', ['commit', '-q', '-m', 'readme'], work);

      write(path.join(work, 'src/journal.ts'), BUGGY_TS);
      await ok('git', ['add', 'package.json', 'eslint.config.js', 'src/journal.ts'], work);
      const refused = await git('commit', '-m', 'journal');
      expect(refused.code, describeRun(refused)).not.toBe(0);
      const output = refused.stdout + refused.stderr;
      expect(output).toMatch(new RegExp(`src/journal\\.ts\\s+${BUGGY_LINE}:3\\s+error\\s+.*${RULE}`));
      expect(output).toContain('pre-commit: ESLint found problems');
      expect((await git('rev-list', '--count', 'HEAD')).stdout.trim()).toBe('1');

      write(path.join(work, 'src/journal.ts'), FIXED_TS);
      await ok('git', ['add', 'src/journal.ts'], work);
      const accepted = await git('commit', '-m', 'journal, synced');
      expect(accepted.code, describeRun(accepted)).toBe(0);
      expect((await git('rev-list', '--count', 'HEAD')).stdout.trim()).toBe('2');
      expect((await git('status', '--porcelain')).stdout.trim()).toBe('');

      // a log that syncs through a helper of another module: clean while the helper syncs
      write(path.join(work, 'src/io.ts'), SYNCING_HELPER);
      write(path.join(work, 'src/log.ts'), LOG_THROUGH_HELPER);
      await ok('git', ['add', 'src/io.ts', 'src/log.ts'], work);
      const helper = await git('commit', '-m', 'log through io');
      expect(helper.code, describeRun(helper)).toBe(0);
      // the helper stops syncing; only io.ts is staged, and ESLint finds nothing in it: the importers check refuses
      write(path.join(work, 'src/io.ts'), HELPER_NOT_SYNCING);
      await ok('git', ['add', 'src/io.ts'], work);
      const moved = await git('commit', '-m', 'io: no fsync');
      expect(moved.code, describeRun(moved)).not.toBe(0);
      expect(moved.stdout + moved.stderr).toMatch(new RegExp(`src/log\\.ts:${LOG_WRITE_LINE}:\\d+\\s+error\\s+${RULE}`));
      expect(moved.stdout + moved.stderr).toContain('pre-commit: a file that imports the staged files');
      expect((await git('rev-list', '--count', 'HEAD')).stdout.trim()).toBe('3');
    }, 300_000); // five commits, each through npx: minutes on a loaded machine
  });
});
