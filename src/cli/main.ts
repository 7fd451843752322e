/**
 * `durability-check`: the command line. `run(argv)` parses the arguments, checks the project, writes the report and
 * returns the exit code: 0 clean, 1 findings at error level (or more warnings than --max-warnings), 2 usage or
 * configuration error (one line on stderr), 3 files not checked (a parse failure, unless --allow-parse-errors, or the
 * analysis threw).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckProjectResult, ConfigName } from './check-project.js';
import { UsageError } from './usage-error.js';
import { formatJson, formatText, summaryLine } from './format.js';
import { packageInfo } from './package-info.js';

export type Format = 'text' | 'json' | 'sarif';

export interface CliOptions {
  paths: string[];
  project?: string;
  config: ConfigName;
  format: Format;
  output?: string;
  ignorePatterns: string[];
  maxWarnings?: number;
  quiet: boolean;
  typed: boolean;
  allowParseErrors: boolean;
  importers: boolean;
  help: boolean;
  version: boolean;
}

export const usage = (docs: string): string => `Usage: durability-check [options] [file|folder ...]

Checks a whole project for durability bugs with the rules of eslint-plugin-durability.
Folders are walked (node_modules, dist and .git are skipped). With no paths and no --project, the current folder.
Type information comes from --project, or from ./tsconfig.json when it exists.

Options:
  -p, --project <tsconfig.json>   load the project from this tsconfig (typed); with paths, check only those
  -c, --config <name>             recommended (default) or strict
  -f, --format <name>             text (default), json or sarif
  -o, --output <file>             write the report to a file instead of stdout
      --ignore-pattern <glob>     do not check matching files or folders (repeatable), e.g. "**/*.test.ts"
      --max-warnings <n>          exit 1 when there are more than n warnings
      --quiet                     report errors only
      --untyped                   do not use a tsconfig found in the current folder
      --allow-parse-errors        exit 0 or 1 even when some files do not parse (they are listed, not checked)
      --importers                 check the files that import the given (changed, possibly deleted) files, directly
                                  or through other modules, instead of those files: a caller's finding can change
                                  when only its helper did (for pre-commit hooks; see docs/pre-commit.md)
  -h, --help                      show this help
  -v, --version                   show the version

