/**
 * The facade of the per-file analysis: it orders the stages and caches their answers. While ESLint walks the file
 * the recorder records; at the first question the file is prepared once, in stage order (facts → translation → index
 * → summaries → sync index), and each options set's findings are computed once. Rules only choose which findings to
 * report and how to word them.
 *
 *   recorder.ts      listeners → a Recording              resolution.ts   calls, imports, other modules' summaries
 *   facts.ts         opens, flags, kinds, directories     translate.ts    recorded nodes → steps (+ catalog-steps.ts)
 *   transfer.ts      state × step → state                 solve.ts        one function's fixed point
 *   summaries.ts     summaries to a fixpoint, sync index  report.ts       findings at report points
 *   evidence.ts      evidence of intent                   naming.ts       names in messages
 *   sync-errors.ts   ignored or retried sync errors       exports.ts      what other modules import
 *   type-oracle.ts   optional types                       shared.ts       one analysis per file, shared by the rules
 *   handle-keys.ts   how handle keys are made and read    syntax.ts       syntactic predicates the stages share
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { findFsReferences } from '../fs-calls.js';
import { HandleNamer } from '../handles.js';
import type { ModuleSummaries } from '../modules.js';
import { readSettings } from '../settings.js';
import { Evidence } from './evidence.js';
import { ModuleExports } from './exports.js';
import { FileFacts } from './facts.js';
import type { Findings, InPlaceOverwrite, SolveOptions, SyncErrorFinding } from './findings.js';
import { Naming } from './naming.js';
import { recorder, type Recording } from './recorder.js';
import { Reporter } from './report.js';
import { Resolution } from './resolution.js';
import { Solver } from './solve.js';
import { StateFiles } from './state-files.js';
import { EXPORTED_OPTIONS, type FileInputs } from './steps.js';
import { Summaries, type SyncIndex } from './summaries.js';
import { SyncErrors } from './sync-errors.js';
import { CalleeKeys, Transfer } from './transfer.js';
import { Translator } from './translate.js';
import { makeTypeOracle } from './type-oracle.js';

export * from './findings.js';
export { useFileAnalysis } from './shared.js';

interface AnalysisContext {
  sourceCode: TSESLint.SourceCode;
  settings: unknown;
  parserServices: unknown;
  modules?: FileInputs['modules'];
  filename?: string;
}

/** The stages of a prepared file. */
interface Prepared {
  reporter: Reporter;
  syncErrors: SyncErrors;
  exports: ModuleExports;
  stateFiles: StateFiles;
}

export class FileAnalysis {
  private readonly inputs: FileInputs;
  private readonly recording: Recording;
  private readonly recordingListeners: TSESLint.RuleListener;
  private stages: Prepared | undefined;
  /** Findings per solve options (their one field, `optionGuardedSyncCounts`). */
  private readonly results = new Map<boolean, Findings>();
  private syncErrors: SyncErrorFinding[] | undefined;
  private readonly fileName: string;

  constructor(context: AnalysisContext) {
    const types = makeTypeOracle(context.parserServices);
    const settings = readSettings(context.settings);
    this.inputs = {
      sourceCode: context.sourceCode,
      namer: new HandleNamer(context.sourceCode as never, types),
      fs: findFsReferences(context.sourceCode as never, settings),
      settings,
      types,
      modules: context.modules,
    };
    ({ recording: this.recording, listeners: this.recordingListeners } = recorder(context.sourceCode));
    this.fileName = context.filename ?? '';
  }

  /** Listeners that record what the analysis needs while ESLint walks the file. */
  listeners(): TSESLint.RuleListener {
    return this.recordingListeners;
  }

  /** Findings for the given solve options, computed once per file and options. */
  findings(options: SolveOptions): Findings {
    const cacheKey = options.optionGuardedSyncCounts;
    const cached = this.results.get(cacheKey);
    if (cached) return cached;
    const findings = this.prepared().reporter.report(options);
    this.results.set(cacheKey, findings);
    return findings;
  }

  /** Syncs whose failure is lost or retried (see sync-errors.ts). */
  syncErrorFindings(): SyncErrorFinding[] {
    this.syncErrors ??= this.prepared().syncErrors.findings();
    return this.syncErrors;
  }

  /** Read-back files (the module's state) replaced in place (see state-files.ts). */
  inPlaceOverwrites(): InPlaceOverwrite[] {
    return this.prepared().stateFiles.inPlaceOverwrites();
  }

  /** Whether `statement` closes the handle `key`: directly, or through a helper of this file that closes it. */
  closesHandle(statement: TSESTree.Node, key: string): boolean {
    return this.prepared().reporter.closesHandle(statement, key);
  }

  /** What this module exports, as summaries another module can apply. */
  exportedSummaries(): ModuleSummaries {
    // every function's summary, not only those this file calls (the module analyser asks a fresh analysis)
    if (!this.stages) for (const fn of this.recording.functions) fn.summarized = true;
    return this.prepared().exports.summaries();
  }

  /** The stages, run once in order; each reads only the outputs of the stages before it. */
  private prepared(): Prepared {
    if (this.stages) return this.stages;
    const { inputs, recording } = this;
    const resolution = new Resolution(inputs, recording);
    inputs.namer.returnedBy = (call) => resolution.returnedExpression(call);
    const facts = new FileFacts(inputs, recording, resolution);
    facts.collect();
    const translation = new Translator(inputs, recording, resolution, facts).translate();
    const keys = new CalleeKeys(inputs, facts);
    const solver = new Solver(recording, translation, new Transfer(inputs, facts, keys));
    const summaries = new Summaries(inputs, recording, translation, facts, solver, keys);
    summaries.index();
    summaries.summarize(EXPORTED_OPTIONS);
    const syncs: SyncIndex = summaries.syncIndex();
    const naming = new Naming(inputs, translation);
    const stateFiles = new StateFiles(inputs, facts, translation, resolution, this.fileName);
    const evidence = new Evidence(inputs, facts, translation, syncs, stateFiles);
    this.stages = {
      reporter: new Reporter({ inputs, recording, translation, facts, resolution, solver, summaries, keys, evidence, naming, syncs }),
      syncErrors: new SyncErrors(inputs, facts, translation, syncs, keys, naming),
      exports: new ModuleExports(inputs, recording, facts, syncs, stateFiles),
      stateFiles,
    };
    return this.stages;
  }
}
