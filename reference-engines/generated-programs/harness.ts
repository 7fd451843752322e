/**
 * Judges one generated program twice, as mutation/validate.ts judges a mutant: the crash simulator runs it from a temp
 * file under .tmp/ (truth: can an acknowledged write be lost?), and ESLint's `Linter` lints its text with the plugin's
 * `recommended` and `strict` configs (verdict: is anything reported?). Lint never imports or runs the program.
 */
import fs, { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { syncBuiltinESMExports } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SourceCode } from 'eslint';
import { pluginConfig, pluginLinter } from '../../src/lint-setup.js';
import type { Workload } from '../scenario.js';
import { simulate } from '../crash-sim/simulate.js';
import { ModelFs } from '../crash-sim/model-fs.js';
import { render, type ProgramSpec } from './generate.js';
import { traceProgram, type ProgramTrace } from './trace.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const workdir = path.join(repo, '.tmp', 'generated-programs', `${process.pid}`);
/** The name the linter sees (the config matches `**\/*.ts`; nothing is read from disk). */
export const LINT_FILENAME = 'reference-engines/generated-programs/program.ts';

const linter = pluginLinter();

export interface LintReport {
  line: number;
  rule: string;
  message: string;
}

export type ConfigName = 'recommended' | 'strict';

function verify(source: string | SourceCode, config: ConfigName): LintReport[] {
  const messages = linter.verify(
    source,
    pluginConfig(config),
    LINT_FILENAME,
  );
  const fatal = messages.find((m) => m.fatal || !m.ruleId);
  if (fatal) throw new Error(`lint failed at ${fatal.line}:${fatal.column}: ${fatal.message}`);
  // Programs are judged without faults: no-ignored-fsync-error (about a failing fsync) has its ground truth in the
  // fault scenarios of crash-check, not here.
  return messages
    .filter((m) => m.ruleId !== 'durability/no-ignored-fsync-error')
    .map((m) => ({ line: m.line, rule: (m.ruleId ?? '').replace('durability/', ''), message: m.message }));
}

/** Lints the text; a parse error or a crashing rule throws (the tests require that none does). */
export function lintProgram(text: string, config: ConfigName): LintReport[] {
  return verify(text, config);
}

/** Both configs over one parse (the parse is most of the cost). */
export function lintBoth(text: string): Record<ConfigName, LintReport[]> {
  const strict = verify(text, 'strict');
  return { strict, recommended: verify(linter.getSourceCode() as SourceCode, 'recommended') };
}

/**
 * A program's `fs.fsync(fd, cb)` / `fs.fdatasync(fd, cb)` on a model fd becomes the model's fsync on a later turn, then
 * the callback (as the thread pool would do it). The crash-sim intercept now models these calls the same way; this
 * shim predates that and stays, so the generated programs' verdicts do not depend on the intercept's version.
 */
async function withCallbackFsync<T>(work: () => Promise<T>): Promise<T> {
  const mutable = fs as unknown as Record<string, unknown>;
  const saved = { fsync: mutable.fsync, fdatasync: mutable.fdatasync };
  let active = true; // a callback still queued when the run ends never runs (the process is gone)
  const shim = (original: unknown) =>
    function (fd: unknown, cb: (err: Error | null) => void) {
      if (!ModelFs.owns(fd)) return (original as (...a: unknown[]) => unknown)(fd, cb);
      setImmediate(() => {
        if (!active) return;
        try {
          fs.fsyncSync(fd as number);
        } catch (error) {
          cb(error as Error);
          return;
        }
        cb(null);
      });
    };
  mutable.fsync = shim(saved.fsync);
  mutable.fdatasync = shim(saved.fdatasync);
  syncBuiltinESMExports();
  try {
    return await work();
  } finally {
    active = false;
    mutable.fsync = saved.fsync;
    mutable.fdatasync = saved.fdatasync;
    syncBuiltinESMExports();
  }
}

let counter = 0;
process.on('exit', () => {
  try {
    fs.rmdirSync(workdir); // only when empty: a program that failed to load stays there
  } catch {
    // not created, or not empty
  }
});

/** Writes the program under .tmp/generated-programs/<pid>/, imports its workload, and removes the file. */
export async function loadProgram(text: string): Promise<Workload> {
  return (await loadProgramFile(text)).workload;
}

/** As loadProgram, with the file's path (stack frames of the program's code name it). */
async function loadProgramFile(text: string): Promise<{ workload: Workload; file: string }> {
  mkdirSync(workdir, { recursive: true });
  const file = path.join(workdir, `p${++counter}.ts`);
  writeFileSync(file, text);
  const module = (await import(pathToFileURL(file).href)) as { workload: Workload };
  rmSync(file); // loaded: the module stays in memory; a file that fails to load is kept to look at
  return { workload: module.workload, file };
}

/**
 * The model's facts about one uncrashed run of the program (trace.ts), from a fresh instance of it (a module-level
 * handle of the simulated run must not carry over).
 */
export async function traceProgramText(text: string): Promise<ProgramTrace> {
  const { workload, file } = await loadProgramFile(text);
  return traceProgram(workload, file, withCallbackFsync);
}

export interface SimVerdict {
  lossy: boolean;
  example: string | undefined;
  /** The program failed to run, or the uncrashed run lost its own writes: a generator bug, never a finding. */
  error: string | undefined;
}

export async function simulateProgram(text: string): Promise<SimVerdict> {
  const workload = await loadProgram(text);
  const wrapped: Workload = {
    run: (dir, recorder) => withCallbackFsync(() => workload.run(dir, recorder)),
    recover: (dir, keys) => withCallbackFsync(() => workload.recover(dir, keys)),
  };
  try {
    const result = await simulate(wrapped, { stopAtFirstLoss: true });
    if (result.sanityError) return { lossy: false, example: undefined, error: result.sanityError };
    return { lossy: result.lost > 0, example: result.example, error: undefined };
  } catch (error) {
    return { lossy: false, example: undefined, error: `the program fails to run: ${(error as Error).stack ?? String(error)}` };
  }
}

export interface Judgement {
  spec: ProgramSpec;
  text: string;
  sim: SimVerdict;
  recommended: LintReport[];
  strict: LintReport[];
}

export function programText(spec: ProgramSpec): string {
  return render(spec, path.relative(workdir, path.join(repo, 'reference-engines', 'generated-programs')).split(path.sep).join('/'));
}

/** `recommended: false` skips the recommended lint (its reports are then empty): the tests assert on strict only. */
export async function judge(spec: ProgramSpec, options: { recommended?: boolean } = {}): Promise<Judgement> {
  const text = programText(spec);
  const sim = await simulateProgram(text);
  if (options.recommended === false) return { spec, text, sim, strict: lintProgram(text, 'strict'), recommended: [] };
  return { spec, text, sim, ...lintBoth(text) };
}
