import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectMarkers, compareWithMarkers, type Marker } from '../../scripts/markers.js';
import { checkProject, globToRegExp, type CheckProjectResult, type Finding } from './check-project.js';
import type { JsonReport } from './format.js';
import { importersOf } from './importers.js';
import { parseArgs, run, type Io } from './main.js';
import { lineHash, type SarifLog } from './sarif.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/durability-check.js');
const ENGINES = ['reference-engines', '--ignore-pattern', '**/*.test.ts'];

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the bin as a child process (the way `npx durability-check` does). */
function runBin(args: string[], cwd = root): Promise<Exit> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the command line in this process, capturing what it writes. */
async function runHere(args: string[], cwd: string, stderrIsTTY = false): Promise<Exit> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY, cwd };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

function expectMatchesMarkers(findings: { file: string; line: number; rule: string }[], markers: Marker[]): void {
  const { unexpected, missed } = compareWithMarkers(findings, markers);
  expect(unexpected).toEqual([]);
  expect(missed).toEqual([]);
}

const asMarked = (f: Pick<Finding, 'file' | 'line' | 'ruleId'>) => ({ file: f.file, line: f.line, rule: f.ruleId });

describe('durability-check on the reference engines', () => {
  let result: CheckProjectResult;
  let markers: Marker[];
  let json: Exit;
  let sarif: Exit;
  let sarifFile: string;
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'durability-check-'));
    sarifFile = path.join(tmp, 'out', 'engines.sarif');
    // the three runs at once: the exported function in this process, the bin twice as child processes
    [result, json, sarif] = await Promise.all([
      checkProject({ cwd: root, paths: ['reference-engines'], ignorePatterns: ['**/*.test.ts'] }),
      runBin([...ENGINES, '--format', 'json']),
      runBin([...ENGINES, '--format=sarif', '--output', sarifFile]),
    ]);
    markers = collectMarkers(root, result.files);
    // three typed runs at once: minutes on a busy two-core machine
  }, 360_000);

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('checks the engines typed, through the repo tsconfig.json', () => {
    expect(result.tsconfig).toBe('tsconfig.json');
    expect(result.root).toBe(root);
    expect(result.files.length).toBeGreaterThanOrEqual(15);
    expect(result.files.every((f) => f.startsWith('reference-engines/') && !f.endsWith('.test.ts'))).toBe(true);
    expect(result.untypedFiles).toBe(0);
    expect(result.problems).toEqual([]);
    // the repo has @types/node: Node's fs module resolves, nothing to warn about
    expect(result.warnings).toEqual([]);
    expect(markers.length).toBeGreaterThanOrEqual(5);
  });

  it('the exported function reports exactly the // expect: markers', () => {
    expectMatchesMarkers(result.findings.map(asMarked), markers);
    for (const f of result.findings) {
      expect(f.endLine).toBeGreaterThanOrEqual(f.line);
      expect(f.severity).toBe('error');
      expect(f.message.length).toBeGreaterThan(20);
    }
  });

  it('--format json through the bin reports exactly the markers, and exits 1', () => {
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.tool.name).toBe('durability-check');
    expect(report.files).toBe(result.files.length);
    expect(report.errorCount).toBe(report.findings.length);
    expectMatchesMarkers(report.findings.map(asMarked), markers);
    const keys = ['column', 'endColumn', 'endLine', 'file', 'line', 'message', 'ruleId', 'severity', 'suggestions'];
    for (const finding of report.findings) {
      expect(Object.keys(finding).sort()).toEqual(keys);
      expect(path.isAbsolute(finding.file)).toBe(false);
    }
    // suggestions are carried: at least one finding proposes a sync
    expect(report.findings.some((f) => f.suggestions.length > 0 && /sync/i.test(f.suggestions[0]!.desc))).toBe(true);
    // the same findings as the exported function
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column}:${f.ruleId}`)).toEqual(result.findings.map((f) => `${f.file}:${f.line}:${f.column}:${f.ruleId}`));
  });

  it('--format sarif --output writes SARIF 2.1.0 that matches the markers', () => {
    expect(sarif.code).toBe(1);
    expect(sarif.stdout).toBe('');
    expect(sarif.stderr).toMatch(/findings? \(\d+ errors?, 0 warnings\).*report in /);
    const log = JSON.parse(readFileSync(sarifFile, 'utf8')) as SarifLog;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    const driver = run.tool.driver;
    expect(driver.name).toBe('durability-check');
    expect(driver.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(() => new URL(driver.informationUri)).not.toThrow();
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toMatch(/^file:\/\/.*\/$/);
    const ruleIds = driver.rules.map((r) => r.id);
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    expect(ruleIds).toContain('durability/no-flush-without-fsync');
    expect(ruleIds).toContain('durability/require-sync-before-truncate');
    for (const rule of driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription.text.length).toBeGreaterThan(0);
      expect(rule.help.text.length).toBeGreaterThan(0);
      expect(rule.helpUri).toMatch(new RegExp(`^https://.*/docs/rules/${rule.name}\\.md$`));
      expect(['error', 'warning', 'note', 'none']).toContain(rule.defaultConfiguration.level);
    }
    expect(run.results.length).toBe(result.findings.length);
    const fingerprints = new Set<string>();
    for (const r of run.results) {
      expect(ruleIds).toContain(r.ruleId);
      expect(driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(r.level).toBe('error');
      expect(r.message.text.length).toBeGreaterThan(0);
      const location = r.locations[0]!.physicalLocation;
      expect(location.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(location.artifactLocation.uri).toMatch(/^reference-engines\/[^:]+\.ts$/);
      expect(location.region.startLine).toBeGreaterThanOrEqual(1);
      expect(location.region.startColumn).toBeGreaterThanOrEqual(1);
      const fingerprint = r.partialFingerprints.primaryLocationLineHash!;
      expect(fingerprint).toMatch(/^[0-9a-f]{32}:\d+$/);
      fingerprints.add(fingerprint);
    }
    expect(fingerprints.size).toBe(run.results.length);
    expectMatchesMarkers(
      run.results.map((r) => ({ file: r.locations[0]!.physicalLocation.artifactLocation.uri, line: r.locations[0]!.physicalLocation.region.startLine, rule: r.ruleId })),
      markers,
    );
  });
});

