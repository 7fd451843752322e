/**
 * The whole-project checker behind `durability-check`: loads a project (from a tsconfig.json, see typed-project.ts,
 * or from files and folders), and lints every source file with the plugin's rules through ESLint's own `Linter` and
 * @typescript-eslint/parser — the same rules and the same analysis as an ESLint run, typed where a tsconfig covers
 * the file (its Program is handed to the parser as `parserOptions.programs`), untyped elsewhere.
 *
 * It never imports or runs the linted code, and it reads no file outside the project root (the compiler host of a
 * typed run refuses every path outside it, TypeScript's own lib files aside).
 */
import type { Linter } from 'eslint';
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { pluginConfig, pluginLinter } from '../lint-setup.js';
import { isInside, isSource } from './paths.js';
import { UsageError } from './usage-error.js';
import { importersOf } from './importers.js';

export type ConfigName = 'recommended' | 'strict';
export type Severity = 'error' | 'warning';

export interface Suggestion {
  desc: string;
  fix: { range: [number, number]; text: string };
}

export interface Finding {
  /** Relative to the project root, with `/` separators. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: Severity;
  message: string;
  suggestions: Suggestion[];
}

/** A file that could not be analysed: a parse error, or a rule that threw. Not a finding. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  kind: 'parse-error' | 'crash';
  message: string;
}

export interface CheckProjectOptions {
  /** Files and folders to check (relative to `cwd`). Folders are walked, skipping node_modules, dist and .git. */
  paths?: string[];
  /** A tsconfig.json: its files are checked (or only those under `paths`), typed. */
  project?: string;
  /**
   * Without `project`: use `<root>/tsconfig.json` for type information when it exists (default true). False checks
   * everything untyped.
   */
  typed?: boolean;
  config?: ConfigName;
  /**
   * Globs of files or folders not to check, matched against the path relative to the root (`**`, `*`, `?`); a
   * pattern without `/` matches a file or folder name anywhere, like .gitignore.
   */
  ignorePatterns?: string[];
  /** Drop warnings (report errors only). */
  quiet?: boolean;
  /**
   * Check the files of the project (under `root`) that import the files in `paths`, directly or through other modules,
   * instead of those files: a finding in a caller can change when only its helper changed. `paths` may name deleted
   * files.
   */
  importers?: boolean;
  /** Base for relative paths; default `process.cwd()`. */
  cwd?: string;
  /**
   * No file outside this folder is read. Default: `cwd`, or, when an input lies outside `cwd`, the deepest folder
   * that holds every input.
   */
  root?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface CheckProjectResult {
  root: string;
  config: ConfigName;
  /** The tsconfig.json used for types (relative to root), if any. */
  tsconfig: string | undefined;
  /** Files linted with type information / without. */
  typedFiles: number;
  untypedFiles: number;
  /** Every checked file, relative to root. */
  files: string[];
  findings: Finding[];
  problems: Problem[];
  /** Why a typed run sees fewer types than the user expects (no types for Node's fs module, a `types` entry not found). */
  warnings: string[];
  errorCount: number;
  warningCount: number;
  elapsedMs: number;
  /** The text of a checked file's line (1-based), for fingerprints and context; '' if unknown. */
  lineText(file: string, line: number): string;
}

export { UsageError };

const SKIP_DIRS = new Set(['node_modules', 'dist', '.git']);
const MAX_BYTES = 2_000_000;

function commonAncestor(paths: string[]): string {
  let ancestor = paths[0]!;
  for (const p of paths.slice(1)) {
    while (!isInside(ancestor, p)) ancestor = path.dirname(ancestor);
  }
  return ancestor;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** A glob as a regular expression over a `/`-separated relative path. */
export function globToRegExp(glob: string): RegExp {
  const pattern = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(pattern.includes('/') ? `^${source}$` : `(?:^|/)${source}$`);
}

function ignoredBy(patterns: RegExp[]): (relative: string) => boolean {
  return (relative) => {
    if (patterns.length === 0) return false;
    // a file is ignored when it, or one of its folders, matches
    const parts = relative.split('/');
    for (let n = parts.length; n > 0; n--) {
      const prefix = parts.slice(0, n).join('/');
      if (patterns.some((p) => p.test(prefix))) return true;
    }
    return false;
  };
}

/** Walks files and folders under the root; symlinks are followed only when they stay inside it. */
function walk(root: string, start: string, out: Set<string>): void {
  let stat;
  try {
    stat = lstatSync(start);
    if (stat.isSymbolicLink()) {
      const target = realpathSync(start);
      if (!isInside(root, target)) return;
      stat = statSync(start);
    }
  } catch {
    return;
  }
  if (stat.isDirectory()) {
    for (const name of readdirSync(start).sort()) {
      if (SKIP_DIRS.has(name)) continue;
      walk(root, path.join(start, name), out);
    }
  } else if (stat.isFile() && isSource(start) && stat.size <= MAX_BYTES) {
    out.add(start);
  }
}

interface Target {
  absolute: string;
  text: string;
  typed: boolean;
}

/** Checks a whole project. Throws `UsageError` for bad inputs (a missing tsconfig, a path that does not exist). */
export async function checkProject(options: CheckProjectOptions = {}): Promise<CheckProjectResult> {
  const started = Date.now();
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const configName = options.config ?? 'recommended';
  if (configName !== 'recommended' && configName !== 'strict') throw new UsageError(`unknown config "${String(configName)}": use recommended or strict`);
  const paths = (options.paths ?? []).map((p) => path.resolve(cwd, p));
  const project = options.project === undefined ? undefined : path.resolve(cwd, options.project);
  if (options.importers && paths.length === 0) throw new UsageError('--importers needs the changed files as paths');
  if (options.importers && project) throw new UsageError('--importers checks the importers under the current folder: it does not take --project');
  if (paths.length === 0 && !project) paths.push(cwd);
  // with --importers the paths are changed files: a deleted one is fine (its importers' findings change too)
  for (const p of options.importers ? [] : paths) {
    try {
      statSync(p);
    } catch {
      throw new UsageError(`no such file or folder: ${path.relative(cwd, p) || p}`);
    }
  }
  if (project) {
    let isFile = false;
    try {
      isFile = statSync(project).isFile();
    } catch {
      // reported below
    }
    if (!isFile) throw new UsageError(`tsconfig not found: ${options.project}`);
  }
  const inputs = options.importers ? [cwd] : [...paths, ...(project ? [path.dirname(project)] : [])];
  const root = path.resolve(options.root ?? (inputs.every((p) => isInside(cwd, p)) ? cwd : commonAncestor(inputs)));
  for (const p of options.importers ? paths : inputs) if (!isInside(root, p)) throw new UsageError(`${p} is outside the project root ${root}`);

  // The tsconfig: given, or <root>/tsconfig.json when checking paths typed.
  let tsconfig = project;
  if (!tsconfig && options.typed !== false) {
    const candidate = path.join(root, 'tsconfig.json');
    try {
      if (statSync(candidate).isFile()) tsconfig = candidate;
    } catch {
      // no tsconfig: untyped
    }
  }
  // loaded only for a typed run: an untyped one builds no TypeScript Program
  const typedProject = tsconfig ? (await import('./typed-project.js')).loadTypedProject(tsconfig, root) : undefined;
  const programFiles = typedProject?.files ?? new Map<string, string>();

  // What to check: files under the given paths; with only --project, the project's own files.
  const selected = new Set<string>();
  if (options.importers) {
    const projectFiles = new Set<string>();
    walk(root, root, projectFiles);
    for (const file of importersOf(projectFiles, paths)) selected.add(file);
  } else if (paths.length > 0) {
    for (const p of paths) walk(root, p, selected);
  } else {
    for (const file of programFiles.keys()) selected.add(file);
  }
  const ignored = ignoredBy((options.ignorePatterns ?? []).map(globToRegExp));
  const targets: Target[] = [];
  for (const absolute of [...selected].sort()) {
    if (ignored(toPosix(path.relative(root, absolute)))) continue;
    const programText = programFiles.get(absolute);
    if (programText !== undefined) {
      targets.push({ absolute, text: programText, typed: true });
      continue;
    }
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch {
      continue;
    }
    targets.push({ absolute, text, typed: false });
  }

  const linter = pluginLinter(root);
  // Explicit extensions: ESLint does not count a universal pattern like `**/*` as a match for a .ts file.
  const files = ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs', '**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
  const base = (parserOptions: Linter.ParserOptions): Linter.Config[] =>
    pluginConfig(configName, {
      files,
      // disable comments for durability rules are honoured; comments about other rules are not errors here
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      parserOptions: { ecmaFeatures: { jsx: true }, ...parserOptions },
    });
  const typedConfig = typedProject ? base({ programs: [typedProject.program] } as Linter.ParserOptions) : undefined;
  const untypedConfig = base({});

  const findings: Finding[] = [];
  const problems: Problem[] = [];
  const texts = new Map<string, string[]>();
  let typedFiles = 0;
  // A file the analysis cannot understand is a file not checked (a 'crash' problem, exit 3), never a silent pass:
  // the rules rethrow here instead of going quiet as they do in an editor (src/analysis/shared.ts).
  const analysisErrors = process.env.DURABILITY_ANALYSIS_ERRORS;
  process.env.DURABILITY_ANALYSIS_ERRORS = 'throw';
  try {
  for (const [index, target] of targets.entries()) {
    const file = toPosix(path.relative(root, target.absolute));
    const config = target.typed && typedConfig ? typedConfig : untypedConfig;
    if (config === typedConfig) typedFiles++;
    let messages: Linter.LintMessage[];
    try {
      messages = linter.verify(target.text, config, target.absolute);
    } catch (error) {
      const message = (error as Error).stack ?? String(error);
      problems.push({ file, line: 0, column: 0, kind: 'crash', message });
      options.onProgress?.(index + 1, targets.length);
      continue;
    }
    let kept = false;
    for (const message of messages) {
      if (message.fatal && !message.ruleId && /^Parsing error/.test(message.message)) {
        problems.push({ file, line: message.line, column: message.column, kind: 'parse-error', message: message.message });
        continue;
      }
      // ESLint's notices about the file's own ESLint comments (/* eslint-env */, other plugins' rules) are not ours
      if (!message.ruleId?.startsWith('durability/')) continue;
      const severity: Severity = message.severity === 2 ? 'error' : 'warning';
      if (options.quiet && severity === 'warning') continue;
      kept = true;
      findings.push({
        file,
        line: message.line,
        column: message.column,
        endLine: message.endLine ?? message.line,
        endColumn: message.endColumn ?? message.column,
        ruleId: message.ruleId,
        severity,
        message: message.message,
        suggestions: (message.suggestions ?? []).map((s) => ({ desc: s.desc, fix: { range: [s.fix.range[0], s.fix.range[1]], text: s.fix.text } })),
      });
    }
    if (kept) texts.set(file, target.text.split(/\r?\n/));
    options.onProgress?.(index + 1, targets.length);
  }
  } finally {
    if (analysisErrors === undefined) delete process.env.DURABILITY_ANALYSIS_ERRORS;
    else process.env.DURABILITY_ANALYSIS_ERRORS = analysisErrors;
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : 1)));
  return {
    root,
    config: configName,
    tsconfig: tsconfig ? toPosix(path.relative(root, tsconfig)) : undefined,
    typedFiles,
    untypedFiles: targets.length - typedFiles,
    files: targets.map((t) => toPosix(path.relative(root, t.absolute))),
    findings,
    problems,
    warnings: typedProject?.warnings ?? [],
    errorCount: findings.filter((f) => f.severity === 'error').length,
    warningCount: findings.filter((f) => f.severity === 'warning').length,
    elapsedMs: Date.now() - started,
    lineText: (file, line) => texts.get(file)?.[line - 1] ?? '',
  };
}
