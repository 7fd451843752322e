/**
 * The vocabulary between the stages: a Step (what one recorded node does to the flow state, made by translation and
 * read by the transfer function), a function's record (made by the recorder, its role and flags set by translation
 * and indexing), its summary (made by the summaries stage, applied at calls), and the inputs every stage reads.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { CodePath } from '../code-path.js';
import type { FsReferences } from '../fs-calls.js';
import type { FlowSolution, FlowState, SegmentRecord } from '../flow.js';
import type { HandleNamer } from '../handles.js';
import type { ModuleResolver, PortableSummary } from '../modules.js';
import type { DurabilitySettings } from '../settings.js';
import { EMPTY_STATE } from '../flow.js';
import type { SolveOptions } from './findings.js';
import type { TypedOracle } from './type-oracle.js';

type Node = TSESTree.Node;

/** A call step: a function of this file called here. */
export type CallStep = Extract<Step, { kind: 'call' }>;
/** A call step: a function of another module of the project called here. */
export type ExternalStep = Extract<Step, { kind: 'external' }>;

export type Step =
  /** `queued`: a stream write, whose data stays in the stream until its callback or 'finish'. */
  | { kind: 'write'; key: string; anchor: Node; queued?: boolean }
  /**
   * `viaStreamFd`: `fsync(ws.fd)`, which syncs only what the stream has handed to the fd and only while it is open.
   * `byLibrary`: done inside a library call (write-file-atomic), not written by the author: no evidence of intent.
   */
  | { kind: 'sync'; key: string; guarded: boolean; viaStreamFd?: boolean; byLibrary?: boolean }
  /** Where `fsync(ws.fd)` is issued: checked against the stream's state (the sync itself may complete later). */
  | { kind: 'streamFdSync'; key: string; call: TSESTree.CallExpression }
  /** A stream's queued writes have reached its fd: a write's callback, 'finish', `end(cb)`. */
  | { kind: 'handover'; key: string }
  /** `ws.end()`, 'finish', 'close': `closes` when the stream closes its fd itself (autoClose, the default). */
  | { kind: 'end'; key: string; closes: boolean }
  | { kind: 'open'; key: string }
  | { kind: 'destroy'; key: string }
  | { kind: 'rename'; source: string; target: string | undefined }
  /** A call of a function of another module of the project: its summary, applied to this call's arguments. */
  | {
      kind: 'external';
      summary: PortableSummary;
      call: TSESTree.CallExpression;
      thisClass?: { from: string; to: string };
      cleans: boolean;
      cleanOnly?: 'directories' | 'option';
    }
  | {
      kind: 'call';
      callee: FunctionRecord;
      bindings: Map<string, string>;
      cleans: boolean;
      mayOnly: boolean;
      /**
       * Behind a guard, after it: only what the callee leaves clean counts, as clean. `directories`: behind a creation
       * guard (`if (isNew) syncDirectory(dir)`); `option`: behind an option guard (the documented trade-off).
       */
      cleanOnly?: 'directories' | 'option';
    }
  | { kind: 'ack'; calleeText: string; owner?: string }
  | { kind: 'continuation'; fn: FunctionRecord; then: Step[] };

export interface DestroySummary {
  node: Node;
  key: string;
  /** Keys synced (or untouched-and-clean) on every path to the destroy inside the callee. */
  cleanBefore: Set<string>;
}

/** A rename of a file the caller named (`rename(tmp, target)` in a helper given both): checked where it is called. */
export interface RenameSummary {
  node: Node;
  source: string;
  target: string | undefined;
  /** Keys synced (or untouched-and-clean) on every path to the rename inside the callee. */
  cleanBefore: Set<string>;
}

export interface Summary {
  exit: FlowState;
  destroys: DestroySummary[];
  renames: RenameSummary[];
}

export type FunctionRole = 'entry' | 'helper' | 'inline' | 'continuation' | 'initializer';

export interface FunctionRecord {
  node: Node;
  codePath: CodePath;
  records: Map<string, SegmentRecord>;
  role: FunctionRole;
  name: string;
  isAsync: boolean;
  /**
   * Its summary per options key (`optionsKey`): one summary for every options set was the bug of issue 11, where a
   * rule's findings depended on which rule asked first.
   */
  summary: Map<string, Summary>;
  callsFlushLike: boolean;
  /** `p.then(this).then(next)`: each `next` starts from the state this function settles with. */
  chainedContinuations: FunctionRecord[];
  /** The functions its calls apply the summaries of (set once the file is prepared). */
  callees: FunctionRecord[];
  /** It has a sync behind an option guard: the solve options change its states. */
  optionDependent: boolean;
  /** It, or a function it calls (transitively), has a sync behind an option guard: the options change its summary. */
  summaryDependsOnOptions: boolean;
  /** Its nodes have steps: without, every state in it is its entry state. */
  hasSteps: boolean;
  /** Its steps can only make handles clean (opens, syncs): from an empty entry state nothing in it is ever dirty. */
  onlyCleans: boolean;
  /** It destroys a handle itself. */
  destroys: boolean;
  /** It renames a file itself. */
  renames: boolean;
  /** Its summary is read: a call in this file applies it, or another module imports it (see `exportedSummaries`). */
  summarized: boolean;
  /** Last fixed point and summary per options key, with the inputs they were computed from. */
  fixpoints: Map<string, { start: FlowState; callees: Summary[]; solution: FlowSolution }>;
  summaries: Map<string, { callees: Summary[]; summary: Summary }>;
}

/** What every stage reads about the file: set up once by the facade, never changed after. */
export interface FileInputs {
  sourceCode: TSESLint.SourceCode;
  namer: HandleNamer;
  fs: FsReferences;
  settings: DurabilitySettings;
  types: TypedOracle | undefined;
  /** Cross-module summaries: the file's own path and the resolver of its project (absent for text without a file). */
  modules?: { file: string; resolver: ModuleResolver; depth: number };
}

/** The options a module's exported summaries are solved with (and the first set every file is summarised with). */
export const EXPORTED_OPTIONS: SolveOptions = { optionGuardedSyncCounts: true };

export const EMPTY_SUMMARY: Summary = { exit: EMPTY_STATE, destroys: [], renames: [] };

/** A export function's summary under these options; empty until summarised (the start of the summaries' fixpoint). */
export function summaryFor(fn: FunctionRecord, options: SolveOptions): Summary {
  return fn.summary.get(optionsKey(fn, options)) ?? EMPTY_SUMMARY;
}

/**
 * The options that can change a export function's fixed point and summary: none, unless it or a export function it calls
 * (transitively) has a sync behind an option guard.
 */
export function optionsKey(fn: FunctionRecord, options: SolveOptions): string {
  return fn.summaryDependsOnOptions ? String(options.optionGuardedSyncCounts) : 'any';
}