describe('durability-check: exit codes, options, output', () => {
  let tmp: string;

  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'durability-check-'));
    // a log written and acknowledged without an fsync; the file itself turns the rule down to a warning
    writeFileSync(
      path.join(tmp, 'log.ts'),
      [
        '/* eslint durability/no-flush-without-fsync: "warn" */',
        "import { openSync, writeSync } from 'node:fs';",
        '',
        'export class Log {',
        "  fd = openSync('log', 'a');",
        '  append(data: string): boolean {',
        '    writeSync(this.fd, data);',
        '    return true;',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    mkdirSync(path.join(tmp, 'clean'));
    writeFileSync(path.join(tmp, 'clean', 'ok.ts'), "import { readFileSync } from 'node:fs';\nexport const read = (p: string) => readFileSync(p, 'utf8');\n");
    mkdirSync(path.join(tmp, 'legacy'));
    writeFileSync(
      path.join(tmp, 'legacy', 'log.cjs'),
      [
        '/* eslint-env node */',
        '/* eslint no-console: "off", other-plugin/rule: "error" */',
        "const fs = require('fs');",
        'class Log {',
        "  constructor() { this.fd = fs.openSync('log', 'a'); }",
        '  append(data) {',
        '    fs.writeSync(this.fd, data);',
        '    return true;',
        '  }',
        '}',
        'module.exports = { Log };',
        '',
      ].join('\n'),
    );
    mkdirSync(path.join(tmp, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(path.join(tmp, 'node_modules', 'dep', 'index.js'), "require('fs').writeFileSync('x', 'y');\n");
    mkdirSync(path.join(tmp, 'proj'));
    writeFileSync(path.join(tmp, 'proj', 'tsconfig.json'), JSON.stringify({ extends: '../base.json', include: ['*.ts'] }));
    writeFileSync(path.join(tmp, 'base.json'), JSON.stringify({ compilerOptions: { strict: true } }));
  });

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('exits 2 with one line for an unknown flag (through the bin)', async () => {
    const exit = await runBin(['--frobnicate', 'reference-engines']);
    expect(exit.code).toBe(2);
    expect(exit.stdout).toBe('');
    expect(exit.stderr).toBe('durability-check: unknown option --frobnicate (see --help)\n');
  });

  it('exits 2 for a bad --format, a bad --config, a bad --max-warnings, a missing tsconfig or path', async () => {
    for (const [args, message] of [
      [['--format', 'xml'], /unknown format "xml"/],
      [['--config', 'lenient'], /unknown config "lenient"/],
      [['--max-warnings', 'many'], /--max-warnings needs a whole number/],
      [['--format'], /--format needs a value/],
      [['--project', 'missing/tsconfig.json'], /tsconfig not found: missing\/tsconfig.json/],
      [['does-not-exist'], /no such file or folder: does-not-exist/],
    ] as const) {
      const exit = await runHere([...args], tmp);
      expect(exit.code, args.join(' ')).toBe(2);
      expect(exit.stderr).toMatch(message);
      expect(exit.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('never reads outside the project root: a tsconfig extending a file above it is a config error', async () => {
    const exit = await runHere(['--project', 'tsconfig.json'], path.join(tmp, 'proj'));
    expect(exit.code).toBe(2);
    expect(exit.stderr).toMatch(/outside the project root/);
  });

  it('exits 0 on a clean folder, 1 on error-level findings', async () => {
    const clean = await runHere(['clean'], tmp);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^0 findings, 1 file checked, configs\.recommended, untyped, \d+\.\ds\n$/);
    const buggy = await runHere(['reference-engines/write-ahead-log/buggy-batch-ack.ts', '--untyped'], root);
    expect(buggy.code).toBe(1);
    expect(buggy.stdout).toMatch(/^reference-engines\/write-ahead-log\/buggy-batch-ack\.ts:19:5 {2}error {2}durability\/no-flush-without-fsync {2}`this\.fd` is written here/);
    expect(buggy.stdout).toMatch(/\n1 finding \(1 error, 0 warnings\) in 1 file, 1 file checked, configs\.recommended, untyped, \d+\.\ds\n$/);
  });

  it("checks files whose ESLint comments are about other tools (eslint-env, other plugins' rules)", async () => {
    const exit = await runHere(['legacy', '--format', 'json'], tmp);
    const report = JSON.parse(exit.stdout) as JsonReport;
    expect(report.problems).toEqual([]);
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['legacy/log.cjs:7 durability/no-flush-without-fsync']);
    expect(exit.code).toBe(1);
  });

  it('warnings: exit 0, unless there are more than --max-warnings; --quiet drops them', async () => {
    const plain = await runHere(['--format', 'json', '--ignore-pattern', 'legacy'], tmp);
    expect(plain.code).toBe(0);
    const report = JSON.parse(plain.stdout) as JsonReport;
    // log.ts and clean/ok.ts: node_modules is skipped
    expect(report.files).toBe(2);
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.ruleId}`)).toEqual(['log.ts:7 warning durability/no-flush-without-fsync']);
    expect((await runHere(['log.ts', '--max-warnings', '0'], tmp)).code).toBe(1);
    expect((await runHere(['log.ts', '--max-warnings=1'], tmp)).code).toBe(0);
    expect((await runHere(['log.ts', '--max-warnings', '-1'], tmp)).code).toBe(0);
    const quiet = await runHere(['log.ts', '--quiet', '--max-warnings', '0', '--format', 'json'], tmp);
    expect(quiet.code).toBe(0);
    expect((JSON.parse(quiet.stdout) as JsonReport).findings).toEqual([]);
  });

  it('--config strict, --help, --version', async () => {
    expect((await runHere(['--config', 'strict', 'clean'], tmp)).stdout).toMatch(/configs\.strict/);
    const help = await runHere(['--help'], tmp);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: durability-check/);
    // an installed package has no docs/ of the user's: the help points at the published page
    const repository = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { repository: { url: string } }).repository.url;
    const docs = /\nDocs: (\S+)\n$/.exec(help.stdout)?.[1];
    expect(docs).toMatch(/^https:\/\/.*\/docs\/cli\.md$/);
    expect(docs!.startsWith(repository.replace(/^git\+/, '').replace(/\.git$/, ''))).toBe(true);
    for (const flag of ['--project', '--config', '--format', '--output', '--max-warnings', '--quiet']) expect(help.stdout).toContain(flag);
    const version = await runHere(['--version'], tmp);
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version}\n`);
  });

  it('shows progress on a terminal', async () => {
    const exit = await runHere(['clean'], tmp, true);
    expect(exit.stderr).toContain('checked 1/1 files');
  });
});