Exit codes: 0 no error-level findings, 1 error-level findings (or too many warnings), 2 usage or configuration error,
3 files not checked (a file that does not parse, or the analysis threw on a file).
Docs: ${docs}`;

const VALUE_FLAGS: Record<string, 'project' | 'config' | 'format' | 'output' | 'maxWarnings' | 'ignore'> = {
  '--ignore-pattern': 'ignore',
  '--project': 'project',
  '-p': 'project',
  '--config': 'config',
  '-c': 'config',
  '--format': 'format',
  '-f': 'format',
  '--output': 'output',
  '-o': 'output',
  '--max-warnings': 'maxWarnings',
};

export function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { paths: [], ignorePatterns: [], config: 'recommended', format: 'text', quiet: false, typed: true, allowParseErrors: false, importers: false, help: false, version: false };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      options.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      options.paths.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const key = VALUE_FLAGS[flag];
    if (key) {
      let value: string | undefined;
      if (eq > 0) value = arg.slice(eq + 1);
      else {
        value = argv[i + 1];
        i++;
      }
      if (value === undefined || value === '' || (eq < 0 && value.startsWith('-') && key !== 'maxWarnings')) throw new UsageError(`${flag} needs a value`);
      if (seen.has(key) && key !== 'ignore') throw new UsageError(`${flag} given twice`);
      seen.add(key);
      switch (key) {
        case 'ignore':
          options.ignorePatterns.push(value);
          break;
        case 'project':
          options.project = value;
          break;
        case 'output':
          options.output = value;
          break;
        case 'config':
          if (value !== 'recommended' && value !== 'strict') throw new UsageError(`unknown config "${value}": use recommended or strict`);
          options.config = value;
          break;
        case 'format':
          if (value !== 'text' && value !== 'json' && value !== 'sarif') throw new UsageError(`unknown format "${value}": use text, json or sarif`);
          options.format = value;
          break;
        case 'maxWarnings': {
          if (!/^-?\d+$/.test(value) || Number(value) < -1) throw new UsageError(`--max-warnings needs a whole number, got "${value}"`);
          options.maxWarnings = Number(value);
          break;
        }
      }
      continue;
    }
    if (eq > 0) throw new UsageError(`unknown option ${flag} (see --help)`);
    switch (flag) {
      case '--quiet':
      case '-q':
        options.quiet = true;
        break;
      case '--untyped':
        options.typed = false;
        break;
      case '--allow-parse-errors':
        options.allowParseErrors = true;
        break;
      case '--importers':
        options.importers = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      case '--version':
      case '-v':
        options.version = true;
        break;
      default:
        throw new UsageError(`unknown option ${flag} (see --help)`);
    }
  }
  if (options.project && !options.typed) throw new UsageError('--untyped and --project cannot be used together');
  if (options.importers && options.project) throw new UsageError('--importers and --project cannot be used together');
  if (options.importers && options.paths.length === 0) throw new UsageError('--importers needs the changed files as paths');
  return options;
}

/** 3 wins over 1: a CI step that tolerates findings (`|| test $? -eq 1`) must still fail on files it never checked. */
export function exitCodeOf(result: CheckProjectResult, options: Pick<CliOptions, 'maxWarnings' | 'allowParseErrors'>): 0 | 1 | 3 {
  const { maxWarnings } = options;
  if (result.problems.some((p) => p.kind === 'crash' || !options.allowParseErrors)) return 3;
  if (result.errorCount > 0) return 1;
  if (maxWarnings !== undefined && maxWarnings >= 0 && result.warningCount > maxWarnings) return 1;
  return 0;
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stderrIsTTY: boolean;
  cwd: string;
}

const processIo = (): Io => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
});

/** Runs the command line and returns the exit code. */
export async function run(argv: string[], io: Io = processIo()): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`durability-check: ${error.message}\n`);
    return 2;
  }
  if (options.help) {
    io.stdout(`${usage(packageInfo().docUri('docs/cli.md'))}\n`);
    return 0;
  }
  const version = packageInfo().version;
  if (options.version) {
    io.stdout(`${version}\n`);
    return 0;
  }
  let progressShown = false;
  let lastPrinted = -1;
  let result: CheckProjectResult;
  try {
    // loaded only now: ESLint, the parser and TypeScript take seconds to load, --help and --version need none of them
    const { checkProject } = await import('./check-project.js');
    result = await checkProject({
      paths: options.paths,
      project: options.project,
      typed: options.typed,
      config: options.config,
      ignorePatterns: options.ignorePatterns,
      quiet: options.quiet,
      importers: options.importers,
      cwd: io.cwd,
      onProgress(done, total) {
        if (!io.stderrIsTTY && total <= 200) return;
        if (io.stderrIsTTY) {
          io.stderr(`\rchecked ${done}/${total} files`);
          progressShown = true;
        } else {
          // not a terminal: a line every tenth of the way
          const step = Math.floor((done * 10) / total);
          if (step === lastPrinted) return;
          lastPrinted = step;
          io.stderr(`checked ${done}/${total} files\n`);
        }
      },
    });
  } catch (error) {
    if (progressShown) io.stderr('\n');
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`durability-check: ${error.message}\n`);
    return 2;
  }
  if (progressShown) io.stderr('\r\x1b[K');
  // on stderr in every format: a JSON or SARIF report on stdout stays parseable, and the warning is seen
  for (const warning of result.warnings) io.stderr(`durability-check: warning: ${warning}\n`);
  // sarif.js loads the plugin's rules for their metadata: only a SARIF report pays for it
  const report = options.format === 'json' ? formatJson(result, version) : options.format === 'sarif' ? (await import('./sarif.js')).formatSarif(result) : formatText(result);
  if (options.output) {
    const target = path.resolve(io.cwd, options.output);
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, report);
    } catch (error) {
      io.stderr(`durability-check: cannot write ${options.output}: ${(error as Error).message}\n`);
      return 2;
    }
    io.stderr(`${summaryLine(result)} (report in ${options.output})\n`);
  } else {
    io.stdout(report);
  }
  return exitCodeOf(result, options);
}