describe('durability-check: honest exit codes and summaries', () => {
  let tmp: string;

  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'durability-check-'));
    // two files with findings (one with two), one clean: the summary counts files with findings and files checked
    const logClass = (name: string) => [`class ${name} {`, `  constructor() { this.fd = fs.openSync('${name}', 'a'); }`, '  append(data) {', '    fs.writeSync(this.fd, data);', '    return true;', '  }', '}'];
    mkdirSync(path.join(tmp, 'summary'));
    writeFileSync(path.join(tmp, 'summary', 'two.cjs'), ["const fs = require('fs');", ...logClass('A'), ...logClass('B'), 'module.exports = { A, B };', ''].join('\n'));
    writeFileSync(path.join(tmp, 'summary', 'one.cjs'), ["const fs = require('fs');", ...logClass('C'), 'module.exports = { C };', ''].join('\n'));
    writeFileSync(path.join(tmp, 'summary', 'ok.cjs'), "module.exports = require('fs').readFileSync;\n");
    // a file that does not parse, beside one with a finding
    mkdirSync(path.join(tmp, 'unparsed'));
    writeFileSync(path.join(tmp, 'unparsed', 'broken.js'), 'const = ;\n');
    writeFileSync(path.join(tmp, 'unparsed', 'log.cjs'), ["const fs = require('fs');", ...logClass('D'), 'module.exports = { D };', ''].join('\n'));
    // typed projects whose tsconfig leaves Node's types out: none installed here, and a types entry that does not resolve
    const notTyped = (dir: string, compilerOptions: object) => {
      mkdirSync(path.join(tmp, dir));
      writeFileSync(path.join(tmp, dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', ...compilerOptions }, include: ['*.ts'] }));
      writeFileSync(path.join(tmp, dir, 'ok.ts'), "import { readFileSync } from 'node:fs';\nexport const read = (p: string) => readFileSync(p, 'utf8');\n");
    };
    notTyped('no-types', {});
    notTyped('bad-types', { types: ['nodee'] });
  });

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('the summary counts the findings, the files with findings and the files checked', async () => {
    const text = await runHere(['summary'], tmp);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/\n3 findings \(3 errors, 0 warnings\) in 2 files, 3 files checked, configs\.recommended, untyped, \d+\.\ds\n$/);
    const report = JSON.parse((await runHere(['summary', '--format', 'json'], tmp)).stdout) as JsonReport;
    expect([report.findings.length, report.filesWithFindings, report.files]).toEqual([3, 2, 3]);
  });

  it('exits 3 when a file does not parse, unless --allow-parse-errors; the file is listed, the others checked', async () => {
    const strict = await runHere(['unparsed'], tmp);
    expect(strict.code).toBe(3);
    expect(strict.stdout).toMatch(/^unparsed\/log\.cjs:5:5 {2}error {2}durability\/no-flush-without-fsync/m);
    expect(strict.stdout).toMatch(/^unparsed\/broken\.js:1:\d+ {2}note {2}not parsed: Parsing error/m);
    expect(strict.stdout).toMatch(/1 finding \(1 error, 0 warnings\) in 1 file, 2 files checked, .*, 1 file not parsed, /);
    const json = await runHere(['unparsed', '--format', 'json'], tmp);
    expect(json.code).toBe(3);
    expect((JSON.parse(json.stdout) as JsonReport).problems.map((p) => `${p.file} ${p.kind}`)).toEqual(['unparsed/broken.js parse-error']);
    // accepted: the exit code is the findings' again
    expect((await runHere(['unparsed', '--allow-parse-errors'], tmp)).code).toBe(1);
    expect((await runHere(['unparsed/broken.js', '--allow-parse-errors'], tmp)).code).toBe(0);
    expect((await runHere(['unparsed/broken.js'], tmp)).code).toBe(3);
  });

  it("warns on stderr, in every format, when a typed run cannot resolve Node's fs types", async () => {
    const missing = await runHere(['--project', 'no-types/tsconfig.json'], tmp);
    expect(missing.code).toBe(0);
    expect(missing.stdout).toMatch(/typed with no-types\/tsconfig\.json \(1 typed, 0 untyped\)/);
    expect(missing.stderr).toBe(
      `durability-check: warning: no-types/tsconfig.json: the types of Node's fs module do not resolve (install @types/node, and list "node" in compilerOptions.types if the tsconfig has a types entry); typed checks that need them find less\n`,
    );
    const json = await runHere(['--project', 'bad-types/tsconfig.json', '--format', 'json'], tmp);
    const warnings = (JSON.parse(json.stdout) as JsonReport).warnings;
    expect(warnings).toEqual([`bad-types/tsconfig.json: Cannot find type definition file for 'nodee'.`, expect.stringContaining("the types of Node's fs module do not resolve")]);
    expect(json.stderr.trim().split('\n')).toEqual(warnings.map((w) => `durability-check: warning: ${w}`));
    const sarif = JSON.parse((await runHere(['--project', 'bad-types/tsconfig.json', '--format', 'sarif'], tmp)).stdout) as SarifLog;
    expect(sarif.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => [n.level, n.message.text])).toEqual(warnings.map((w) => ['warning', w]));
    // untyped: no Program, nothing to warn about
    expect((await runHere(['no-types', '--untyped'], tmp)).stderr).toBe('');
  });
});

describe('durability-check --importers: what a change to a helper can change', () => {
  let tmp: string;
  const syncing = "import { fsyncSync } from 'node:fs';\nexport function syncFd(fd: number): void {\n  fsyncSync(fd);\n}\n";
  const notSyncing = 'export function syncFd(fd: number): void {\n  void fd;\n}\n';

  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'durability-importers-'));
    writeFileSync(path.join(tmp, 'io.ts'), syncing);
    writeFileSync(
      path.join(tmp, 'log.ts'),
      [
        "import { openSync, writeSync } from 'node:fs';",
        "import { syncFd } from './io.js';",
        '',
        'export class Log {',
        "  fd = openSync('log', 'a');",
        '  append(data: string): boolean {',
        '    writeSync(this.fd, data);',
        '    syncFd(this.fd);',
        '    return true;',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(tmp, 'app.ts'), "import { Log } from './log.js';\nexport const log = new Log();\n");
    // an unsynced write that no change to io.ts can affect: --importers io.ts must not check it
    writeFileSync(path.join(tmp, 'other.ts'), "import { openSync, writeSync } from 'node:fs';\nexport class Other {\n  fd = openSync('o', 'a');\n  put(d: string): boolean {\n    writeSync(this.fd, d);\n    return true;\n  }\n}\n");
  });

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('checks the files that import the changed one, directly or through another module, and not the rest', async () => {
    const clean = await runHere(['--importers', 'io.ts'], tmp);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^0 findings, 2 files checked/);
    expect((await checkProject({ cwd: tmp, paths: ['io.ts'], importers: true })).files).toEqual(['app.ts', 'log.ts']);
    writeFileSync(path.join(tmp, 'io.ts'), notSyncing);
    try {
      const changed = await runHere(['--importers', 'io.ts', '--format', 'json'], tmp);
      const report = JSON.parse(changed.stdout) as JsonReport;
      expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['log.ts:7 durability/no-flush-without-fsync']);
      expect(changed.code).toBe(1);
    } finally {
      writeFileSync(path.join(tmp, 'io.ts'), syncing);
    }
  });

  it('takes deleted files (their importers change too), and refuses no paths or --project', async () => {
    // a helper deleted in the change: its importer's findings change (the import no longer resolves)
    const orphan = path.join(tmp, 'orphan.ts');
    writeFileSync(orphan, "import { gone } from './deleted.js';\nexport const g = gone;\n");
    try {
      const files = ['io.ts', 'log.ts', 'app.ts', 'other.ts', 'orphan.ts'].map((f) => path.join(tmp, f));
      expect(importersOf(files, [path.join(tmp, 'deleted.ts')])).toEqual([orphan]);
      expect(importersOf(files, [path.join(tmp, 'io.ts')])).toEqual([path.join(tmp, 'app.ts'), path.join(tmp, 'log.ts')]);
    } finally {
      rmSync(orphan);
    }
    const deleted = await runHere(['--importers', 'never-there.ts'], tmp);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toMatch(/^0 findings, 0 files checked/);
    for (const args of [['--importers'], ['--importers', '--project', 'tsconfig.json', 'io.ts']]) {
      const exit = await runHere(args, tmp);
      expect(exit.code, args.join(' ')).toBe(2);
      expect(exit.stderr).toMatch(/--importers/);
    }
  });
});

describe('durability-check helpers', () => {
  it('parses arguments', () => {
    expect(parseArgs(['--allow-parse-errors']).allowParseErrors).toBe(true);
    expect(parseArgs([]).allowParseErrors).toBe(false);
    expect(parseArgs(['a', '-p', 't.json', '-f', 'sarif', '--ignore-pattern', 'x', '--ignore-pattern=y', '--', '--odd'])).toMatchObject({
      paths: ['a', '--odd'],
      project: 't.json',
      format: 'sarif',
      ignorePatterns: ['x', 'y'],
    });
    expect(() => parseArgs(['--format', 'json', '--format', 'text'])).toThrow(/given twice/);
  });

  it('matches ignore globs like .gitignore', () => {
    expect(globToRegExp('**/*.test.ts').test('a/b/c.test.ts')).toBe(true);
    expect(globToRegExp('*.test.ts').test('a/c.test.ts')).toBe(true);
    expect(globToRegExp('lib/*.js').test('lib/a/b.js')).toBe(false);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });

  it('fingerprints ignore whitespace and differ by rule and file', () => {
    const a = lineHash('durability/x', 'a.ts', '    writeSync(fd,  data);');
    expect(lineHash('durability/x', 'a.ts', 'writeSync(fd, data);\t')).toBe(a);
    expect(lineHash('durability/y', 'a.ts', 'writeSync(fd, data);')).not.toBe(a);
    expect(lineHash('durability/x', 'b.ts', 'writeSync(fd, data);')).not.toBe(a);
  });
});
