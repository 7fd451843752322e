/**
 * One durability analysis per linted file, shared by every rule. It records ESLint's code path events and the
 * nodes that matter while ESLint walks the file, and at the end of the program:
 *   1. reads fs calls from the catalog (through src/fs-calls.ts) and turns each recorded node into flow steps;
 *   2. summarises the functions whose summary is read (called in this file, or exported to another module: which
 *      handles they leave dirty or clean, what they destroy), to a fixpoint;
 *   3. solves each function from its real entry state and collects findings at the report points:
 *      acknowledgements (normal exits of entry functions, callback calls) and destroys.
 * A function's fixed point is solved once per inputs (options that matter to it, entry state, callees' summaries)
 * and replayed for each use: its summary, and the findings of every options set the rules ask for.
 * Rules only choose which findings to report and how to word them.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Scope } from 'eslint';
import {
  APPEND_OPEN_FLAGS,
  CREATING_OPEN_FLAGS,
  FLUSH_LIKE_METHODS,
  FLUSH_SKIPPING_ENCODINGS,
  FS_API,
  SYNC_FLAG_CONSTANTS,
  SYNC_OPEN_FLAGS,
  TRUNCATE_FLAG_CONSTANTS,
  TRUNCATING_OPEN_FLAGS,
  type ApiRow,
  type HandleKind,
} from './catalog.js';
import type { CodePath, CodePathListeners, CodePathSegment } from './code-path.js';
import { findFsReferences, mentionsFsModule, type FsReferences } from './fs-calls.js';
import { EMPTY_STATE, fixpoint, isDirty, joinStates, replay, sameState, streamFlags, withHandle, type FlowProblem, type FlowSolution, type FlowState, type Pass, type SegmentRecord } from './flow.js';
import {
  containsNode,
  enclosingClass,
  HandleNamer,
  isFunctionNode,
  propertyName,
  unwrap,
  type FunctionNode,
  type TypeOracle,
} from './handles.js';
import { readSettings, type DurabilitySettings } from './settings.js';
import { resolverFor, type ModuleAnalyser, type ModuleResolver, type ModuleSummaries, type PortableHandle, type PortableSummary } from './modules.js';
import { Linter } from 'eslint';
import path from 'node:path';
import { findVariable } from '@eslint-community/eslint-utils';

type Node = TSESTree.Node;

// ---------------------------------------------------------------------------------------------------------------
// Findings: what rules report

export interface ExitPoint {
  /** The node to point at: a `return`, a callback call, or the function itself (fell off its end). */
  node: Node;
  /** "the return on line 42", "the end of `append()`", "the call to `cb` on line 12". */
  description: string;
  /** The function whose completion acknowledges. */
  functionName: string;
  /** Where a sync can be inserted: before this statement (a `return`, or an expression statement with the ack). */
  insertBefore?: Node;
  /** Or at the end of this block (a function body that falls off its end). */
  insertAtEndOf?: TSESTree.BlockStatement;
  isAsync: boolean;
}

export interface UnsyncedAck {
  /** The write that left the handle dirty (innermost, in this file). */
  anchor: Node;
  key: string;
  handleText: string;
  handleKind: HandleKind | undefined;
  exit: ExitPoint;
  /** Durability is evident for this handle (the `recommended` bar); otherwise only `strict` reports it. */
  evident: boolean;
  /** Reason it is evident, for messages and tests. */
  evidence: string | undefined;
}

/** A handle still dirty at a report point's statement (a destroy, a rename). */
export interface DirtyAtStatement {
  dirtyKey: string;
  dirtyText: string;
  dirtyKind: HandleKind | undefined;
  /** The write that left the handle dirty. */
  anchor: Node;
  evident: boolean;
  /** Where a sync of the dirty handle can go: before this statement. */
  insertBefore?: Node;
  isAsync: boolean;
}

export interface DestroyWhileDirty extends DirtyAtStatement {
  destroy: Node;
  destroyedText: string;
}

/** A directory entry changed (a file created, renamed into place, removed) and acknowledged before a directory fsync. */
export interface UnsyncedDirectoryEntry {
  /** The call that changed the entry. */
  anchor: Node;
  operation: 'create' | 'rename' | 'remove';
  /** `dir:<key of the directory>` */
  key: string;
  directoryText: string;
  exit: ExitPoint;
  evident: boolean;
  evidence: string | undefined;
}

/** `rename(tmp, target)` while what was written to `tmp` may not be on disk: atomic, not durable. */
export interface RenameOfDirty extends DirtyAtStatement {
  rename: Node;
  sourceText: string;
  targetText: string;
}

/**
 * `fsync(ws.fd)` that cannot sync what the stream was given: its data may still be queued in the stream ('queued':
 * before the write's callback or 'finish'), the stream was ended and closes its fd ('ended'), or the sync starts from
 * 'finish' / `end(cb)` just before the stream's own auto-close ('closing').
 */
export interface MisplacedStreamSync {
  call: TSESTree.CallExpression;
  key: string;
  streamText: string;
  /** The fd as the sync names it: `ws.fd`, or the fd the stream was created over. */
  fdText: string;
  reason: 'queued' | 'ended' | 'closing';
  /** The writes the sync fails to cover: their acknowledgement findings are this one bug. */
  anchors: ReadonlySet<Node>;
}

export interface Findings {
  unsyncedAcks: UnsyncedAck[];
  destroysWhileDirty: DestroyWhileDirty[];
  unsyncedDirectoryEntries: UnsyncedDirectoryEntry[];
  renamesOfDirty: RenameOfDirty[];
  misplacedStreamSyncs: MisplacedStreamSync[];
}

/** The name of a function that fsyncs the directory it is given. */
export const DIRECTORY_SYNC_HELPER = /^f?sync\w*dir/i;

/** A sync whose failure is lost or retried. */
export interface SyncErrorFinding {
  /** `helperSwallowed`: a helper of this file that fsyncs (`this.pager.sync()`) is called in a try that swallows. */
  kind: 'callbackIgnoresError' | 'swallowed' | 'notAwaited' | 'retried' | 'helperSwallowed';
  call: TSESTree.CallExpression;
  handleText: string;
  /** The catch clause or handler that swallows the error, or the first sync a retry repeats. */
  where?: Node;
  /** `notAwaited` in an async function: the expression to put `await` before. */
  awaitable?: Node;
  /** `helperSwallowed`: the helper as called (`this.pager.sync`). */
  helperText?: string;
}

/** `catch (e) { throw e; }`: the catch only passes the failure on. */
function rethrowsItsError(handler: TSESTree.CatchClause): boolean {
  const statements = handler.body.body;
  const only = statements.length === 1 ? statements[0] : undefined;
  if (only?.type !== 'ThrowStatement' || handler.param?.type !== 'Identifier') return false;
  const thrown = unwrap(only.argument);
  return thrown.type === 'Identifier' && thrown.name === handler.param.name;
}

/** Statements that only log (or nothing at all): what a catch that swallows an error holds. */
function isLoggingOnly(statements: readonly TSESTree.Statement[]): boolean {
  return statements.every((statement) => {
    if (statement.type === 'EmptyStatement') return true;
    if (statement.type !== 'ExpressionStatement') return false;
    const expression = unwrap(statement.expression);
    if (expression.type !== 'CallExpression') return false;
    const callee = unwrap(expression.callee);
    if (callee.type === 'Identifier') return /^(log|warn|debug|trace|logError|logWarning)$/i.test(callee.name);
    if (callee.type !== 'MemberExpression') return false;
    // console.error(e), logger.warn(e), this.logger.error(e), this.log.info(e), debug.log(e)
    const method = propertyName(callee) ?? '';
    const object = unwrap(callee.object);
    const objectName = object.type === 'Identifier' ? object.name : object.type === 'MemberExpression' ? (propertyName(object) ?? '') : '';
    return /^(log|warn|warning|error|info|debug|trace)$/i.test(method) && /console|log|debug/i.test(objectName);
  });
}

/** Keys of the pseudo-handle "the entries of this directory": dirtied by creates, renames and removals. */
export const DIRECTORY_KEY_PREFIX = 'dir:';

/** `findings()` caches per value of this one field, and `optionsKey` keys fixed points by it: a new field joins both. */
export interface SolveOptions {
  /** `if (this.syncWrites) fsyncSync(fd)`: count the guarded sync as a sync (the documented trade-off). */
  optionGuardedSyncCounts: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Steps: what a recorded node does to the flow state

type Step =
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

interface DestroySummary {
  node: Node;
  key: string;
  /** Keys synced (or untouched-and-clean) on every path to the destroy inside the callee. */
  cleanBefore: Set<string>;
}

interface Summary {
  exit: FlowState;
  destroys: DestroySummary[];
}

type FunctionRole = 'entry' | 'helper' | 'inline' | 'continuation' | 'initializer';

interface FunctionRecord {
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
  continuationEntry: FlowState | undefined;
  callsFlushLike: boolean;
  /** Parameters that are completion callbacks: calling one acknowledges. */
  callbackParams: Set<string>;
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
  /** Its summary is read: a call in this file applies it, or another module imports it (see `exportedSummaries`). */
  summarized: boolean;
  /** Last fixed point and summary per options key, with the inputs they were computed from. */
  fixpoints: Map<string, { start: FlowState; callees: Summary[]; solution: FlowSolution }>;
  summaries: Map<string, { callees: Summary[]; summary: Summary }>;
}

/** Methods whose function argument runs before the caller's next step (or before the awaited promise settles). */
const CALLBACK_RUNS_HERE = new Set([
  'forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast',
  'findLastIndex', 'sort', 'then', 'catch', 'finally',
]);

const CALLBACK_PARAM_NAMES = /^(cb|callback|done|next|cont|continuation|onDone|onComplete|ack)$/i;

function isAwaitedOrReturned(call: Node): boolean {
  // A loop, not recursion: a long `.then()` chain must not grow the stack.
  let node: Node = call;
  for (;;) {
    let parent = node.parent;
    while (parent && (parent.type === 'ChainExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'TSAsExpression')) {
      node = parent;
      parent = node.parent;
    }
    if (!parent) return false;
    if (parent.type === 'AwaitExpression' || parent.type === 'ReturnStatement' || parent.type === 'YieldExpression') return true;
    if (parent.type === 'ArrowFunctionExpression' && parent.body === node) return true;
    // fh.sync().then(...): the chain settles after the sync, so awaiting or returning the chain waits for it
    if (parent.type === 'MemberExpression' && parent.object === node && /^(then|catch|finally)$/.test(propertyName(parent) ?? '')) {
      const chained = parent.parent;
      if (chained?.type !== 'CallExpression' || chained.callee !== parent) return false;
      node = chained;
      continue;
    }
    // await Promise.all([fh.sync(), other.sync()])
    if (parent.type === 'ArrayExpression' && parent.parent?.type === 'CallExpression') {
      const outer = parent.parent;
      const callee = outer.callee;
      if (callee.type === 'MemberExpression' && /^(all|allSettled)$/.test(propertyName(callee) ?? '')) {
        node = outer;
        continue;
      }
    }
    return false;
  }
}

function literalString(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'string') return inner.value;
  if (inner.type === 'TemplateLiteral' && inner.expressions.length === 0) return inner.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function objectProperty(object: Node | undefined, name: string): Node | undefined {
  if (!object || unwrap(object).type !== 'ObjectExpression') return undefined;
  for (const property of (unwrap(object) as TSESTree.ObjectExpression).properties) {
    if (property.type !== 'Property' || property.computed) continue;
    const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : undefined;
    if (key === name) return property.value;
  }
  return undefined;
}

function isFalseLiteral(node: Node | undefined): boolean {
  const inner = node ? unwrap(node) : undefined;
  return inner?.type === 'Literal' && inner.value === false;
}

function isTrueLiteral(node: Node | undefined): boolean {
  return node !== undefined && unwrap(node).type === 'Literal' && (unwrap(node) as TSESTree.Literal).value === true;
}

function functionDisplayName(node: Node, sourceCode: { getText(node: Node): string }): string {
  if (node.type === 'Program') return 'the module';
  const parent = node.parent;
  if (parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition' || parent?.type === 'Property') {
    const key = parent.key;
    const name = key.type === 'Identifier' ? key.name : key.type === 'PrivateIdentifier' ? `#${key.name}` : sourceCode.getText(key);
    return parent.type === 'MethodDefinition' && parent.kind === 'constructor' ? 'constructor' : `${name}()`;
  }
  if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node.id) return `${node.id.name}()`;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return `${parent.id.name}()`;
  return 'this function';
}

function nameLooksLikeOption(text: string): boolean {
  return /sync|durab|flush|safe/i.test(text);
}

/** A condition that reads a configuration option about syncing: `this.syncWrites`, `opts.fsync`, `mode === 'sync'`. */
function isOptionGuard(test: Node): boolean {
  const node = unwrap(test);
  switch (node.type) {
    case 'Identifier':
      return nameLooksLikeOption(node.name);
    case 'MemberExpression':
      return nameLooksLikeOption(propertyName(node) ?? '');
    case 'UnaryExpression':
      return node.operator === '!' && isOptionGuard(node.argument);
    case 'BinaryExpression':
      return (
        ['===', '==', '!==', '!='].includes(node.operator) &&
        [node.left, node.right].some((side) => isOptionGuard(side) || /sync|durab/i.test(literalString(side) ?? ''))
      );
    case 'LogicalExpression':
      return isOptionGuard(node.left) || isOptionGuard(node.right);
    default:
      return false;
  }
}

/** The guard of an early return taken when syncing is off: `!this.syncWrites`, `this.mode !== 'sync'`. */
/** `process.platform === 'win32'` (or any test of the platform). */
function isPlatformGuard(test: Node): boolean {
  const node = unwrap(test);
  if (node.type === 'LogicalExpression') return isPlatformGuard(node.left) || isPlatformGuard(node.right);
  if (node.type !== 'BinaryExpression') return false;
  return [node.left, node.right].some((side) => {
    const inner = unwrap(side);
    return inner.type === 'MemberExpression' && propertyName(inner) === 'platform' && unwrap(inner.object).type === 'Identifier' && (unwrap(inner.object) as TSESTree.Identifier).name === 'process';
  });
}

/** A test of whether a file was just created: `isNew`, `created`, `!existsSync(p)`, `!names.includes('wal.log')`. */
function isCreationGuard(test: Node, sourceCode: { getText(node: Node): string }): boolean {
  const text = sourceCode.getText(test).trim();
  const negated = /^!|===\s*false|!==\s*true/.test(text);
  // `!existsSync(p)`, `!names.includes(x)`: the file was not there; `isNew`, `created`: it was just made
  if (/exist|includes|\bhas\(/i.test(text)) return negated;
  return /new|creat|fresh/i.test(text) && !negated;
}

function exportName(node: Node): string {
  return node.type === 'Identifier' ? node.name : node.type === 'Literal' ? String(node.value) : '';
}

function isNegatedOptionGuard(test: Node): boolean {
  const node = unwrap(test);
  if (node.type === 'UnaryExpression') return node.operator === '!' && isOptionGuard(node.argument);
  if (node.type === 'BinaryExpression') {
    if (['!==', '!='].includes(node.operator)) return isOptionGuard(node);
    const falseSide = [node.left, node.right].some((side) => unwrap(side).type === 'Literal' && (unwrap(side) as TSESTree.Literal).value === false);
    return ['===', '=='].includes(node.operator) && falseSide && isOptionGuard(node);
  }
  if (node.type === 'LogicalExpression' && node.operator === '||') return isNegatedOptionGuard(node.left) || isNegatedOptionGuard(node.right);
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// The analysis of one file

interface RecordingContext {
  sourceCode: TSESLint.SourceCode;
  settings: unknown;
  parserServices: unknown;
  /** Cross-module summaries: the file's own path and the resolver of its project (absent for text without a file). */
  modules?: { file: string; resolver: ModuleResolver; depth: number };
}

export class FileAnalysis {
  private readonly functions: FunctionRecord[] = [];
  private readonly functionByNode = new Map<Node, FunctionRecord>();
  private readonly stack: { record: FunctionRecord; current: Set<CodePathSegment> }[] = [];
  private readonly catchSegments = new Map<Node, CodePathSegment[]>();
  private readonly classFacts: Node[] = [];
  private readonly steps = new Map<Node, Step[]>();
  private readonly namer: HandleNamer;
  private readonly fs: FsReferences;
  private readonly settings: DurabilitySettings;
  private readonly kinds = new Map<string, HandleKind>();
  private readonly openFlags = new Map<string, { sync: boolean; append: boolean }[]>();
  private readonly openedFrom = new Map<string, string>();
  private readonly usedAsHandle = new Set<string>();
  private readonly syncedKeys = new Set<string>();
  private readonly flushStreams = new Set<string>();
  /** Streams opened with `autoClose: false`: their fd stays open after 'finish'. */
  private readonly manuallyClosedStreams = new Set<string>();
  /** `createWriteStream(p, { fd })`: the fd's key -> the stream's key. Syncing the fd syncs what the stream wrote. */
  private readonly streamOverFd = new Map<string, string>();
  private readonly guardedSyncs = new Set<Node>();
  private syncsByFunction: Map<FunctionRecord, Set<string>> | undefined;
  /** A write call -> the expression that names its handle there, to name the handle as the code does. */
  private readonly anchorHandles = new Map<Node, Node>();
  /** A call that changes a directory entry -> what it did and the keys of the file whose entry it is. */
  private readonly entryChanges = new Map<Node, { operation: 'create' | 'rename' | 'remove'; files: string[] }>();
  /** A path's key -> the key of the directory it is in, where the path names it (`path.join(tmpDir, 'x')`). */
  private readonly directoryOfPath = new Map<string, string>();
  /** Keys of files renamed somewhere in this file (the source of a rename). */
  private readonly renamedSources = new Set<string>();
  /** Calls whose `flush: true` asks for durability (whether or not Node honours it). */
  private readonly flushRequested = new Set<Node>();
  /** Findings per solve options (their one field, `optionGuardedSyncCounts`). */
  private readonly results = new Map<boolean, Findings>();
  private readonly types: TypedOracle | undefined;
  private prepared = false;

  constructor(readonly context: RecordingContext) {
    this.settings = readSettings(context.settings);
    this.fs = findFsReferences(context.sourceCode as never);
    this.types = makeTypeOracle(context.parserServices);
    this.namer = new HandleNamer(context.sourceCode as never, this.types);
  }

  /** Listeners that record what the analysis needs while ESLint walks the file. */
  listeners(): TSESLint.RuleListener {
    const recordNode = (node: Node): void => {
      const top = this.stack[this.stack.length - 1];
      if (!top) return;
      for (const segment of top.current) top.record.records.get(segment.id)?.nodes.push(node);
    };
    const codePathListeners: CodePathListeners = {
      onCodePathStart: (codePath, node) => {
        const record: FunctionRecord = {
          node,
          codePath,
          records: new Map(),
          role: codePath.origin === 'program' || codePath.origin === 'function' ? 'entry' : 'initializer',
          name: functionDisplayName(node, this.context.sourceCode as never),
          isAsync: isFunctionNode(node) && node.async,
          summary: new Map(),
          continuationEntry: undefined,
          callsFlushLike: false,
          callbackParams: new Set(),
          chainedContinuations: [],
          callees: [],
          optionDependent: false,
          summaryDependsOnOptions: false,
          hasSteps: false,
          onlyCleans: true,
          destroys: false,
          summarized: false,
          fixpoints: new Map(),
          summaries: new Map(),
        };
        this.functions.push(record);
        this.functionByNode.set(node, record);
        this.stack.push({ record, current: new Set() });
      },
      onCodePathEnd: () => {
        this.stack.pop();
      },
      onCodePathSegmentStart: (segment) => {
        const top = this.stack[this.stack.length - 1];
        if (!top) return;
        top.current.add(segment);
        if (!top.record.records.has(segment.id)) top.record.records.set(segment.id, { segment, nodes: [] });
      },
      onCodePathSegmentEnd: (segment) => {
        this.stack[this.stack.length - 1]?.current.delete(segment);
      },
    };
    return {
      ...(codePathListeners as unknown as TSESLint.RuleListener),
      'CallExpression:exit': recordNode,
      'NewExpression:exit': recordNode,
      ReturnStatement: recordNode,
      'IfStatement:exit': (node: TSESTree.IfStatement) => {
        if (isOptionGuard(node.test) || isCreationGuard(node.test, this.context.sourceCode as never)) recordNode(node);
      },
      'LogicalExpression:exit': (node: TSESTree.LogicalExpression) => {
        if (node.operator === '&&' && isOptionGuard(node.left)) recordNode(node);
      },
      'TryStatement > BlockStatement.finalizer': (node: TSESTree.BlockStatement) => {
        const top = this.stack[this.stack.length - 1];
        if (top) this.finallySegments.set(node, [...top.current]);
      },
      CatchClause: (node: TSESTree.CatchClause) => {
        const top = this.stack[this.stack.length - 1];
        if (top) this.catchSegments.set(node, [...top.current]);
        if (isLoggingOnly(node.body.body)) recordNode(node);
      },
      AssignmentExpression: (node: TSESTree.AssignmentExpression) => this.classFacts.push(node),
      VariableDeclarator: (node: TSESTree.VariableDeclarator) => this.classFacts.push(node),
      PropertyDefinition: (node: TSESTree.PropertyDefinition) => this.classFacts.push(node),
      TSParameterProperty: (node: TSESTree.TSParameterProperty) => this.classFacts.push(node),
      // parameters with a type annotation (`fh: FileHandle`, `pager: Pager`); the selector spares a call per identifier
      ':function > Identifier[typeAnnotation]': (node: TSESTree.Identifier) => {
        if (node.typeAnnotation && isFunctionNode(node.parent)) this.classFacts.push(node);
      },
    };
  }

  /** Findings for the given solve options, computed once per file and options. */
  findings(options: SolveOptions): Findings {
    const cacheKey = options.optionGuardedSyncCounts;
    const cached = this.results.get(cacheKey);
    if (cached) return cached;
    this.prepare();
    const findings = this.report(options);
    this.results.set(cacheKey, findings);
    return findings;
  }

  /**
   * Syncs whose failure is lost (after a failed fsync the kernel may have dropped the dirty pages: PostgreSQL's
   * fsyncgate), or retried as if a second fsync could prove anything. Syntactic report points over the catalog's
   * sync calls; no flow is needed.
   */
  syncErrorFindings(): SyncErrorFinding[] {
    this.prepare();
    const found: SyncErrorFinding[] = [];
    const source = this.context.sourceCode;
    const syncCalls = this.syncCalls();
    for (const node of syncCalls) {
      const { row, handle } = node;
      const call = node.call;
      // `openSync(dir, 'r')` then fsync: the directory-sync idiom, whose failure (EPERM/EINVAL on platforms that cannot
      // sync a directory) is commonly and deliberately ignored
      const key = handle ? this.namer.keyOf(handle) : undefined;
      if (key && this.openedReadOnly(key)) continue;
      const handleText = handle ? source.getText(unwrap(handle) as never) : 'the file';
      if (row.style === 'callback') {
        const callback = call.arguments[call.arguments.length - 1];
        if (callback && isFunctionNode(callback) && !this.usesFirstParameter(callback)) found.push({ kind: 'callbackIgnoresError', call, handleText });
        continue;
      }
      if (row.style === 'promise') {
        const floating = this.floatingPromise(call);
        if (floating) {
          found.push({ kind: 'notAwaited', call, handleText, awaitable: enclosingAsync(call) ? floating : undefined });
          continue;
        }
        const handler = this.swallowingCatchHandler(call);
        if (handler) {
          found.push({ kind: 'swallowed', call, handleText, where: handler });
          continue;
        }
      }
      const clause = this.enclosingSwallowingCatch(call);
      if (clause) found.push({ kind: 'swallowed', call, handleText, where: clause });
      const retry = this.retriedAfterFailure(call, handle, syncCalls);
      if (retry) found.push({ kind: 'retried', call, handleText, where: retry });
    }
    // a helper of this file that fsyncs file data, called where its failure is swallowed
    for (const [node, steps] of this.steps) {
      if (node.type !== 'CallExpression') continue;
      const step = steps.find((s): s is Extract<Step, { kind: 'call' }> => s.kind === 'call' && !s.mayOnly);
      if (!step) continue;
      const all = this.syncsByFunction?.get(step.callee) ?? new Set<string>();
      // a directory synced through the idiom (its path, its read-only fd, its entries) is exempt, as a direct sync is
      const synced = [...all].filter((k) => !k.startsWith(DIRECTORY_KEY_PREFIX) && !this.openedReadOnly(k) && !all.has(`${DIRECTORY_KEY_PREFIX}${k}`));
      if (synced.length === 0) continue;
      const clause = this.enclosingSwallowingCatch(node);
      if (!clause) continue;
      const mapped = this.mapKey(synced[0] as string, step);
      const handleText = this.textAt(mapped ?? (synced[0] as string), node);
      found.push({ kind: 'helperSwallowed', call: node, handleText, where: clause, helperText: source.getText(node.callee as never) });
    }
    return found.sort((a, b) => a.call.range[0] - b.call.range[0]);
  }

  private readOnlyKeys: Set<string> | undefined;

  private openedReadOnly(key: string): boolean {
    if (!this.readOnlyKeys) {
      this.readOnlyKeys = new Set();
      for (const [call, row] of this.fs.calls) {
        if (row.kind !== 'open') continue;
        const flagNode = row.flagsArg !== undefined ? call.arguments[row.flagsArg] : undefined;
        const flags = literalString(flagNode);
        const constant = flagNode ? (this.fs.constants.get(unwrap(flagNode)) ?? (unwrap(flagNode).type === 'MemberExpression' ? this.fs.constants.get((unwrap(flagNode) as TSESTree.MemberExpression).property) : undefined)) : undefined;
        const readOnly = flags === 'r' || constant === 'O_RDONLY' || (row.flagsArg !== undefined && !flagNode);
        const stored = readOnly ? this.storedHandleKey(call) : undefined;
        if (stored) this.readOnlyKeys.add(stored);
      }
    }
    return this.readOnlyKeys.has(key);
  }

  /** Every call of a catalogued sync (fsyncSync, fs.fsync, fh.sync(), fh.datasync(), …) in this file. */
  private syncCalls(): { call: TSESTree.CallExpression; row: ApiRow; handle: Node | undefined }[] {
    const calls: { call: TSESTree.CallExpression; row: ApiRow; handle: Node | undefined }[] = [];
    for (const [call, row] of this.fs.calls) {
      if (row.kind === 'sync') calls.push({ call, row, handle: typeof row.handle === 'number' ? call.arguments[row.handle] : undefined });
    }
    for (const node of this.steps.keys()) {
      if (node.type !== 'CallExpression' || this.fs.calls.has(node)) continue;
      const row = this.handleMethodRow(node);
      if (row?.kind === 'sync') calls.push({ call: node, row, handle: (unwrap(node.callee) as TSESTree.MemberExpression).object });
    }
    return calls;
  }

  private usesFirstParameter(fn: FunctionNode): boolean {
    const first = fn.params[0];
    if (!first) return false;
    if (first.type !== 'Identifier') return true; // destructured: assume it is looked at
    const variable = (this.context.sourceCode.getDeclaredVariables(fn as never) as unknown as Scope.Variable[]).find((v) => v.name === first.name);
    return (variable?.references.length ?? 1) > 0;
  }

  /** `fh.sync();` or `void fh.sync()` as a statement: nobody waits for it or hears its failure. */
  private floatingPromise(call: TSESTree.CallExpression): Node | undefined {
    let node: Node = call;
    for (;;) {
      while (node.parent?.type === 'ChainExpression' || node.parent?.type === 'TSNonNullExpression') node = node.parent;
      const up: Node | undefined = node.parent;
      // fh.sync().then(log) / .finally(f): the chain is the promise; a .catch or a rejection handler handles it
      if (up?.type === 'MemberExpression' && up.object === node && up.parent?.type === 'CallExpression' && up.parent.callee === up) {
        const method = propertyName(up);
        if (method === 'finally' || (method === 'then' && up.parent.arguments.length < 2)) {
          node = up.parent;
          continue;
        }
        return undefined;
      }
      // Promise.all([a.sync(), b.sync()]) as a statement
      if (up?.type === 'ArrayExpression' && up.parent?.type === 'CallExpression' && up.parent.arguments[0] === up) {
        const callee = unwrap(up.parent.callee);
        if (callee.type === 'MemberExpression' && /^(all|allSettled)$/.test(propertyName(callee) ?? '')) {
          node = up.parent;
          continue;
        }
      }
      break;
    }
    const parent = node.parent;
    if (parent?.type === 'ExpressionStatement') return node;
    if (parent?.type === 'UnaryExpression' && parent.operator === 'void' && parent.parent?.type === 'ExpressionStatement') return node;
    return undefined;
  }

  /** `fh.sync().catch(() => {})`: a rejection handler that does nothing but log. */
  private swallowingCatchHandler(call: TSESTree.CallExpression): Node | undefined {
    const member = call.parent;
    if (member?.type !== 'MemberExpression' || member.object !== call || propertyName(member) !== 'catch') return undefined;
    const outer = member.parent;
    if (outer?.type !== 'CallExpression' || outer.callee !== member) return undefined;
    const handler = outer.arguments[0];
    if (!handler || !isFunctionNode(handler)) return undefined;
    const body = handler.body;
    if (body.type !== 'BlockStatement') {
      const value = unwrap(body);
      // `() => undefined`, `() => null`, `() => false`: the error becomes a value nobody checks here
      if (value.type === 'Identifier' || value.type === 'Literal') return handler;
      return isLoggingOnly([{ type: 'ExpressionStatement', expression: body } as TSESTree.Statement]) ? handler : undefined;
    }
    return isLoggingOnly(body.body) ? handler : undefined;
  }

  /** `try { fsyncSync(fd) } catch { }` (or a catch that only logs): the failure is forgotten. */
  private enclosingSwallowingCatch(call: Node): TSESTree.CatchClause | undefined {
    for (let node: Node = call; node.parent; node = node.parent) {
      const parent: Node = node.parent;
      // a callback that runs in place (`fds.forEach((fd) => fsyncSync(fd))`) throws into the caller's try
      if (isFunctionNode(parent) && !this.runsInPlace(parent)) return undefined;
      if (parent.type === 'TryStatement' && parent.block === node && parent.handler) {
        // `catch (e) { throw e; }` hands the failure to the next try out
        if (rethrowsItsError(parent.handler)) continue;
        return isLoggingOnly(parent.handler.body.body) ? parent.handler : undefined;
      }
    }
    return undefined;
  }

  /** A function passed to an array method (forEach, map, ...): it runs, and throws, where it is passed. */
  private runsInPlace(fn: FunctionNode): boolean {
    const call = fn.parent;
    if (call?.type !== 'CallExpression' || !call.arguments.includes(fn as never)) return false;
    const callee = unwrap(call.callee);
    const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    return method !== undefined && CALLBACK_RUNS_HERE.has(method) && !['then', 'catch', 'finally'].includes(method);
  }

  /** A sync of the same handle in the catch clause of a try whose block syncs it: a retry that proves nothing. */
  private retriedAfterFailure(call: Node, handle: Node | undefined, syncCalls: { call: Node; handle: Node | undefined }[]): Node | undefined {
    const key = handle ? this.namer.keyOf(handle) : undefined;
    if (!key) return undefined;
    for (let node: Node = call; node.parent && !isFunctionNode(node.parent); node = node.parent) {
      const parent: Node = node.parent;
      if (parent.type === 'CatchClause') {
        const tryStatement = parent.parent as TSESTree.TryStatement;
        for (const other of syncCalls) {
          if (other.call !== call && containsNode(tryStatement.block, other.call) && other.handle && this.namer.keyOf(other.handle) === key) return other.call;
        }
        return undefined;
      }
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Preparation: facts, steps, roles, summaries

  private prepare(): void {
    if (this.prepared) return;
    this.prepared = true;
    this.collectClassFacts();
    this.namer.settle();
    this.inheritFieldKinds();
    this.collectOpens();
    for (const fn of this.functions) {
      for (const record of fn.records.values()) {
        for (const node of record.nodes) if (!this.steps.has(node)) this.steps.set(node, this.interpret(node, fn));
      }
    }
    for (const steps of this.steps.values()) {
      for (const step of steps) {
        if (step.kind === 'sync' && !step.byLibrary) this.syncedKeys.add(step.key);
        // fs.fsync(fd, cb): the sync happens, later; it shows the handle is meant to be durable
        if (step.kind === 'continuation') for (const inner of step.then) if (inner.kind === 'sync' && !inner.byLibrary) this.syncedKeys.add(inner.key);
      }
    }
    this.indexFunctions();
    this.summarize(EXPORTED_OPTIONS);
    this.collectSummarySyncs();
  }

  /** What each function's fixed point depends on besides its entry state: its callees' summaries, and the options. */
  private indexFunctions(): void {
    for (const fn of this.functions) {
      const callees = new Set<FunctionRecord>();
      // the steps of its nodes, and those a continuation step applies
      const pending: Step[] = [];
      for (const record of fn.records.values()) for (const node of record.nodes) pending.push(...(this.steps.get(node) ?? []));
      for (let i = 0; i < pending.length; i++) {
        const step = pending[i] as Step;
        fn.hasSteps = true;
        if (step.kind !== 'open' && step.kind !== 'sync' && step.kind !== 'handover' && step.kind !== 'end') fn.onlyCleans = false;
        if (step.kind === 'destroy') fn.destroys = true;
        if (step.kind === 'call') callees.add(step.callee);
        // a summary's solve names the arguments of calls to other modules' functions for the first time: kept
        if (step.kind === 'external') fn.summarized = true;
        if ((step.kind === 'sync' && step.guarded) || ((step.kind === 'call' || step.kind === 'external') && step.cleanOnly === 'option')) fn.optionDependent = true;
        if (step.kind === 'continuation') pending.push(...step.then);
      }
      fn.callees = [...callees];
      fn.summaryDependsOnOptions = fn.optionDependent;
    }
    for (const fn of this.functions) for (const callee of fn.callees) callee.summarized = true;
    // a caller of an option-dependent function depends on the options too: to a fixpoint over the call graph
    for (let changed = true; changed; ) {
      changed = false;
      for (const fn of this.functions) {
        if (fn.summaryDependsOnOptions || !fn.callees.some((callee) => callee.summaryDependsOnOptions)) continue;
        fn.summaryDependsOnOptions = true;
        changed = true;
      }
    }
  }

  private typeName(annotation: TSESTree.TSTypeAnnotation | undefined): string | undefined {
    let type = annotation?.typeAnnotation;
    if (type?.type === 'TSUnionType') type = type.types.find((t) => t.type === 'TSTypeReference');
    if (type?.type !== 'TSTypeReference') return undefined;
    const name = type.typeName;
    if (name.type === 'Identifier') return name.name;
    if (name.type === 'TSQualifiedName') return name.right.name;
    return undefined;
  }

  private noteDeclaredType(key: string | undefined, typeName: string | undefined, isField: boolean): void {
    if (!key || !typeName) return;
    if (typeName === 'FileHandle' || typeName === 'WriteStream') {
      this.kinds.set(key, typeName);
      return;
    }
    if (isField && key.startsWith('this:')) this.namer.fieldClass.set(key.slice(5), typeName);
    else this.namer.variableClass.set(key, typeName);
  }

  private collectClassFacts(): void {
    const classNameOfNew = (node: Node | null | undefined): string | undefined => {
      const inner = node ? unwrap(node) : undefined;
      const target = inner?.type === 'AwaitExpression' ? unwrap(inner.argument) : inner;
      if (target?.type === 'NewExpression' && target.callee.type === 'Identifier') return target.callee.name;
      // await Pager.open(...) / Pager.create(...): a static factory of a class named here
      if (target?.type === 'CallExpression' && target.callee.type === 'MemberExpression' && target.callee.object.type === 'Identifier') {
        const name = target.callee.object.name;
        if (/^[A-Z]/.test(name) && this.classDeclared(name)) return name;
      }
      return undefined;
    };
    // Class names are registered by classKey(); make sure every class of the file is known before facts refer to it.
    for (const fn of this.functions) {
      const cls = fn.node.type === 'Program' ? undefined : enclosingClass(fn.node);
      if (cls) this.namer.classKey(cls);
    }
    for (const node of this.classFacts) {
      if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression') {
        const key = this.namer.keyOf(node.left);
        const cls = classNameOfNew(node.right);
        if (key && cls) this.noteDeclaredType(key, cls, true);
      } else if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') {
        const key = this.namer.keyOf(node.id);
        this.noteDeclaredType(key, classNameOfNew(node.init) ?? this.typeName(node.id.typeAnnotation), false);
      } else if (node.type === 'PropertyDefinition' && !node.computed && (node.key.type === 'Identifier' || node.key.type === 'PrivateIdentifier')) {
        const cls = node.parent.parent as TSESTree.ClassDeclaration;
        const name = node.key.type === 'PrivateIdentifier' ? `#${node.key.name}` : node.key.name;
        const key = `this:${this.namer.classKey(cls)}.${name}`;
        this.noteDeclaredType(key, this.typeName(node.typeAnnotation) ?? classNameOfNew(node.value), true);
      } else if (node.type === 'TSParameterProperty' && node.parameter.type === 'Identifier') {
        const cls = enclosingClass(node);
        if (cls) this.noteDeclaredType(`this:${this.namer.classKey(cls)}.${node.parameter.name}`, this.typeName(node.parameter.typeAnnotation), true);
      } else if (node.type === 'Identifier') {
        this.noteDeclaredType(this.namer.keyOf(node), this.typeName(node.typeAnnotation), false);
      }
    }
  }

  private classDeclared(name: string): boolean {
    return this.namer.declaredClasses.has(name);
  }

  /** Where the handle an open call produces is stored: `const fd = openSync()`, `this.fh = await open()`. */
  private storedHandleKey(call: Node): string | undefined {
    let node: Node = call;
    while (node.parent && (node.parent.type === 'AwaitExpression' || node.parent.type === 'TSAsExpression' || node.parent.type === 'TSNonNullExpression')) {
      node = node.parent;
    }
    const parent = node.parent;
    if (parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') return this.namer.keyOf(parent.id);
    if (parent?.type === 'AssignmentExpression' && parent.right === node) return this.namer.keyOf(parent.left);
    // open(p).then((fh) => ...): the continuation's first parameter receives the handle
    if (parent?.type === 'MemberExpression' && parent.object === node && propertyName(parent) === 'then' && parent.parent.type === 'CallExpression' && parent.parent.callee === parent) {
      const continuation = parent.parent.arguments[0];
      const received = continuation && isFunctionNode(continuation) ? continuation.params[0] : undefined;
      if (received?.type === 'Identifier') return this.namer.keyOf(received);
    }
    if (parent?.type === 'PropertyDefinition' && parent.value === node && !parent.computed && !parent.static) {
      const name = parent.key.type === 'PrivateIdentifier' ? `#${parent.key.name}` : parent.key.type === 'Identifier' ? parent.key.name : undefined;
      const cls = parent.parent.parent as TSESTree.ClassDeclaration | TSESTree.ClassExpression;
      return name ? `this:${this.namer.classKey(cls)}.${name}` : undefined;
    }
    return undefined;
  }

  private openFlagsOf(row: ApiRow, call: TSESTree.CallExpression): { sync: boolean; append: boolean; truncating: boolean; creates: boolean } {
    let flagNode: Node | undefined = row.flagsArg !== undefined ? call.arguments[row.flagsArg] : undefined;
    if (row.optionsArg !== undefined) flagNode = objectProperty(call.arguments[row.optionsArg], 'flags') ?? flagNode;
    if (!flagNode) {
      const stream = row.name === 'createWriteStream';
      return { sync: false, append: false, truncating: stream, creates: stream };
    }
    const text = literalString(flagNode);
    if (text !== undefined) {
      return {
        sync: SYNC_OPEN_FLAGS.has(text),
        append: APPEND_OPEN_FLAGS.has(text),
        truncating: TRUNCATING_OPEN_FLAGS.has(text),
        creates: CREATING_OPEN_FLAGS.has(text),
      };
    }
    // numeric flags built from fs.constants: O_WRONLY | O_APPEND | O_SYNC
    const constants = new Set<string>();
    const visit = (node: Node): void => {
      const inner = unwrap(node);
      const constant = this.fs.constants.get(inner);
      if (constant) constants.add(constant);
      else if (inner.type === 'BinaryExpression') {
        visit(inner.left);
        visit(inner.right);
      } else if (inner.type === 'MemberExpression' && this.fs.constants.get(inner.property)) {
        constants.add(this.fs.constants.get(inner.property) as string);
      }
    };
    visit(flagNode);
    return {
      sync: [...constants].some((c) => SYNC_FLAG_CONSTANTS.has(c)),
      append: constants.has('O_APPEND'),
      truncating: [...constants].some((c) => TRUNCATE_FLAG_CONSTANTS.has(c)),
      creates: constants.has('O_CREAT'),
    };
  }

  /**
   * The directory a path expression names a file in: `path.join(this.dir, name)` -> `this.dir`,
   * `${dir}/x` -> `dir`, a `const` holding such a path, and `${target}.tmp` (a sibling of `target`). Undefined
   * when the path does not say (a bare name, a parameter).
   */
  private directoryKeyOf(expression: Node): string | undefined {
    let node = unwrap(expression);
    for (let depth = 0; depth < 8; depth++) {
      if (node.type === 'Identifier') {
        const variable = findVariable(this.context.sourceCode.getScope(node as never) as never, node as never) as Scope.Variable | null;
        const def = variable?.defs[0];
        const declarator = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator) : undefined;
        if (variable?.defs.length !== 1 || !declarator?.init || declarator.parent?.kind !== 'const') return undefined;
        node = unwrap(declarator.init);
        continue;
      }
      const returned = node.type === 'CallExpression' ? this.returnedExpression(node) : undefined;
      if (returned) {
        node = unwrap(returned); // this.segmentPath(id): a helper of this file that returns a path
        continue;
      }
      if (node.type === 'CallExpression' && node.arguments.length >= 2) {
        const callee = unwrap(node.callee);
        const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
        if (name !== 'join' && name !== 'resolve') return undefined;
        const first = node.arguments[0] as Node;
        return first.type === 'SpreadElement' ? undefined : this.namer.keyOf(first);
      }
      if (node.type === 'TemplateLiteral' && node.expressions.length > 0 && node.quasis[0]?.value.cooked === '') {
        const after = node.quasis[1]?.value.cooked ?? '';
        const first = node.expressions[0] as Node;
        if (after.startsWith('/')) return this.namer.keyOf(first);
        if (!after.includes('/') && node.expressions.length === 1) {
          node = unwrap(first); // `${target}.tmp`: a sibling of target, in its directory
          continue;
        }
        return undefined;
      }
      if (node.type === 'BinaryExpression' && node.operator === '+') {
        const right = literalString(node.right);
        if (right?.startsWith('/')) return this.namer.keyOf(node.left);
        if (right !== undefined && !right.includes('/')) {
          node = unwrap(node.left);
          continue;
        }
        return undefined;
      }
      return undefined;
    }
    return undefined;
  }

  /** The expression a function of this file returns, when its body is that one return. */
  private returnedExpression(call: TSESTree.CallExpression): Node | undefined {
    const callee = unwrap(call.callee);
    const target = callee.type === 'MemberExpression' ? this.resolveMethod(callee) : callee.type === 'Identifier' ? this.resolveFunction(callee) : undefined;
    const fn = target?.node;
    if (!fn || !isFunctionNode(fn)) return undefined;
    if (fn.body.type !== 'BlockStatement') return fn.body;
    const only = fn.body.body.length === 1 ? fn.body.body[0] : undefined;
    return only?.type === 'ReturnStatement' && only.argument ? only.argument : undefined;
  }

  /**
   * Whether an open may create a new entry: any creating flag may, except a reopen of the name a rename just put
   * in place.
   */
  private mayCreate(call: TSESTree.CallExpression, pathKey: string | undefined): boolean {
    const fn = enclosingFunctionOrProgram(call);
    if (pathKey && fn) {
      for (const [other, row] of this.fs.calls) {
        if (row.kind !== 'rename' || other.range[0] > call.range[0] || !containsNode(fn, other) || row.targetArg === undefined) continue;
        const target = other.arguments[row.targetArg];
        if (target && this.namer.keyOf(target) === pathKey) return false;
      }
    }
    return true;
  }

  /** The key of a path naming a directory: `path.dirname(target)` is the directory `target` is in. */
  private directoryArgumentKey(expression: Node): string | undefined {
    const node = unwrap(expression);
    if (node.type === 'CallExpression' && node.arguments.length === 1 && node.arguments[0]?.type !== 'SpreadElement') {
      const callee = unwrap(node.callee);
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
      if (name === 'dirname') return this.directoryKeyOf(node.arguments[0] as Node);
    }
    return this.namer.keyOf(node);
  }

  /** Records that `call` changes a directory entry, and returns the step that dirties the directory. */
  private entryChange(call: Node, pathArgument: Node | undefined, operation: 'create' | 'rename' | 'remove', files: string[]): Step[] {
    const directory = pathArgument ? this.directoryKeyOf(pathArgument) : undefined;
    if (!directory) return [];
    this.entryChanges.set(call, { operation, files });
    return [{ kind: 'write', key: `${DIRECTORY_KEY_PREFIX}${directory}`, anchor: call }];
  }

  /** The function passed as the completion callback (last argument), if it is written inline. */
  private inlineCallback(call: TSESTree.CallExpression): FunctionNode | undefined {
    const last = call.arguments[call.arguments.length - 1];
    return last && isFunctionNode(last) ? last : undefined;
  }

  private collectOpens(): void {
    for (const [call, row] of this.fs.calls) {
      if (row.kind !== 'open') continue;
      let key = this.storedHandleKey(call);
      const callback = row.style === 'callback' ? this.inlineCallback(call) : undefined;
      const fdParam = callback?.params[1];
      if (!key && fdParam?.type === 'Identifier') key = this.namer.keyOf(fdParam);
      if (!key) continue;
      const flags = this.openFlagsOf(row, call);
      if (row.produces) this.kinds.set(key, row.produces);
      const list = this.openFlags.get(key) ?? [];
      list.push({ sync: flags.sync, append: flags.append });
      this.openFlags.set(key, list);
      const pathKey = call.arguments[0] ? this.directoryArgumentKey(call.arguments[0]) : undefined;
      if (pathKey) {
        this.openedFrom.set(key, pathKey);
        this.usedAsHandle.add(pathKey);
        this.noteDirectoryOf(pathKey, call.arguments[0] as Node);
      }
      if (row.name === 'createWriteStream' && isTrueLiteral(objectProperty(call.arguments[1], 'flush'))) this.flushStreams.add(key);
      if (row.name === 'createWriteStream' && isFalseLiteral(objectProperty(call.arguments[1], 'autoClose'))) this.manuallyClosedStreams.add(key);
      const fdOption = row.name === 'createWriteStream' ? objectProperty(call.arguments[1], 'fd') : undefined;
      const fdKey = fdOption ? this.namer.keyOf(fdOption) : undefined;
      if (fdKey) this.streamOverFd.set(fdKey, key);
    }
  }

  /** Every open of this key used a sync flag: its writes are durable as they happen. */
  private opensSync(key: string): boolean {
    const flags = this.openFlags.get(key);
    return flags !== undefined && flags.length > 0 && flags.every((f) => f.sync);
  }

  private kindOf(key: string | undefined, expression: Node | undefined): HandleKind | undefined {
    if (key) {
      const known = this.kinds.get(key);
      if (known) return known;
    }
    return expression ? this.types?.handleKindOf(expression) : undefined;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Interpretation: node -> steps

  private interpret(node: Node, fn: FunctionRecord): Step[] {
    switch (node.type) {
      case 'CallExpression':
        return this.interpretCall(node, fn);
      case 'NewExpression':
        return this.promiseExecutorSteps(node) ?? this.inlineArgumentSteps(node.arguments, new Set());
      case 'ReturnStatement':
        return this.earlyReturnGuardSteps(node, fn);
      case 'CatchClause': {
        // `try { fsyncSync(dirFd) } catch {}`: the directory-sync idiom ignores the failure of platforms that cannot
        // fsync a directory on purpose (no-ignored-fsync-error exempts it); the directory counts as synced here too
        const steps: Step[] = [];
        for (const [, innerSteps] of this.stepsWithin(node.parent.block, fn)) {
          for (const step of innerSteps) {
            if (step.kind === 'sync' && (step.key.startsWith(DIRECTORY_KEY_PREFIX) || this.openedReadOnly(step.key))) steps.push(step);
          }
        }
        return steps;
      }
      case 'IfStatement':
      case 'LogicalExpression': {
        if (node.type === 'IfStatement' && !isOptionGuard(node.test)) return this.creationGuardSteps(node, fn);
        // The sync behind an option guard: after the guard, count the handle as synced (the documented trade-off).
        const guarded = node.type === 'IfStatement' ? node.consequent : node.right;
        const steps: Step[] = [];
        for (const [inner, innerSteps] of this.stepsWithin(guarded, fn)) {
          for (const step of innerSteps) {
            if (step.kind === 'sync') {
              steps.push({ kind: 'sync', key: step.key, guarded: true });
              this.guardedSyncs.add(inner);
            }
            // if (this.syncWrites) this.syncFile(fd): a helper that syncs, behind the same guard
            if ((step.kind === 'call' && !step.mayOnly) || step.kind === 'external') steps.push({ ...step, cleanOnly: 'option' } as Step);
          }
        }
        return steps;
      }
      default:
        return [];
    }
  }

  /**
   * `if (isNew) syncDirectory(dir)`: the directory needs a sync only when the entry was created, so after the guard
   * the directories synced inside count as synced (file data does not).
   */
  private creationGuardSteps(node: TSESTree.IfStatement, fn: FunctionRecord): Step[] {
    const steps: Step[] = [];
    for (const [, innerSteps] of this.stepsWithin(node.consequent, fn)) {
      for (const step of innerSteps) {
        if (step.kind === 'call' || step.kind === 'external') steps.push({ ...step, cleanOnly: 'directories' } as Step);
        if (step.kind === 'sync' && step.key.startsWith(DIRECTORY_KEY_PREFIX)) steps.push(step);
        if (step.kind === 'sync' && this.openedFrom.has(step.key)) {
          steps.push({ kind: 'sync', key: `${DIRECTORY_KEY_PREFIX}${this.openedFrom.get(step.key) as string}`, guarded: false });
        }
      }
    }
    return steps;
  }

  /**
   * `if (!this.syncWrites) return true; fsyncSync(fd);`: the early return is the option's other branch. On it, the
   * syncs that follow the guard count as guarded syncs, as in `if (this.syncWrites) fsyncSync(fd)`.
   * `if (process.platform === 'win32') return;` before a directory sync: Windows cannot sync a directory, and the
   * early return is not a missing sync.
   */
  private earlyReturnGuardSteps(node: TSESTree.ReturnStatement, fn: FunctionRecord): Step[] {
    let branch: Node = node;
    if (branch.parent?.type === 'BlockStatement' && branch.parent.body[branch.parent.body.length - 1] === branch) branch = branch.parent;
    const guard = branch.parent;
    if (guard?.type !== 'IfStatement' || guard.consequent !== branch) return [];
    const platform = isPlatformGuard(guard.test);
    if (!platform && !isNegatedOptionGuard(guard.test)) return [];
    const block = guard.parent;
    if (block?.type !== 'BlockStatement') return [];
    const steps: Step[] = [];
    for (const sibling of block.body.slice(block.body.indexOf(guard) + 1)) {
      for (const [inner, innerSteps] of this.stepsWithin(sibling, fn)) {
        for (const step of innerSteps) {
          if (step.kind !== 'sync') continue;
          steps.push({ kind: 'sync', key: step.key, guarded: !platform });
          if (!platform) this.guardedSyncs.add(inner);
        }
      }
    }
    return steps;
  }

  private stepsWithin(container: Node, fn: FunctionRecord): [Node, Step[]][] {
    const found: [Node, Step[]][] = [];
    for (const record of fn.records.values()) {
      for (const node of record.nodes) {
        if (node.type === 'CallExpression' && containsNode(container, node)) {
          let steps = this.steps.get(node);
          if (!steps) {
            steps = this.interpret(node, fn);
            this.steps.set(node, steps);
          }
          if (!found.some(([n]) => n === node)) found.push([node, steps]);
        }
      }
    }
    return found;
  }

  private interpretCall(call: TSESTree.CallExpression, fn: FunctionRecord): Step[] {
    const row = this.fs.calls.get(call) ?? this.promisifiedRow(call);
    if (row) return this.fsCallSteps(row, call);

    const callee = unwrap(call.callee);
    const handled = new Set<Node>();
    const steps: Step[] = [];

    if (callee.type === 'MemberExpression') {
      const method = propertyName(callee);
      if (method && FLUSH_LIKE_METHODS.has(method)) fn.callsFlushLike = true;
      const receiver = unwrap(callee.object);
      // x.then(cb) on a promise-style fs call: cb runs after it completes
      if (method === 'then' && receiver.type === 'CallExpression') {
        const inner = this.steps.get(receiver) ?? this.interpret(receiver, fn);
        const continuation = call.arguments[0];
        if (continuation && isFunctionNode(continuation)) {
          const record = this.functionByNode.get(continuation);
          const innerSync = inner.filter((s) => s.kind === 'sync' || s.kind === 'write');
          const receiverRow = this.fs.calls.get(receiver) ?? this.handleMethodRow(receiver);
          const promised = receiverRow?.kind === 'sync' ? this.promiseSyncSteps(receiver) : innerSync;
          const previous = this.chainedFrom(receiver);
          if (record && previous) {
            // a.then(f).then(g): g starts from the state f settles with
            record.role = 'continuation';
            handled.add(continuation);
            previous.chainedContinuations.push(record);
          } else if (record) {
            record.role = 'continuation';
            handled.add(continuation);
            steps.push({ kind: 'continuation', fn: record, then: promised });
          }
        }
      }
      const event = this.streamEventSteps(call, method);
      if (event) return event;
      const methodRow = this.handleMethodRow(call);
      if (methodRow) return [...this.handleMethodSteps(methodRow, call), ...steps];
      const target = this.resolveMethod(callee);
      if (target) steps.push(this.callStep(target, call, fn));
      else {
        const external = this.externalMethodStep(callee, call);
        if (external) steps.push(external);
      }
    } else if (callee.type === 'Identifier') {
      if (FLUSH_LIKE_METHODS.has(callee.name)) fn.callsFlushLike = true;
      const settled = this.streamSettledSteps(call, callee.name);
      if (settled) return settled;
      const userSync = this.settings.syncFunctions.get(callee.name);
      if (userSync !== undefined) {
        const key = call.arguments[userSync] ? this.namer.keyOf(call.arguments[userSync]) : undefined;
        if (key) steps.push({ kind: 'sync', key, guarded: false });
      } else {
        const target = this.resolveFunction(callee);
        const argumentKey = call.arguments[0] ? this.directoryArgumentKey(call.arguments[0]) : undefined;
        const external = target ? undefined : this.externalFunctionStep(callee, call);
        if (target) steps.push(this.callStep(target, call, fn));
        else if (external) steps.push(external);
        // a directory-sync helper from another module (`syncDirectory(this.dir)`) is taken at its word
        else if (DIRECTORY_SYNC_HELPER.test(callee.name) && argumentKey) steps.push({ kind: 'sync', key: `${DIRECTORY_KEY_PREFIX}${argumentKey}`, guarded: false });
        else if (this.isAcknowledgingCallback(callee, call)) steps.push({ kind: 'ack', calleeText: callee.name, owner: this.callbackOwner(callee) });
      }
    } else if (isFunctionNode(callee)) {
      const target = this.functionByNode.get(callee);
      if (target) {
        handled.add(callee);
        steps.push(this.callStep(target, call, fn));
      }
    }
    if (callee.type === 'MemberExpression' && this.settings.acknowledgeFunctions.has(propertyName(callee) ?? '')) {
      steps.push({ kind: 'ack', calleeText: this.context.sourceCode.getText(callee as never) });
    } else if (callee.type === 'Identifier' && this.settings.acknowledgeFunctions.has(callee.name)) {
      steps.push({ kind: 'ack', calleeText: callee.name });
    }
    const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    steps.push(...this.inlineArgumentSteps(call.arguments, handled, method !== undefined && CALLBACK_RUNS_HERE.has(method)));
    return steps;
  }

  /**
   * A stream opened with `flush: true` fsyncs once, at close: `'close'` (or `finished()`) comes after that fsync,
   * `'finish'` and `end(cb)` before it. A handler of either runs later, from the state at the registration.
   */
  private streamEventSteps(call: TSESTree.CallExpression, method: string | undefined): Step[] | undefined {
    if (method !== 'on' && method !== 'once') return undefined;
    const callee = unwrap(call.callee) as TSESTree.MemberExpression;
    const key = this.namer.keyOf(callee.object);
    const event = literalString(call.arguments[0]);
    const handler = call.arguments[1];
    if (!key || this.kindOf(key, callee.object) !== 'WriteStream' || (event !== 'close' && event !== 'finish')) return undefined;
    const record = handler && isFunctionNode(handler) ? this.functionByNode.get(handler) : undefined;
    if (!record) return [];
    record.role = 'continuation';
    // by then every write has reached the fd; after 'close' (and right after 'finish', unless autoClose is off) the fd
    // is closed
    const then: Step[] = [{ kind: 'handover', key }, { kind: 'end', key, closes: event === 'close' || !this.manuallyClosedStreams.has(key) }];
    if (event === 'close' && this.flushStreams.has(key)) then.push({ kind: 'sync', key, guarded: false });
    return [{ kind: 'continuation', fn: record, then }];
  }

  /** `await finished(out)` (stream/promises), `await once(out, 'close')` (events): the flush stream's fsync is done. */
  private streamSettledSteps(call: TSESTree.CallExpression, name: string): Step[] | undefined {
    if (name !== 'finished' && name !== 'once') return undefined;
    const stream = call.arguments[0];
    const key = stream ? this.namer.keyOf(stream) : undefined;
    if (!key || !this.flushStreams.has(key) || !isAwaitedOrReturned(call)) return undefined;
    if (name === 'once' && literalString(call.arguments[1]) !== 'close') return undefined;
    return [{ kind: 'sync', key, guarded: false }];
  }

  // -------------------------------------------------------------------------------------------------------------
  // Other modules of the project

  /** Where an imported (or required) name comes from: the module specifier and the name it has there. */
  private importOf(identifier: TSESTree.Identifier): { specifier: string; name: string } | undefined {
    const variable = findVariable(this.context.sourceCode.getScope(identifier as never) as never, identifier as never) as Scope.Variable | null;
    const def = variable?.defs[0];
    if (!def) return undefined;
    const node = def.node as Node;
    if (def.type === 'ImportBinding') {
      // import io = require('./io') binds the whole module; `import x = A.B` names no module.
      if (node.type === 'TSImportEqualsDeclaration') {
        const reference = node.moduleReference;
        return reference.type === 'TSExternalModuleReference' ? { specifier: String(reference.expression.value), name: '*' } : undefined;
      }
      const declaration = node.parent;
      if (declaration?.type !== 'ImportDeclaration') return undefined;
      const specifier = String(declaration.source.value);
      if (node.type === 'ImportSpecifier') return { specifier, name: node.imported.type === 'Identifier' ? node.imported.name : String(node.imported.value) };
      if (node.type === 'ImportDefaultSpecifier') return { specifier, name: 'default' };
      return { specifier, name: '*' };
    }
    // const { appendRecord } = require('./io') / const io = require('./io')
    if (def.type === 'Variable' && node.type === 'VariableDeclarator' && node.init) {
      const init = unwrap(node.init);
      if (init.type !== 'CallExpression' || unwrap(init.callee).type !== 'Identifier' || (unwrap(init.callee) as TSESTree.Identifier).name !== 'require') return undefined;
      const specifier = literalString(init.arguments[0]);
      if (!specifier) return undefined;
      if (node.id.type === 'Identifier') return { specifier, name: '*' };
      if (node.id.type === 'ObjectPattern') {
        for (const property of node.id.properties) {
          if (property.type === 'Property' && !property.computed && property.key.type === 'Identifier' && containsNode(property.value, identifier)) {
            return { specifier, name: property.key.name };
          }
        }
        for (const property of node.id.properties) {
          if (property.type === 'Property' && !property.computed && property.key.type === 'Identifier' && property.value.type === 'Identifier' && property.value.name === identifier.name) {
            return { specifier, name: property.key.name };
          }
        }
      }
    }
    return undefined;
  }

  private externalSummary(specifier: string, name: string): PortableSummary | undefined {
    const modules = this.context.modules;
    if (!modules || name === '*') return undefined;
    return modules.resolver.lookup(modules.file, specifier, name, modules.depth);
  }

  /** `appendRecord(fd, buf)` imported from './io'. */
  private externalFunctionStep(callee: TSESTree.Identifier, call: TSESTree.CallExpression): Step | undefined {
    const imported = this.importOf(callee);
    const summary = imported ? this.externalSummary(imported.specifier, imported.name) : undefined;
    return summary ? { kind: 'external', summary, call, cleans: !summary.isAsync || isAwaitedOrReturned(call) } : undefined;
  }

  /** `io.appendRecord(fd)` on a namespace import, `this.pager.sync()` on an imported class, an inherited method. */
  private externalMethodStep(callee: TSESTree.MemberExpression, call: TSESTree.CallExpression): Step | undefined {
    if (!this.context.modules) return undefined;
    const method = propertyName(callee);
    if (!method) return undefined;
    const object = unwrap(callee.object);
    const make = (summary: PortableSummary | undefined, thisClass?: { from: string; to: string }): Step | undefined =>
      summary ? { kind: 'external', summary, call, thisClass, cleans: !summary.isAsync || isAwaitedOrReturned(call) } : undefined;
    if (object.type === 'Identifier') {
      const imported = this.importOf(object);
      if (imported?.name === '*') return make(this.externalSummary(imported.specifier, method));
    }
    // the class of the receiver, declared in another module (or this class's base class from another module)
    let className: string | undefined;
    let subclass: string | undefined;
    if (object.type === 'ThisExpression' || object.type === 'Super') {
      const cls = enclosingClass(object);
      const base = cls?.superClass ? unwrap(cls.superClass) : undefined;
      if (cls && base?.type === 'Identifier') {
        className = base.name;
        subclass = this.namer.classKey(cls);
      }
    } else {
      const key = this.namer.keyOf(object);
      if (key?.startsWith('this:')) className = this.namer.fieldClass.get(key.slice(5));
      else if (key) className = this.namer.variableClass.get(key);
      if (!className && object.type === 'Identifier' && /^[A-Z]/.test(object.name)) className = object.name; // static
    }
    if (!className) return undefined;
    const reference = this.identifierNamed(className, call);
    const imported = reference ? this.importOf(reference) : undefined;
    if (!imported || imported.name === '*') return undefined;
    const exportedClass = imported.name === 'default' ? 'default' : imported.name;
    const summary = this.externalSummary(imported.specifier, `${exportedClass}.${method}`);
    return make(summary, subclass ? { from: summary ? this.classOfSummary(summary, exportedClass) : exportedClass, to: subclass } : undefined);
  }

  /** The class name the summary's field keys use (the declaration's own name in its module). */
  private classOfSummary(summary: PortableSummary, fallback: string): string {
    for (const handle of [...summary.effects, ...summary.syncs]) {
      const match = handle.key ? /^this:([^.]+)\./.exec(handle.key) : null;
      if (match) return match[1] as string;
    }
    return fallback;
  }

  /** An identifier node naming `name` in the scope of `at`, to resolve it like a reference. */
  private identifierNamed(name: string, at: Node): TSESTree.Identifier | undefined {
    let scope: Scope.Scope | null = this.context.sourceCode.getScope(at as never) as Scope.Scope;
    while (scope) {
      const variable = scope.set.get(name);
      const def = variable?.defs[0];
      if (def) return def.name as TSESTree.Identifier;
      scope = scope.upper;
    }
    return undefined;
  }

  /** A summary's handle, named in this file at `call`. */
  private localKeyOf(handle: PortableHandle, call: TSESTree.CallExpression, thisClass?: { from: string; to: string }): string | undefined {
    let key: string | undefined;
    if (handle.param !== undefined) {
      const argument = call.arguments[handle.param];
      const named = argument && argument.type !== 'SpreadElement' ? argument : undefined;
      const base = named ? (handle.directory ? this.directoryArgumentKey(named) : this.namer.keyOf(named)) : undefined;
      key = base ? this.namer.canonical(base + handle.rest) : undefined;
    } else if (handle.key) {
      key = thisClass && handle.key.startsWith(`this:${thisClass.from}.`) ? `this:${thisClass.to}.${handle.key.slice(thisClass.from.length + 6)}` : handle.key;
    }
    return key && handle.directory ? `${DIRECTORY_KEY_PREFIX}${key}` : key;
  }

  /** What this module exports, as summaries another module can apply (after the file is prepared). */
  exportedSummaries(): ModuleSummaries {
    // every function's summary, not only those this file calls (the module analyser asks a fresh analysis)
    for (const fn of this.functions) fn.summarized = true;
    this.prepare();
    const functions = new Map<string, PortableSummary>();
    const synced = this.syncsByFunction ?? new Map<FunctionRecord, Set<string>>();
    for (const fn of this.functions) {
      if (!isFunctionNode(fn.node)) continue;
      const names = this.declaredNames(fn.node);
      if (names.length === 0) continue;
      const effects: PortableSummary['effects'] = [];
      for (const [key, value] of summaryFor(fn, EXPORTED_OPTIONS).exit) {
        const handle = this.portableHandle(key, fn.node);
        if (handle) effects.push({ ...handle, value: value === 'clean' ? 'clean' : 'dirty' });
      }
      const syncs: PortableHandle[] = [];
      for (const key of synced.get(fn) ?? []) {
        const handle = this.portableHandle(key, fn.node);
        if (handle) syncs.push(handle);
      }
      const summary: PortableSummary = { isAsync: fn.isAsync, effects, syncs };
      for (const name of names) functions.set(name, summary);
    }
    const reexports: ModuleSummaries['reexports'] = [];
    for (const statement of this.context.sourceCode.ast.body) {
      if (statement.type === 'ExportAllDeclaration' && !statement.exported) reexports.push({ from: String(statement.source.value), names: '*' });
      if (statement.type === 'ExportNamedDeclaration' && statement.source) {
        const names = new Map<string, string>();
        for (const specifier of statement.specifiers) {
          const local = exportName(specifier.local);
          const exported = exportName(specifier.exported);
          names.set(exported, local);
        }
        reexports.push({ from: String(statement.source.value), names });
      }
      // export { a as b }, export default a
      if (statement.type === 'ExportNamedDeclaration' && !statement.source) {
        for (const specifier of statement.specifiers) {
          const local = exportName(specifier.local);
          const exported = exportName(specifier.exported);
          for (const [name, summary] of [...functions]) {
            if (name === local) functions.set(exported, summary);
            else if (name.startsWith(`${local}.`)) functions.set(`${exported}${name.slice(local.length)}`, summary);
          }
        }
      }
      if (statement.type === 'ExportDefaultDeclaration' && statement.declaration.type === 'Identifier') {
        const local = statement.declaration.name;
        for (const [name, summary] of [...functions]) {
          if (name === local) functions.set('default', summary);
          else if (name.startsWith(`${local}.`)) functions.set(`default${name.slice(local.length)}`, summary);
        }
      }
    }
    const fieldKinds = new Map<string, string>();
    for (const [key, kind] of this.kinds) {
      const match = /^this:([^.]+)\.([^.]+)$/.exec(key);
      if (match && kind !== 'path') fieldKinds.set(`${match[1]}.${match[2]}`, kind);
    }
    for (const [local, exported] of this.exportedClassNames()) {
      for (const [field, kind] of [...fieldKinds]) if (field.startsWith(`${local}.`)) fieldKinds.set(`${exported}${field.slice(local.length)}`, kind);
    }
    return { functions, reexports, fieldKinds };
  }

  /** `export { Local as Exported }`, `export default Local`: local class name -> exported name. */
  private exportedClassNames(): [string, string][] {
    const names: [string, string][] = [];
    for (const statement of this.context.sourceCode.ast.body) {
      if (statement.type === 'ExportNamedDeclaration' && !statement.source) {
        for (const specifier of statement.specifiers) names.push([exportName(specifier.local), exportName(specifier.exported)]);
      }
      if (statement.type === 'ExportDefaultDeclaration') {
        const declaration = statement.declaration;
        if (declaration.type === 'Identifier') names.push([declaration.name, 'default']);
        if (declaration.type === 'ClassDeclaration' && declaration.id) names.push([declaration.id.name, 'default']);
      }
    }
    return names;
  }

  /** `class Buggy extends LsmTree` with LsmTree from another module: the handle kinds of the fields it inherits. */
  private inheritFieldKinds(): void {
    if (!this.context.modules) return;
    for (const [name, cls] of this.namer.declaredClasses) {
      const base = cls.superClass ? unwrap(cls.superClass) : undefined;
      if (base?.type !== 'Identifier') continue;
      const imported = this.importOf(base);
      if (!imported || imported.name === '*') continue;
      const kinds = this.context.modules.resolver.fieldKindsOf(this.context.modules.file, imported.specifier, imported.name, this.context.modules.depth);
      for (const [field, kind] of kinds ?? []) {
        const key = `this:${name}.${field}`;
        if (!this.kinds.has(key)) this.kinds.set(key, kind as HandleKind);
      }
    }
  }

  /** `f` for `function f` / `const f = () =>`; `Class.m` (and `default.m` for a default-exported class) for methods. */
  private declaredNames(node: FunctionNode): string[] {
    const parent = node.parent;
    if (node.type === 'FunctionDeclaration') {
      const names = node.id ? [node.id.name] : [];
      if (parent?.type === 'ExportDefaultDeclaration') names.push('default');
      return names;
    }
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return [parent.id.name];
    if (parent?.type === 'MethodDefinition' && parent.kind !== 'constructor' && !parent.computed) {
      const cls = parent.parent.parent as TSESTree.ClassDeclaration | TSESTree.ClassExpression;
      const method = parent.key.type === 'Identifier' ? parent.key.name : parent.key.type === 'PrivateIdentifier' ? `#${parent.key.name}` : undefined;
      if (!method) return [];
      const names = [`${this.namer.classKey(cls)}.${method}`];
      if (cls.parent?.type === 'ExportDefaultDeclaration') names.push(`default.${method}`);
      return names;
    }
    if (parent?.type === 'ExportDefaultDeclaration') return ['default'];
    return [];
  }

  private portableHandle(key: string, fnNode: FunctionNode): PortableHandle | undefined {
    const directory = key.startsWith(DIRECTORY_KEY_PREFIX);
    const bare = directory ? key.slice(DIRECTORY_KEY_PREFIX.length) : key;
    const parameter = this.namer.parameterRoot(bare);
    if (parameter && parameter.fn === fnNode) return { param: parameter.index, rest: parameter.rest, directory };
    if (bare.startsWith('this:') || bare.startsWith('s:')) return { key: bare, rest: '', directory };
    return undefined;
  }

  /** The inline continuation of `x.then(f)` when `receiver` is that call. */
  private chainedFrom(receiver: Node): FunctionRecord | undefined {
    if (receiver.type !== 'CallExpression') return undefined;
    const callee = unwrap(receiver.callee);
    if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'then') return undefined;
    const first = receiver.arguments[0];
    return first && isFunctionNode(first) ? this.functionByNode.get(first) : undefined;
  }

  /** `const fsyncAsync = promisify(fs.fsync)`: a call of it behaves like the promise form of the row. */
  private promisifiedRow(call: TSESTree.CallExpression): ApiRow | undefined {
    const callee = unwrap(call.callee);
    let wrapped: Node | undefined;
    if (callee.type === 'CallExpression') wrapped = callee; // promisify(fs.fsync)(fd)
    else if (callee.type === 'Identifier') {
      const variable = findVariable(this.context.sourceCode.getScope(callee as never) as never, callee as never) as Scope.Variable | null;
      const def = variable?.defs[0];
      if (variable?.defs.length === 1 && def?.type === 'Variable') wrapped = (def.node as TSESTree.VariableDeclarator).init ?? undefined;
    }
    if (wrapped?.type !== 'CallExpression') return undefined;
    const promisify = unwrap(wrapped.callee);
    const name = promisify.type === 'Identifier' ? promisify.name : promisify.type === 'MemberExpression' ? propertyName(promisify) : undefined;
    if (name !== 'promisify' || !wrapped.arguments[0]) return undefined;
    const row = this.fs.values.get(unwrap(wrapped.arguments[0]));
    return row?.style === 'callback' ? { ...row, style: 'promise' } : undefined;
  }

  /**
   * `await new Promise((resolve) => fs.fsync(fd, (err) => err ? reject(err) : resolve()))`: once awaited, the
   * effects of the fs callback calls whose callback resolves the promise have happened.
   */
  private promiseExecutorSteps(node: TSESTree.NewExpression): Step[] | undefined {
    const executor = node.arguments[0];
    if (unwrap(node.callee).type !== 'Identifier' || (unwrap(node.callee) as TSESTree.Identifier).name !== 'Promise') return undefined;
    if (!executor || !isFunctionNode(executor) || !isAwaitedOrReturned(node)) return undefined;
    const resolve = executor.params[0];
    if (resolve?.type !== 'Identifier') return undefined;
    const steps: Step[] = [];
    for (const [call, row] of this.fs.calls) {
      if (row.style !== 'callback' || !containsNode(executor, call)) continue;
      const callback = this.inlineCallback(call);
      if (!callback) continue;
      const resolves = this.context.sourceCode.getText(callback.body as never).includes(`${resolve.name}(`);
      if (!resolves) continue;
      steps.push(...this.fsCallSteps({ ...row, style: 'sync' }, call).filter((step) => step.kind !== 'continuation'));
    }
    const record = this.functionByNode.get(executor);
    if (record && record.role === 'entry') record.role = 'inline';
    return steps;
  }

  /** Functions written inline as arguments of other calls (forEach, map, Promise executors) run "maybe, here". */
  private inlineArgumentSteps(args: readonly Node[], handled: Set<Node>, runsHere = true): Step[] {
    const steps: Step[] = [];
    for (const argument of args) {
      if (!isFunctionNode(argument) || handled.has(argument)) continue;
      const record = this.functionByNode.get(argument);
      if (!record) continue;
      if (record.role === 'entry') record.role = 'inline';
      // A callback handed to code we cannot see (a test hook, an event handler) runs at a time we do not know:
      // its writes are not the caller's. Array iteration and promise continuations run before the caller goes on.
      if (!runsHere) continue;
      steps.push({ kind: 'call', callee: record, bindings: new Map(), cleans: false, mayOnly: true });
    }
    return steps;
  }

  private isAcknowledgingCallback(callee: TSESTree.Identifier, call: TSESTree.CallExpression): boolean {
    const key = this.namer.keyOf(callee);
    const parameter = key ? this.namer.parameters.get(key) : undefined;
    if (!parameter) return false;
    const params = parameter.fn.params;
    const isLast = parameter.index === params.length - 1;
    if (!CALLBACK_PARAM_NAMES.test(callee.name) && !(isLast && /cb|callback/i.test(callee.name))) return false;
    // cb(err) inside `if (err)` and cb(new Error()) report failure, not durability
    const first = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
    if (first?.type === 'NewExpression') return false;
    if (first?.type === 'Identifier' && /^(err|error|e)$/i.test(first.name)) {
      for (let node: Node | undefined = call.parent; node && !isFunctionNode(node); node = node.parent) {
        if (node.type === 'IfStatement' && containsNode(node.consequent, call) && this.context.sourceCode.getText(node.test as never).includes(first.name)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The function whose completion callback this is, for messages. */
  private callbackOwner(callee: TSESTree.Identifier): string | undefined {
    const key = this.namer.keyOf(callee);
    const parameter = key ? this.namer.parameters.get(key) : undefined;
    return parameter ? functionDisplayName(parameter.fn, this.context.sourceCode as never) : undefined;
  }

  private callStep(target: FunctionRecord, call: TSESTree.CallExpression, fn: FunctionRecord): Step {
    if (target !== fn && target.role === 'entry') target.role = 'helper';
    const bindings = new Map<string, string>();
    const targetNode = target.node;
    if (isFunctionNode(targetNode)) {
      targetNode.params.forEach((param, index) => {
        const argument = call.arguments[index];
        const name = param.type === 'AssignmentPattern' ? param.left : param.type === 'TSParameterProperty' ? param.parameter : param;
        if (!argument || name.type !== 'Identifier') return;
        const paramKey = this.namer.keyOf(name);
        const argKey = argument.type === 'SpreadElement' ? undefined : this.namer.keyOf(argument);
        if (paramKey && argKey) bindings.set(paramKey, argKey);
      });
    }
    // An async helper that is not awaited has not finished its syncs when the caller goes on.
    const cleans = !target.isAsync || isAwaitedOrReturned(call);
    return { kind: 'call', callee: target, bindings, cleans, mayOnly: false };
  }

  private resolveFunction(identifier: TSESTree.Identifier): FunctionRecord | undefined {
    const scope = this.context.sourceCode.getScope(identifier as never) as Scope.Scope;
    let current: Scope.Scope | null = scope;
    while (current) {
      const variable = current.set.get(identifier.name);
      if (variable) {
        const def = variable.defs[0];
        if (!def) return undefined;
        if (def.type === 'FunctionName') return this.functionByNode.get(def.node as Node);
        if (def.type === 'Variable') {
          const init = (def.node as TSESTree.VariableDeclarator).init;
          if (init && isFunctionNode(init)) return this.functionByNode.get(init);
        }
        return undefined;
      }
      current = current.upper;
    }
    return undefined;
  }

  private resolveMethod(callee: TSESTree.MemberExpression): FunctionRecord | undefined {
    const method = propertyName(callee);
    if (!method) return undefined;
    const object = unwrap(callee.object);
    let className: string | undefined;
    if (object.type === 'ThisExpression') {
      const cls = enclosingClass(object);
      className = cls ? this.namer.classKey(cls) : undefined;
    } else if (object.type === 'Super') {
      return undefined;
    } else {
      const key = this.namer.keyOf(object);
      if (key?.startsWith('this:') && !key.slice(5).includes('.')) className = key.slice(5);
      else if (key?.startsWith('this:')) className = this.namer.fieldClass.get(key.slice(5));
      else if (key) className = this.namer.variableClass.get(key);
      if (!className && object.type === 'Identifier' && this.classDeclared(object.name)) className = object.name; // static method
    }
    const cls = className ? this.namer.declaredClasses.get(className) : undefined;
    if (!cls) return undefined;
    for (const element of cls.body.body) {
      if (element.type !== 'MethodDefinition' || element.kind === 'constructor') continue;
      const name = element.key.type === 'PrivateIdentifier' ? `#${element.key.name}` : element.key.type === 'Identifier' ? element.key.name : undefined;
      if (name === method) return this.functionByNode.get(element.value);
    }
    return undefined;
  }

  /** The catalog row of a FileHandle/WriteStream method called on a known handle. */
  private handleMethodRow(call: Node): ApiRow | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') return undefined;
    const method = propertyName(callee);
    if (!method) return undefined;
    const receiver = unwrap(callee.object);
    const key = this.namer.keyOf(receiver);
    const kind = this.kindOf(key, receiver);
    if (kind !== 'FileHandle' && kind !== 'WriteStream') return undefined;
    if (key && !this.kinds.has(key)) this.kinds.set(key, kind); // learnt from types: evidence reads it later
    return FS_API.find((row) => row.owner === kind && row.name === method);
  }

  private promiseSyncSteps(call: Node): Step[] {
    if (call.type !== 'CallExpression') return [];
    const callee = unwrap(call.callee);
    const key = callee.type === 'MemberExpression' ? this.namer.keyOf(callee.object) : undefined;
    return key ? [{ kind: 'sync', key, guarded: false }] : [];
  }

  private handleMethodSteps(row: ApiRow, call: TSESTree.CallExpression): Step[] {
    const callee = unwrap(call.callee) as TSESTree.MemberExpression;
    const key = this.namer.keyOf(callee.object);
    if (!key) return [];
    this.usedAsHandle.add(key);
    const effect: Step[] = [];
    switch (row.kind) {
      case 'write':
        // flush: true through a FileHandle is ignored by Node: still a plain write
        if (this.opensSync(key)) break;
        this.anchorHandles.set(call, callee.object);
        if (row.optionsArg !== undefined && isTrueLiteral(objectProperty(call.arguments[row.optionsArg], 'flush'))) this.flushRequested.add(call);
        if (row.owner === 'WriteStream') effect.push({ kind: 'write', key, anchor: call, queued: true }, { kind: 'handover', key });
        else effect.push({ kind: 'write', key, anchor: call });
        break;
      case 'sync':
        // an un-awaited sync has not happened when the function goes on; it still shows the handle is meant to be durable
        this.syncedKeys.add(key);
        if (isAwaitedOrReturned(call)) effect.push({ kind: 'sync', key, guarded: false });
        break;
      case 'destroy':
        effect.push({ kind: 'destroy', key });
        break;
      case 'close':
        if (row.owner !== 'WriteStream') break;
        // end(data) writes last; its callback runs at 'finish', when every write has reached the fd. A flush stream's
        // fsync comes later, before 'close', not before end() returns
        if (call.arguments[0] && !isFunctionNode(call.arguments[0]) && !this.opensSync(key)) {
          this.anchorHandles.set(call, callee.object);
          effect.push({ kind: 'write', key, anchor: call, queued: true });
        }
        effect.push({ kind: 'end', key, closes: !this.manuallyClosedStreams.has(key) }, { kind: 'handover', key });
        break;
      default:
        break;
    }
    return row.style === 'callback' ? this.completionSteps(call, effect, undefined) : effect;
  }

  /**
   * A callback-style call completes before its callback runs, not when it returns: here only the "may" part of its
   * effect applies (a write, a destroy); the whole effect applies inside an inline callback, or before a completion
   * callback handed straight through (`fs.write(fd, buf, cb)`).
   */
  private completionSteps(call: TSESTree.CallExpression, effect: Step[], callbackRecord: FunctionRecord | undefined): Step[] {
    const lastArgument = call.arguments[call.arguments.length - 1];
    const callbackIdentifier = lastArgument?.type === 'Identifier' ? lastArgument : undefined;
    const here = effect.filter((step) => step.kind !== 'sync' && step.kind !== 'open' && step.kind !== 'handover');
    const inline = lastArgument && isFunctionNode(lastArgument) ? this.functionByNode.get(lastArgument) : undefined;
    const record = callbackRecord ?? inline;
    if (record) {
      record.role = 'continuation';
      here.push({ kind: 'continuation', fn: record, then: effect });
    } else if (callbackIdentifier && this.isAcknowledgingCallback(callbackIdentifier, call)) {
      return [...effect, { kind: 'ack', calleeText: callbackIdentifier.name, owner: this.callbackOwner(callbackIdentifier) }];
    }
    return here;
  }

  private fsCallSteps(catalogued: ApiRow, call: TSESTree.CallExpression): Step[] {
    const last = call.arguments[call.arguments.length - 1];
    // an optional callback: an inline function, or a name that says so (an identifier there may be the options)
    const callbackLast = last !== undefined && call.arguments.length > (catalogued.dataArg ?? 0) + 1 && (isFunctionNode(last) || (last.type === 'Identifier' && CALLBACK_PARAM_NAMES.test(last.name)));
    const row: ApiRow = catalogued.optionalCallback && callbackLast ? { ...catalogued, style: 'callback' } : catalogued;
    const handleArg = typeof row.handle === 'number' ? call.arguments[row.handle] : undefined;
    const key = handleArg ? this.namer.keyOf(handleArg) : undefined;
    const callback = row.style === 'callback' ? this.inlineCallback(call) : undefined;
    const callbackRecord = callback ? this.functionByNode.get(callback) : undefined;
    if (key && row.kind !== 'open' && !this.kinds.has(key)) this.kinds.set(key, row.handleKind);
    if (key) this.usedAsHandle.add(key);

    const effect: Step[] = [];
    switch (row.kind) {
      case 'open': {
        const stored = this.storedHandleKey(call) ?? (callback?.params[1] ? this.namer.keyOf(callback.params[1]) : undefined);
        const flags = this.openFlagsOf(row, call);
        if (stored) effect.push({ kind: 'open', key: stored });
        if (flags.creates && this.mayCreate(call, key)) {
          effect.push(...this.entryChange(call, handleArg, 'create', [stored, key].filter((k): k is string => k !== undefined)));
        }
        // reopening a log with 'w' destroys its contents
        if (flags.truncating && key && row.name !== 'createWriteStream') effect.push({ kind: 'destroy', key });
        break;
      }
      case 'write': {
        if (!key) break;
        const viaHandle = this.kinds.get(key) === 'FileHandle';
        if (this.opensSync(key)) break;
        const data = row.dataArg !== undefined ? call.arguments[row.dataArg] : undefined;
        if (row.oneShot === 'replace' && literalString(data) === '') {
          effect.push({ kind: 'destroy', key });
          break;
        }
        effect.push({ kind: 'write', key, anchor: call });
        if (handleArg) this.anchorHandles.set(call, handleArg);
        if (handleArg && row.handleKind === 'path') this.noteDirectoryOf(key, handleArg);
        const options = row.optionsArg !== undefined ? call.arguments[row.optionsArg] : undefined;
        if (row.atomic) {
          // a temp file, fsynced unless told not to, renamed over the target: the data is durable, the new directory
          // entry is not
          if (!isFalseLiteral(objectProperty(options, 'fsync'))) effect.push({ kind: 'sync', key, guarded: false, byLibrary: true });
          effect.push(...this.entryChange(call, handleArg, 'rename', [key]));
          break;
        }
        if (isTrueLiteral(objectProperty(options, 'flush'))) this.flushRequested.add(call);
        if (row.flush && !viaHandle && this.flushHonoured(row, call)) {
          // a promise-style durable write is durable only once awaited
          if (row.style !== 'promise' || isAwaitedOrReturned(call)) effect.push({ kind: 'sync', key, guarded: false });
        }
        break;
      }
      case 'sync': {
        const stream = handleArg ? this.streamOfFd(handleArg) : undefined;
        if (stream) effect.push({ kind: 'streamFdSync', key: stream, call }, { kind: 'sync', key: stream, guarded: false, viaStreamFd: true });
        if (key && key !== `${stream}.fd`) effect.push({ kind: 'sync', key, guarded: false });
        break;
      }
      case 'destroy':
        if (key) effect.push({ kind: 'destroy', key });
        if (row.removesEntry && key) effect.push(...this.entryChange(call, handleArg, 'remove', [key]));
        break;
      case 'rename': {
        const targetArg = row.targetArg !== undefined ? call.arguments[row.targetArg] : undefined;
        const target = targetArg ? this.namer.keyOf(targetArg) : undefined;
        if (key) effect.push({ kind: 'rename', source: key, target });
        // a temp file renamed away is not a new entry, wherever it goes (even into a directory we cannot name)
        if (key) this.renamedSources.add(key);
        if (target) effect.push({ kind: 'destroy', key: target });
        effect.push(...this.entryChange(call, targetArg, 'rename', [key, target].filter((k): k is string => k !== undefined)));
        break;
      }
      default:
        break;
    }

    if (row.style === 'callback') return this.completionSteps(call, effect, callbackRecord);
    if (row.style === 'promise' && !isAwaitedOrReturned(call)) {
      // an un-awaited promise write still happens (dirty); its completion (sync) is not waited for
      for (const step of effect) if (step.kind === 'sync' && !step.byLibrary) this.syncedKeys.add(step.key);
      return effect.filter((step) => step.kind !== 'sync');
    }
    return effect;
  }

  private noteDirectoryOf(pathKey: string, expression: Node): void {
    if (this.directoryOfPath.has(pathKey)) return;
    const directory = this.directoryKeyOf(expression);
    if (directory) this.directoryOfPath.set(pathKey, directory);
  }

  /** The directory a file is in, for a path key or a handle opened on a path. */
  private directoryOfFile(key: string): string | undefined {
    return this.directoryOfPath.get(key) ?? this.directoryOfPath.get(this.openedFrom.get(key) ?? '');
  }

  /** `ws.fd` of a WriteStream, or the fd a stream was created over: the key of the stream. */
  private streamOfFd(expression: Node): string | undefined {
    const inner = unwrap(expression);
    const over = this.streamOverFd.get(this.namer.keyOf(inner) ?? '');
    if (over) return over;
    if (inner.type !== 'MemberExpression' || propertyName(inner) !== 'fd') return undefined;
    const key = this.namer.keyOf(inner.object);
    return key && this.kindOf(key, inner.object) === 'WriteStream' ? key : undefined;
  }

  /** Whether `flush: true` in this one-shot write really fsyncs on Node 20.20 (see catalog.ts). */
  private flushHonoured(row: ApiRow, call: TSESTree.CallExpression): boolean {
    const options = row.optionsArg !== undefined ? call.arguments[row.optionsArg] : undefined;
    if (!isTrueLiteral(objectProperty(options, 'flush'))) return false;
    if (row.style !== 'sync') return true;
    // writeFileSync/appendFileSync skip flush for string data with encoding 'utf8' (nodejs/node#60552)
    const encoding = literalString(objectProperty(options, 'encoding'));
    if (encoding === undefined || !FLUSH_SKIPPING_ENCODINGS.has(encoding.toLowerCase())) return true;
    const data = row.dataArg !== undefined ? call.arguments[row.dataArg] : undefined;
    return data !== undefined && !this.isStringValued(data);
  }

  private isStringValued(node: Node): boolean {
    const inner = unwrap(node);
    if (inner.type === 'Literal') return typeof inner.value === 'string';
    if (inner.type === 'TemplateLiteral') return true;
    if (inner.type === 'CallExpression') {
      const callee = unwrap(inner.callee);
      if (callee.type === 'Identifier' && callee.name === 'String') return true;
      if (callee.type === 'MemberExpression') {
        const name = propertyName(callee);
        if (name === 'stringify' || name === 'toString' || name === 'join') return true;
        if (name && /^(from|alloc|concat|allocUnsafe)$/.test(name)) return false;
      }
    }
    if (this.types?.isString) return this.types.isString(inner);
    // Unknown data: assume a string, the common case, so the hole is not hidden.
    return true;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Solving

  private problem(fn: FunctionRecord, options: SolveOptions, hooks: Hooks | undefined): FlowProblem<Step> {
    return new FunctionProblem(this.host, fn, options, hooks);
  }

  /** What a function's flow problem asks of the analysis: made once per file, not once per solve. */
  private readonly host: ProblemHost = {
    stepsOf: (node) => this.steps.get(node) ?? [],
    apply: (state, step, node, fn, options, hooks) => this.apply(state, step, node, fn, options, hooks),
    catchTargetsOf: (node, fn) => this.catchTargetsOf(node, fn),
    finallyTargetOf: (node, fn) => this.finallyTargetOf(node, fn),
  };

  /**
   * A function's fixed point, solved again only when what it depends on has changed: the options (when it has a sync
   * behind an option guard), its entry state, its callees' summaries. Summaries and findings of every option set
   * share it; the hooks run on a replay of it.
   */
  private fixpointOf(fn: FunctionRecord, options: SolveOptions, start: FlowState): FlowSolution {
    const key = optionsKey(fn, options);
    const callees = fn.callees.map((callee) => summaryFor(callee, options));
    const memo = fn.fixpoints.get(key);
    if (memo && sameList(memo.callees, callees) && sameState(memo.start, start)) return memo.solution;
    const solution = fixpoint(this.problem(fn, options, undefined), start);
    fn.fixpoints.set(key, { start, callees, solution });
    return solution;
  }

  private readonly finallySegments = new Map<Node, CodePathSegment[]>();

  /** A throw in a `try` block without `catch`, or in a `catch` block, runs the `finally` block on its way out. */
  private finallyTargetOf(node: Node, fn: FunctionRecord): { segment: CodePathSegment; block: Node } | undefined {
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return undefined;
    if (this.finallyCache.has(node)) return this.finallyCache.get(node);
    return upwards(node, fn.node, this.finallyCache, undefined, (current, parent) => {
      if (parent?.type !== 'TryStatement') return GO_ON;
      if (parent.block === current && parent.handler) return undefined;
      if ((parent.block === current || parent.handler === current) && parent.finalizer) {
        const segment = (this.finallySegments.get(parent.finalizer) ?? []).find((candidate) => fn.records.has(candidate.id));
        return segment ? { segment, block: parent.finalizer } : undefined;
      }
      return GO_ON;
    });
  }

  private readonly finallyCache = new Map<Node, { segment: CodePathSegment; block: Node } | undefined>();

  private readonly catchCache = new Map<Node, readonly CodePathSegment[]>();

  private catchTargetsOf(node: Node, fn: FunctionRecord): readonly CodePathSegment[] {
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return [];
    const cached = this.catchCache.get(node);
    if (cached) return cached;
    return upwards(node, fn.node, this.catchCache, [], (current, parent) =>
      parent?.type === 'TryStatement' && parent.block === current && parent.handler
        ? (this.catchSegments.get(parent.handler) ?? []).filter((segment) => fn.records.has(segment.id))
        : GO_ON,
    );
  }

  private apply(state: FlowState, step: Step, node: Node, fn: FunctionRecord, options: SolveOptions, hooks: Hooks | undefined): FlowState {
    switch (step.kind) {
      case 'write': {
        const current = state.get(step.key);
        // every change of a directory's entries is its own report; a file's first unsynced write stands for the rest
        if (isDirty(current) && step.key.startsWith(DIRECTORY_KEY_PREFIX) && !current.anchors.has(step.anchor)) {
          return withHandle(state, step.key, { anchors: new Set([...current.anchors, step.anchor]), inherits: current.inherits });
        }
        if (isDirty(current)) return step.queued && !current.queued ? withHandle(state, step.key, { ...current, queued: true }) : state;
        return withHandle(state, step.key, { anchors: new Set([step.anchor]), inherits: current === undefined, ...streamFlags(step.queued === true, false) });
      }
      case 'handover': {
        const current = state.get(step.key);
        return isDirty(current) && current.queued ? withHandle(state, step.key, { anchors: current.anchors, inherits: current.inherits, ...streamFlags(false, current.ended === true) }) : state;
      }
      case 'end': {
        const current = state.get(step.key);
        return step.closes && isDirty(current) && !current.ended ? withHandle(state, step.key, { ...current, ended: true }) : state;
      }
      case 'streamFdSync':
        hooks?.streamFdSync(step.call, step.key, state, fn);
        return state;
      case 'sync': {
        if (step.guarded && !options.optionGuardedSyncCounts) return state;
        const current = state.get(step.key);
        // fsync(ws.fd) syncs nothing while the data is still in the stream, nor once the stream has closed its fd
        if (step.viaStreamFd && isDirty(current) && (current.queued || current.ended)) return state;
        let next = withHandle(state, step.key, 'clean');
        // syncing an fd opened from a path syncs what was written through that path too; an fd opened on a
        // directory syncs the directory's entries
        const path = this.openedFrom.get(step.key);
        if (path) next = withHandle(withHandle(next, path, 'clean'), `${DIRECTORY_KEY_PREFIX}${path}`, 'clean');
        return next;
      }
      case 'open':
        return withHandle(state, step.key, 'clean');
      case 'destroy': {
        hooks?.destroy(node, step.key, state, fn);
        // the old contents are gone: what a handle on the same file still had unsynced no longer needs a sync
        let next = withHandle(state, step.key, 'clean');
        for (const [fd, path] of this.openedFrom) if (path === step.key) next = withHandle(next, fd, 'clean');
        // rm(dir, { recursive: true }): the files in it go too
        for (const [key, value] of state) if (isDirty(value) && this.directoryOfFile(key) === step.key) next = withHandle(next, key, 'clean');
        return next;
      }
      case 'ack':
        hooks?.ack(node, step.calleeText, step.owner, state, fn);
        return state;
      case 'rename':
        hooks?.rename?.(node, step.source, step.target, state, fn);
        return state;
      case 'external': {
        // another module's function: what it leaves clean is clean (once it has finished), what it leaves dirty is
        // dirty, written by this call
        let next = state;
        if (step.cleanOnly === 'option' && !options.optionGuardedSyncCounts) return next;
        for (const effect of step.summary.effects) {
          const key = this.localKeyOf(effect, step.call, step.thisClass);
          if (!key) continue;
          if (step.cleanOnly && (effect.value !== 'clean' || (step.cleanOnly === 'directories' && !key.startsWith(DIRECTORY_KEY_PREFIX)))) continue;
          if (effect.value === 'clean') {
            if (step.cleans) next = withHandle(next, key, 'clean');
          } else if (!isDirty(next.get(key)) && !this.opensSync(key)) {
            next = withHandle(next, key, { anchors: new Set([step.call]), inherits: next.get(key) === undefined });
          }
        }
        return next;
      }
      case 'continuation': {
        if (hooks && !hooks.thrown && step.fn) {
          let entry = state;
          for (const inner of step.then) entry = this.apply(entry, inner, node, fn, options, undefined);
          step.fn.continuationEntry = step.fn.continuationEntry ? joinStates(step.fn.continuationEntry, entry) : entry;
        }
        return state;
      }
      case 'call': {
        hooks?.call(node, step, state, fn);
        return this.applySummary(state, step, fn, options);
      }
      default:
        return state;
    }
  }

  /** Per call step, a callee's key -> the caller's: summaries are applied at every visit of every solve. */
  private readonly mappedKeys = new Map<Extract<Step, { kind: 'call' }>, Map<string, string | undefined>>();

  /** A callee's key as the caller names it at this call (undefined: it means nothing there). */
  private mapKey(key: string, step: Extract<Step, { kind: 'call' }>): string | undefined {
    let mapped = this.mappedKeys.get(step);
    if (!mapped) {
      mapped = new Map();
      this.mappedKeys.set(step, mapped);
    }
    if (mapped.has(key)) return mapped.get(key);
    const result = this.computeMapKey(key, step);
    mapped.set(key, result);
    return result;
  }

  private computeMapKey(key: string, step: Extract<Step, { kind: 'call' }>): string | undefined {
    if (key.startsWith(DIRECTORY_KEY_PREFIX)) {
      const directory = this.mapKey(key.slice(DIRECTORY_KEY_PREFIX.length), step);
      return directory ? `${DIRECTORY_KEY_PREFIX}${directory}` : undefined;
    }
    const callee = step.callee.node;
    const parameter = this.namer.parameterRoot(key);
    if (parameter && isFunctionNode(callee) && parameter.fn === callee) {
      const bound = step.bindings.get(parameter.root);
      return bound ? this.namer.canonical(bound + parameter.rest) : undefined;
    }
    if (isFunctionNode(callee) && this.namer.isLocalTo(key, callee)) return undefined;
    return key;
  }

  private applySummary(state: FlowState, step: Extract<Step, { kind: 'call' }>, fn: FunctionRecord, options: SolveOptions): FlowState {
    let next = state;
    if (step.cleanOnly) {
      if (step.cleanOnly === 'option' && !options.optionGuardedSyncCounts) return next;
      for (const [calleeKey, value] of summaryFor(step.callee, options).exit) {
        const key = this.mapKey(calleeKey, step);
        if (value === 'clean' && key && (step.cleanOnly === 'option' || key.startsWith(DIRECTORY_KEY_PREFIX))) next = withHandle(next, key, 'clean');
      }
      return next;
    }
    for (const [calleeKey, value] of summaryFor(step.callee, options).exit) {
      // A file outlives the callee's local fd: a file it left dirty is still dirty in the caller.
      const key = this.mapKey(calleeKey, step) ?? (isDirty(value) && !calleeKey.startsWith('t:') ? calleeKey : undefined);
      if (!key || (isFunctionNode(fn.node) && step.callee === fn && this.namer.isLocalTo(key, fn.node))) continue;
      const current = next.get(key);
      if (value === 'clean') {
        if (step.cleans && !step.mayOnly) next = withHandle(next, key, 'clean');
      } else if (this.opensSync(key)) {
        // a helper's write through a handle opened here with a sync flag is durable as it happens
        continue;
      } else if (value.inherits || step.mayOnly) {
        const anchors = isDirty(current) ? new Set([...current.anchors, ...value.anchors]) : value.anchors;
        next = withHandle(next, key, { anchors, inherits: isDirty(current) ? current.inherits : current === undefined });
      } else {
        next = withHandle(next, key, { anchors: value.anchors, inherits: false });
      }
    }
    return next;
  }

  /** Summaries to a fixpoint: a callee's summary changing re-solves its callers, and only them. */
  private summarize(options: SolveOptions): void {
    const callers = new Map<FunctionRecord, Set<FunctionRecord>>();
    for (const fn of this.functions) {
      for (const record of fn.records.values()) {
        for (const node of record.nodes) {
          for (const step of this.steps.get(node) ?? []) {
            if (step.kind !== 'call') continue;
            const set = callers.get(step.callee) ?? new Set();
            set.add(fn);
            callers.set(step.callee, set);
          }
        }
      }
    }
    const candidates = this.functions.filter((fn) => fn.role !== 'continuation');
    // only the summaries something reads: a function nobody calls changes no other summary when it is solved; and
    // only those not final yet (a summary the options do not matter to was solved with the first options set)
    const pending = candidates.filter((fn) => fn.summarized && !fn.summary.has(optionsKey(fn, options)));
    const open = new Set(pending);
    const queued = new Set(pending);
    // Each function's summary can only grow, and it is finite: the bound is a guard against a bug.
    let budget = 50 * (candidates.length + 1);
    while (pending.length > 0 && budget-- > 0) {
      const fn = pending.shift() as FunctionRecord;
      queued.delete(fn);
      const summary = this.summaryOf(fn, options);
      const previous = fn.summary.get(optionsKey(fn, options)) ?? EMPTY_SUMMARY;
      const unchanged = sameSummary(summary, previous);
      fn.summary.set(optionsKey(fn, options), unchanged ? previous : summary);
      if (unchanged) continue;
      for (const caller of callers.get(fn) ?? []) {
        if (open.has(caller) && !queued.has(caller)) {
          queued.add(caller);
          pending.push(caller);
        }
      }
    }
  }

  /** A function's summary: computed again only when its fixed point's inputs have changed. */
  private summaryOf(fn: FunctionRecord, options: SolveOptions): Summary {
    const key = optionsKey(fn, options);
    const callees = fn.callees.map((callee) => summaryFor(callee, options));
    const memo = fn.summaries.get(key);
    if (memo && sameList(memo.callees, callees)) return memo.summary;
    const summary = this.computeSummary(fn, options);
    fn.summaries.set(key, { callees, summary });
    return summary;
  }

  private computeSummary(fn: FunctionRecord, options: SolveOptions): Summary {
    // no steps: every state is the entry state, and the summary is the empty one
    if (!fn.hasSteps) return { exit: EMPTY_STATE, destroys: [] };
    const solution = this.fixpointOf(fn, options, EMPTY_STATE);
    // the replay only collects destroys: its own, and those of the functions it calls
    const destroys: DestroySummary[] = [];
    if (fn.destroys || fn.callees.some((callee) => summaryFor(callee, options).destroys.length > 0)) {
      const hooks: Hooks = {
        destroy: (node, key, state) => {
          const cleanBefore = new Set<string>();
          for (const [k, v] of state) if (v === 'clean') cleanBefore.add(k);
          destroys.push({ node, key, cleanBefore });
        },
        ack: () => undefined,
        streamFdSync: () => undefined,
        call: (_node, step, state) => {
          for (const inner of summaryFor(step.callee, options).destroys) {
            const cleanBefore = new Set<string>();
            for (const [k, v] of state) if (v === 'clean') cleanBefore.add(k);
            for (const k of inner.cleanBefore) {
              const mapped = this.mapKey(k, step);
              if (mapped) cleanBefore.add(mapped);
            }
            const key = this.mapKey(inner.key, step);
            if (key) destroys.push({ node: inner.node, key, cleanBefore });
          }
        },
      };
      replay(this.problem(fn, options, hooks), solution);
    }
    let exit: FlowState | undefined;
    for (const segment of fn.codePath.returnedSegments) {
      const state = solution.exit.get(segment.id);
      if (state) exit = exit ? joinStates(exit, state) : state;
    }
    // A local fd opened on a path the caller passed in and left dirty: the caller's file is dirty.
    let settled = exit ?? EMPTY_STATE;
    if (isFunctionNode(fn.node)) {
      for (const [key, value] of settled) {
        const path = this.openedFrom.get(key);
        if (!isDirty(value) || !path || isDirty(settled.get(path)) || this.namer.parameterRoot(path)?.fn !== fn.node) continue;
        settled = withHandle(settled, path, value);
      }
    }
    return { exit: settled, destroys: dedupeDestroys(destroys) };
  }

  /**
   * Keys a helper syncs count as "synced somewhere" for the caller's handles. Only real syncs: a helper that leaves
   * a handle clean because it opened or destroyed it has not synced it.
   */
  private collectSummarySyncs(): void {
    const synced = new Map<FunctionRecord, Set<string>>();
    const calls: { fn: FunctionRecord; step: Extract<Step, { kind: 'call' }> }[] = [];
    for (const fn of this.functions) {
      const own = new Set<string>();
      for (const record of fn.records.values()) {
        for (const node of record.nodes) {
          for (const step of this.steps.get(node) ?? []) {
            if (step.kind === 'sync' && !step.byLibrary) {
              own.add(step.key);
              const path = this.openedFrom.get(step.key);
              if (path) own.add(path);
              // an fd opened read-only and synced: the directory idiom
              if (path && this.openedReadOnly(step.key)) own.add(`${DIRECTORY_KEY_PREFIX}${path}`);
            } else if (step.kind === 'call') calls.push({ fn, step });
          }
        }
      }
      synced.set(fn, own);
    }
    // to a fixpoint over the call graph: sets only grow, and the keys are finite
    for (let changed = true, rounds = 0; changed && rounds < 50; rounds++) {
      changed = false;
      for (const { fn, step } of calls) {
        const into = synced.get(fn) as Set<string>;
        for (const key of synced.get(step.callee) ?? []) {
          const mapped = this.mapKey(key, step);
          if (mapped && !into.has(mapped)) {
            into.add(mapped);
            changed = true;
          }
        }
      }
    }
    this.syncsByFunction = synced;
    for (const keys of synced.values()) for (const key of keys) this.syncedKeys.add(key);
    // what helpers of other modules sync counts too
    for (const steps of this.steps.values()) {
      for (const step of steps) {
        if (step.kind !== 'external') continue;
        for (const handle of step.summary.syncs) {
          const key = this.localKeyOf(handle, step.call, step.thisClass);
          if (key) this.syncedKeys.add(key);
        }
      }
    }
    for (const [fd, path] of this.openedFrom) {
      if (!this.syncedKeys.has(fd)) continue;
      this.syncedKeys.add(path);
      if (this.openedReadOnly(fd)) this.syncedKeys.add(`${DIRECTORY_KEY_PREFIX}${path}`);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reporting

  private report(options: SolveOptions): Findings {
    this.summarize(options);
    const unsyncedAcks = new Map<Node, UnsyncedAck>();
    const destroys = new Map<string, DestroyWhileDirty>();
    const directoryEntries = new Map<Node, UnsyncedDirectoryEntry>();
    const renames = new Map<string, RenameOfDirty>();
    const misplaced = new Map<Node, MisplacedStreamSync>();
    for (const fn of this.functions) fn.continuationEntry = undefined;

    const checkStreamSync = (call: TSESTree.CallExpression, key: string, state: FlowState): void => {
      const value = state.get(key);
      if (!isDirty(value) || (!value.queued && !value.ended)) return;
      const reason = value.ended ? (value.queued ? 'ended' : 'closing') : 'queued';
      const existing = misplaced.get(call);
      const anchors = existing ? new Set([...existing.anchors, ...value.anchors]) : value.anchors;
      // the worst reason on any path wins: a closed fd over a queued write over a race with the close
      const rank = { ended: 2, queued: 1, closing: 0 } as const;
      const worst = existing && rank[existing.reason] > rank[reason] ? existing.reason : reason;
      const fdText = call.arguments[0] ? this.context.sourceCode.getText(unwrap(call.arguments[0]) as never) : `${this.textAt(key, call)}.fd`;
      misplaced.set(call, { call, key, streamText: this.textAt(key, call), fdText, reason: worst, anchors });
    };

    const checkAck = (exit: ExitPoint, state: FlowState, fn: FunctionRecord): void => {
      for (const [key, value] of state) {
        if (!isDirty(value)) continue;
        if (key.startsWith(DIRECTORY_KEY_PREFIX)) {
          checkDirectoryAck(exit, key, value.anchors, fn);
          continue;
        }
        // a temp file's data reaches its name only through the rename (require-fsync-before-rename's report point);
        // on a path without the rename it is garbage
        if (this.isRenamedFile(key)) continue;
        const { evident, evidence } = this.evidence(key, fn, value.anchors);
        for (const anchor of value.anchors) {
          const existing = unsyncedAcks.get(anchor);
          if (existing && (existing.evident || !evident)) continue;
          unsyncedAcks.set(anchor, {
            anchor,
            key,
            handleText: this.handleTextAt(key, anchor, exit.node),
            handleKind: this.kinds.get(key),
            exit,
            evident,
            evidence,
          });
        }
      }
    };

    const checkDirectoryAck = (exit: ExitPoint, key: string, anchors: ReadonlySet<Node>, fn: FunctionRecord): void => {
      for (const anchor of anchors) {
        const change = this.entryChanges.get(anchor);
        if (!change || this.isRenamedAway(change)) continue;
        // A removed file that comes back is garbage, rarely lost data: only strict reports it, and only in a file that
        // syncs directories (elsewhere, a removal is cleanup: all of the removals in the noise corpora were).
        if (change.operation === 'remove' && !this.directoryEvidence(key, [], fn, 'create').evident) continue;
        const { evident, evidence } = change.operation === 'remove' ? { evident: false, evidence: undefined } : this.directoryEvidence(key, change.files, fn, change.operation);
        const existing = directoryEntries.get(anchor);
        if (existing && (existing.evident || !evident)) continue;
        directoryEntries.set(anchor, {
          anchor,
          operation: change.operation,
          key,
          directoryText: this.textAt(key.slice(DIRECTORY_KEY_PREFIX.length), exit.node),
          exit,
          evident,
          evidence,
        });
      }
    };

    /** The dirty handle `key`, written at `anchor`, as seen at the report point `node`. */
    const dirtyAt = (node: Node, key: string, anchor: Node, evident: boolean): DirtyAtStatement => ({
      dirtyKey: key,
      dirtyText: this.handleTextAt(key, anchor, node),
      dirtyKind: this.kinds.get(key),
      anchor,
      evident,
      insertBefore: statementOf(node),
      isAsync: enclosingAsync(node),
    });

    const checkRename = (node: Node, source: string, target: string | undefined, state: FlowState, fn: FunctionRecord): void => {
      for (const [key, value] of state) {
        if (!isDirty(value) || key.startsWith(DIRECTORY_KEY_PREFIX)) continue;
        if (key !== source && this.openedFrom.get(key) !== source) continue;
        // Durability is meant when the handle shows it, or when the renamed file's directory is synced.
        // ... or when the file syncs a directory at all (the target's directory may be named through a helper we
        // cannot read): a file that makes renames durable means its renamed files to be
        const directory = this.directoryOfChange(node);
        const evident =
          this.evidence(key, fn, value.anchors).evident ||
          (directory !== undefined && this.syncedKeys.has(directory)) ||
          this.syncsADirectory();
        for (const anchor of value.anchors) {
          const id = `${node.range[0]}:${key}`;
          const existing = renames.get(id);
          if (existing && (existing.evident || !evident)) continue;
          renames.set(id, {
            ...dirtyAt(node, key, anchor, evident),
            rename: node,
            sourceText: this.textAt(source, node),
            targetText: target ? this.textAt(target, node) : 'the target',
          });
        }
      }
    };

    const checkDestroy = (node: Node, destroyedKey: string, state: FlowState, cleanInside: Set<string> | undefined, fn: FunctionRecord): void => {
      const sameFile = new Set([destroyedKey, this.openedFrom.get(destroyedKey)]);
      for (const [fd, path] of this.openedFrom) if (path === destroyedKey) sameFile.add(fd);
      // a truncating reopen, an empty one-shot write or a rename over a name only counts when the name is a log
      // this file writes elsewhere; explicit truncate/unlink/rm always count
      if (!this.destroysALog(node, destroyedKey)) return;
      for (const [key, value] of state) {
        if (!isDirty(value) || sameFile.has(key) || cleanInside?.has(key) || key.startsWith(DIRECTORY_KEY_PREFIX)) continue;
        // rm(dir, { recursive: true }) removes the dirty file with it: nothing is left to lose
        if (this.directoryOfFile(key) === destroyedKey) continue;
        // Destroying a log that is itself meant to be durable is evidence enough that the data it protected is too.
        const evident =
          this.evidence(key, fn, value.anchors).evident ||
          (this.isWrittenOrOpenedElsewhere(destroyedKey, node) && this.evidence(destroyedKey, fn, new Set([node])).evident);
        for (const anchor of value.anchors) {
          const id = `${node.range[0]}:${key}`;
          const existing = destroys.get(id);
          if (existing && (existing.evident || !evident)) continue;
          destroys.set(id, { ...dirtyAt(node, key, anchor, evident), destroy: node, destroyedText: this.textAt(destroyedKey, node) });
        }
      }
    };

    const ordered = [...this.functions].sort((a, b) => a.node.range[0] - b.node.range[0] || b.node.range[1] - a.node.range[1]);
    // one set of hooks for every function: each hook is told the function it is called in
    const hooks: Hooks = {
      streamFdSync: (call, key, state) => checkStreamSync(call, key, state),
      rename: (node, source, target, state, fn) => checkRename(node, source, target, state, fn),
      destroy: (node, key, state, fn) => checkDestroy(node, key, state, undefined, fn),
      ack: (node, calleeText, owner, state, fn) => {
        const line = node.loc.start.line;
        checkAck(
          {
            node,
            description: `the call to \`${calleeText}\` on line ${line}`,
            functionName: owner ?? fn.name,
            insertBefore: statementOf(node),
            isAsync: fn.isAsync,
          },
          state,
          fn,
        );
      },
      call: (_node, step, state, fn) => {
        for (const inner of summaryFor(step.callee, options).destroys) {
          const key = this.mapKey(inner.key, step);
          if (!key) continue;
          const cleanInside = new Set<string>();
          for (const k of inner.cleanBefore) {
            const mapped = this.mapKey(k, step);
            if (mapped) cleanInside.add(mapped);
          }
          checkDestroy(inner.node, key, state, cleanInside, fn);
        }
      },
    };
    for (const fn of ordered) {
      if (fn.role === 'continuation' && !fn.continuationEntry) continue;
      // from its empty entry state, a function whose steps only open and sync has nothing dirty anywhere: no hook
      // fires, no exit acknowledges anything (a continuation's entry state need not be empty)
      if (fn.onlyCleans && fn.role !== 'continuation' && fn.chainedContinuations.length === 0) continue;
      const entry = fn.role === 'continuation' ? (fn.continuationEntry ?? EMPTY_STATE) : EMPTY_STATE;
      const solution = this.fixpointOf(fn, options, entry);
      replay(this.problem(fn, options, hooks), solution);
      if (fn.chainedContinuations.length > 0) {
        let settled: FlowState | undefined;
        for (const segment of fn.codePath.returnedSegments) {
          const state = solution.exit.get(segment.id);
          if (state) settled = settled ? joinStates(settled, state) : state;
        }
        for (const next of fn.chainedContinuations) {
          if (settled) next.continuationEntry = next.continuationEntry ? joinStates(next.continuationEntry, settled) : settled;
        }
      }
      // The last continuation of a promise chain that an entry function returns (or awaits) settles that function.
      const settled = fn.role === 'continuation' ? this.entrySettledBy(fn) : undefined;
      if (settled) {
        for (const segment of fn.codePath.returnedSegments) {
          const state = solution.exit.get(segment.id);
          if (!state) continue;
          const exit = this.exitPoint(fn, segment);
          const line = (exit.node.type === 'ReturnStatement' ? exit.node : isFunctionNode(fn.node) ? fn.node.body : fn.node).loc.end.line;
          checkAck({ ...exit, description: `the promise returned by \`${settled.name}\` (settled on line ${line})`, functionName: settled.name }, state, fn);
        }
        continue;
      }
      // A function that takes a completion callback acknowledges by calling it, not by returning.
      if (fn.role !== 'entry' || this.takesCompletionCallback(fn)) continue;
      for (const segment of fn.codePath.returnedSegments) {
        const state = solution.exit.get(segment.id);
        if (state) checkAck(this.exitPoint(fn, segment), state, fn);
      }
    }
    const byPosition = (a: Node, b: Node) => a.range[0] - b.range[0];
    return {
      unsyncedAcks: [...unsyncedAcks.values()].sort((a, b) => byPosition(a.anchor, b.anchor)),
      destroysWhileDirty: [...destroys.values()].sort((a, b) => byPosition(a.destroy, b.destroy)),
      unsyncedDirectoryEntries: [...directoryEntries.values()].sort((a, b) => byPosition(a.anchor, b.anchor)),
      renamesOfDirty: [...renames.values()].sort((a, b) => byPosition(a.rename, b.rename)),
      misplacedStreamSyncs: [...misplaced.values()].sort((a, b) => byPosition(a.call, b.call)),
    };
  }

  /**
   * How to name the handle a write left dirty, at `node`: by its key (`this.fd`, also for an alias of it), except a
   * field of another class's instance, which is named as the write names it (`this.log.fd`) when both are in one
   * function, so that a suggested sync is code that compiles.
   */
  private handleTextAt(key: string, anchor: Node, node: Node): string {
    const text = this.textAt(key, node);
    const written = this.anchorHandles.get(anchor);
    const at = isFunctionNode(node) || node.type === 'Program' ? node : enclosingFunctionOrProgram(node);
    if (enclosingFunctionOrProgram(anchor) !== at) return text;
    // `this.fh!.write()`: keep the `!` so that the suggested `this.fh!.sync()` type-checks
    if (written?.type === 'TSNonNullExpression' && text === this.context.sourceCode.getText(unwrap(written) as never)) {
      return this.context.sourceCode.getText(written as never);
    }
    if (!key.startsWith('this:') || text.startsWith('this.')) return text;
    if (written) return this.context.sourceCode.getText(unwrap(written) as never);
    // `this.pager.write(page)` of a class from another module: its field, through the receiver written here
    const callee = anchor.type === 'CallExpression' ? unwrap(anchor.callee) : undefined;
    const field = /^this:[^.]+\.(.*)$/.exec(key)?.[1];
    if (callee?.type === 'MemberExpression' && field && (this.steps.get(anchor) ?? []).some((step) => step.kind === 'external')) {
      return `${this.context.sourceCode.getText(unwrap(callee.object) as never)}.${field}`;
    }
    return text;
  }

  /** Whether `statement` closes the handle `key`: directly, or through a helper of this file that closes it. */
  closesHandle(statement: Node, key: string): boolean {
    const closesIn = (container: Node, mapped: (k: string) => string | undefined): boolean => {
      for (const [call, row] of this.fs.calls) {
        if (row.kind !== 'close' || !containsNode(container, call) || typeof row.handle !== 'number') continue;
        const handle = call.arguments[row.handle];
        const k = handle ? this.namer.keyOf(handle) : undefined;
        if (k && mapped(k) === key) return true;
      }
      for (const node of this.steps.keys()) {
        if (!containsNode(container, node) || node.type !== 'CallExpression') continue;
        if (this.handleMethodRow(node)?.kind !== 'close') continue;
        const k = this.namer.keyOf((unwrap(node.callee) as TSESTree.MemberExpression).object);
        if (k && mapped(k) === key) return true;
      }
      return false;
    };
    if (closesIn(statement, (k) => k)) return true;
    for (const [node, steps] of this.steps) {
      if (!containsNode(statement, node)) continue;
      for (const step of steps) {
        if (step.kind === 'call' && step.callee.node !== statement && closesIn(step.callee.node, (k) => this.mapKey(k, step))) return true;
      }
    }
    return false;
  }

  /** How to name a handle at `node`: `this.fd` inside its own class, `Pager.fd` from another class. */
  private textAt(key: string, node: Node): string {
    const match = /^this:([^.]+)\.(.*)$/.exec(key);
    if (match) {
      const cls = enclosingClass(node);
      if (!cls || this.namer.classKey(cls) !== match[1]) return `${match[1]}.${match[2]}`;
      return `this.${match[2]}`;
    }
    return this.namer.text(key);
  }

  private takesCompletionCallback(fn: FunctionRecord): boolean {
    if (!isFunctionNode(fn.node)) return false;
    const last = fn.node.params[fn.node.params.length - 1];
    return last?.type === 'Identifier' && CALLBACK_PARAM_NAMES.test(last.name);
  }

  private destroysALog(node: Node, key: string): boolean {
    if (node.type !== 'CallExpression') return true;
    const row = this.fs.calls.get(node);
    const explicit = row ? row.kind === 'destroy' : this.handleMethodRow(node)?.kind === 'destroy';
    if (explicit) return true;
    return this.usedAsHandle.has(key) && (this.isWrittenOrOpenedElsewhere(key, node));
  }

  /** The name is a log this file uses elsewhere: opened by another call, or written directly by a one-shot write. */
  private isWrittenOrOpenedElsewhere(key: string, node: Node): boolean {
    for (const [call, row] of this.fs.calls) {
      if (call === node || row.kind !== 'open' || !call.arguments[0]) continue;
      if (this.namer.keyOf(call.arguments[0]) === key) return true;
    }
    for (const [other, steps] of this.steps) {
      if (other === node) continue;
      if (steps.some((step) => step.kind === 'write' && step.key === key)) return true;
    }
    return false;
  }

  /**
   * `return writeFile(tmp, data).then(() => rename(tmp, target))` in an entry function: the continuation's end is when
   * the returned promise resolves, the entry function's acknowledgement. Only the last `.then` of the chain (a
   * `.catch`/`.finally` after it does not change when success is reported).
   */
  private entrySettledBy(fn: FunctionRecord): FunctionRecord | undefined {
    const then = fn.node.parent;
    if (then?.type !== 'CallExpression' || then.arguments[0] !== fn.node) return undefined;
    const callee = unwrap(then.callee);
    if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'then') return undefined;
    let chain: Node = then;
    while (chain.parent?.type === 'MemberExpression' && chain.parent.object === chain && /^(catch|finally)$/.test(propertyName(chain.parent) ?? '') && chain.parent.parent.type === 'CallExpression') {
      chain = chain.parent.parent;
    }
    if (chain.parent?.type === 'MemberExpression' && chain.parent.object === chain) return undefined; // a later .then settles it
    if (!isAwaitedOrReturned(chain)) return undefined;
    const owner = enclosingFunctionOrProgram(then);
    const record = owner ? this.functionByNode.get(owner) : undefined;
    return record && record.role === 'entry' && !this.takesCompletionCallback(record) ? record : undefined;
  }

  private exitPoint(fn: FunctionRecord, segment: CodePathSegment): ExitPoint {
    const nodes = fn.records.get(segment.id)?.nodes ?? [];
    let returnStatement: TSESTree.ReturnStatement | undefined;
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i] as Node;
      if (node.type === 'ReturnStatement') {
        returnStatement = node;
        break;
      }
    }
    if (returnStatement) {
      return {
        node: returnStatement,
        description: `the return on line ${returnStatement.loc.start.line}`,
        functionName: fn.name,
        insertBefore: returnStatement,
        isAsync: fn.isAsync,
      };
    }
    const body = isFunctionNode(fn.node) && fn.node.body.type === 'BlockStatement' ? fn.node.body : undefined;
    return {
      node: fn.node,
      description: fn.node.type === 'Program' ? 'the end of the module' : `the end of \`${fn.name}\``,
      functionName: fn.name,
      insertAtEndOf: body,
      isAsync: fn.isAsync,
    };
  }

  /** A temp file created to be renamed into place: its own entry does not matter, the rename's does. */
  /** The file syncs the data of some file that it does not rename away: a log or a data file kept in place. */
  private syncsDataInPlace(): boolean {
    for (const key of this.syncedKeys) {
      if (!key.startsWith(DIRECTORY_KEY_PREFIX) && !this.openedReadOnly(key) && !this.isRenamedFile(key)) return true;
    }
    return false;
  }

  /** A file this file renames away (a temp file), named by its path or by a handle opened on that path. */
  private isRenamedFile(key: string): boolean {
    const path = this.openedFrom.get(key);
    return this.renamedSources.has(key) || (path !== undefined && this.renamedSources.has(path));
  }

  private isRenamedAway(change: { operation: string; files: string[] }): boolean {
    return change.operation === 'create' && change.files.some((file) => this.isRenamedFile(file));
  }

  private directorySyncSeen: boolean | undefined;

  /**
   * Whether this file syncs a directory anywhere: an fsync of an fd opened read-only (the directory idiom), a
   * directory-sync helper of another module, or one whose summary says it syncs a directory.
   */
  private syncsADirectory(): boolean {
    if (this.directorySyncSeen !== undefined) return this.directorySyncSeen;
    let seen = false;
    for (const steps of this.steps.values()) {
      for (const step of steps) {
        if (step.kind === 'sync' && (step.key.startsWith(DIRECTORY_KEY_PREFIX) || this.openedReadOnly(step.key))) seen = true;
        if (step.kind === 'external' && step.summary.syncs.some((handle) => handle.directory)) seen = true;
      }
    }
    this.directorySyncSeen = seen;
    return seen;
  }

  /** The directory key a recorded entry change dirties. */
  private directoryOfChange(node: Node): string | undefined {
    for (const step of this.steps.get(node) ?? []) if (step.kind === 'write' && step.key.startsWith(DIRECTORY_KEY_PREFIX)) return step.key;
    return undefined;
  }

  /**
   * A changed directory entry is evidently meant to survive when the file syncs that directory elsewhere, or syncs
   * the data of the file whose entry changed (a synced file that may not exist after a crash).
   */
  private directoryEvidence(key: string, files: string[], fn: FunctionRecord, operation: 'create' | 'rename'): { evident: boolean; evidence: string | undefined } {
    if (fn.node.type === 'Program') return { evident: false, evidence: undefined };
    if (this.syncedKeys.has(key)) return { evident: true, evidence: 'directory synced elsewhere' };
    if (this.syncsADirectory()) return { evident: true, evidence: 'a directory synced elsewhere' };
    // A temp file synced before its rename is the atomic-replace idiom, which says nothing about the rename having to
    // last (pnpm's lockfile writes): a rename needs the file to sync data in place somewhere (a log, a data file), or
    // to rename a synced file into a directory it keeps (a field or module variable: a store's own directory)
    if (operation === 'rename') {
      if (this.syncsDataInPlace()) return { evident: true, evidence: 'data synced in place elsewhere' };
      if (!this.namer.isLongLived(key.slice(DIRECTORY_KEY_PREFIX.length))) return { evident: false, evidence: undefined };
    }
    for (const file of files) {
      if (this.syncedKeys.has(file)) return { evident: true, evidence: 'file data synced' };
      for (const [fd, path] of this.openedFrom) if (path === file && this.syncedKeys.has(fd)) return { evident: true, evidence: 'file data synced' };
    }
    return { evident: false, evidence: undefined };
  }

  /** Why durability is evidently intended for this handle (design §2, "Who is durable"). */
  private evidence(key: string, fn: FunctionRecord, anchors: ReadonlySet<Node>): { evident: boolean; evidence: string | undefined } {
    const kind = this.kinds.get(key);
    // The end of a module's top-level code tells no caller anything: only strict reports it.
    if (fn.node.type === 'Program') return { evident: false, evidence: undefined };
    const text = this.namer.text(key);
    if (this.settings.durableHandles.some((pattern) => pattern.test(text))) return { evident: true, evidence: 'named durable in settings' };
    if (this.syncedKeys.has(key)) return { evident: true, evidence: 'synced elsewhere' };
    if ([...anchors].some((anchor) => this.hasDurableComment(anchor))) return { evident: true, evidence: 'marked // durable' };
    if ([...anchors].some((anchor) => this.flushRequested.has(anchor))) return { evident: true, evidence: 'flush option' };
    if (fn.callsFlushLike) return { evident: true, evidence: 'flushed' };
    if (kind === 'WriteStream') return { evident: this.flushStreams.has(key), evidence: this.flushStreams.has(key) ? 'flush option' : undefined };
    if ((kind === 'fd' || kind === 'FileHandle') && this.namer.isLongLived(key)) return { evident: true, evidence: 'long-lived handle' };
    if (this.openFlags.get(key)?.some((f) => f.append) && kind !== undefined) return { evident: true, evidence: 'append-mode log' };
    return { evident: false, evidence: undefined };
  }

  private readonly durableComments = new Map<Node, boolean>();

  private hasDurableComment(anchor: Node): boolean {
    const cached = this.durableComments.get(anchor);
    if (cached !== undefined) return cached;
    const result = this.findDurableComment(anchor);
    this.durableComments.set(anchor, result);
    return result;
  }

  private findDurableComment(anchor: Node): boolean {
    const sourceCode = this.context.sourceCode;
    const line = anchor.loc.start.line;
    for (const comment of sourceCode.getAllComments()) {
      if (!/\bdurable\b/i.test(comment.value) || /expect:/.test(comment.value)) continue;
      if (comment.loc.end.line === line || comment.loc.end.line === line - 1 || comment.loc.start.line === line) return true;
    }
    const fn = anchor.parent ? enclosingFunctionOrMethod(anchor) : undefined;
    if (fn) {
      const before = sourceCode.getCommentsBefore(fn as never);
      if (before.some((comment) => /\bdurable\b/i.test(comment.value))) return true;
    }
    return false;
  }
}

interface ProblemHost {
  stepsOf(node: Node): readonly Step[];
  apply(state: FlowState, step: Step, node: Node, fn: FunctionRecord, options: SolveOptions, hooks: Hooks | undefined): FlowState;
  catchTargetsOf(node: Node, fn: FunctionRecord): readonly CodePathSegment[];
  finallyTargetOf(node: Node, fn: FunctionRecord): { segment: CodePathSegment; block: Node } | undefined;
}

/** One function's flow problem under one options set; `hooks` see the final pass and the thrown one. */
class FunctionProblem implements FlowProblem<Step> {
  readonly initial: CodePathSegment;
  readonly records: ReadonlyMap<string, SegmentRecord>;

  constructor(
    private readonly host: ProblemHost,
    private readonly fn: FunctionRecord,
    private readonly options: SolveOptions,
    private readonly hooks: Hooks | undefined,
  ) {
    this.initial = fn.codePath.initialSegment;
    this.records = fn.records;
  }

  stepsOf(node: Node): readonly Step[] {
    return this.host.stepsOf(node);
  }

  apply(state: FlowState, step: Step, node: Node, pass: Pass): FlowState {
    const hooks = pass === 'final' ? this.hooks : pass === 'thrown' && this.hooks ? { ...this.hooks, ack: () => undefined, thrown: true } : undefined;
    return this.host.apply(state, step, node, this.fn, this.options, hooks);
  }

  catchTargets(node: Node): readonly CodePathSegment[] {
    return this.host.catchTargetsOf(node, this.fn);
  }

  finallyTarget(node: Node): { segment: CodePathSegment; block: Node } | undefined {
    return this.host.finallyTargetOf(node, this.fn);
  }
}

interface Hooks {
  /** Running a `finally` block on a throw path: nothing acknowledges there, and no callback is scheduled. */
  thrown?: boolean;
  streamFdSync(call: TSESTree.CallExpression, key: string, state: FlowState, fn: FunctionRecord): void;
  rename?(node: Node, source: string, target: string | undefined, state: FlowState, fn: FunctionRecord): void;
  destroy(node: Node, key: string, state: FlowState, fn: FunctionRecord): void;
  ack(node: Node, calleeText: string, owner: string | undefined, state: FlowState, fn: FunctionRecord): void;
  call(node: Node, step: Extract<Step, { kind: 'call' }>, state: FlowState, fn: FunctionRecord): void;
}

const GO_ON = Symbol('go on up');

/**
 * What a walk from `node` up to `stop` finds: `decide` answers at a node (knowing its parent) or says to go on up;
 * `none` when the walk reaches `stop`. The node and every block the walk passes through keep the answer in `cache`
 * (the answer from a block is the same whoever asks), so in nested code a walk stops at the nearest block already
 * walked through: per node, the walks were as long as the nesting is deep.
 */
function upwards<T>(node: Node, stop: Node, cache: Map<Node, T>, none: T, decide: (current: Node, parent: Node | undefined) => T | typeof GO_ON): T {
  const walked: Node[] = [node];
  let answer = none;
  for (let current: Node | undefined = node; current && current !== stop; current = current.parent) {
    if (current !== node && current.type === 'BlockStatement') {
      if (cache.has(current)) {
        answer = cache.get(current) as T;
        break;
      }
      walked.push(current);
    }
    const decided = decide(current, current.parent);
    if (decided !== GO_ON) {
      answer = decided;
      break;
    }
  }
  for (const each of walked) cache.set(each, answer);
  return answer;
}

/** The options a module's exported summaries are solved with (and the first set every file is summarised with). */
const EXPORTED_OPTIONS: SolveOptions = { optionGuardedSyncCounts: true };

const EMPTY_SUMMARY: Summary = { exit: EMPTY_STATE, destroys: [] };

/** A function's summary under these options; empty until summarised (the start of the summaries' fixpoint). */
function summaryFor(fn: FunctionRecord, options: SolveOptions): Summary {
  return fn.summary.get(optionsKey(fn, options)) ?? EMPTY_SUMMARY;
}

/**
 * The options that can change a function's fixed point and summary: none, unless it or a function it calls
 * (transitively) has a sync behind an option guard.
 */
function optionsKey(fn: FunctionRecord, options: SolveOptions): string {
  return fn.summaryDependsOnOptions ? String(options.optionGuardedSyncCounts) : 'any';
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function dedupeDestroys(list: DestroySummary[]): DestroySummary[] {
  const byKey = new Map<string, DestroySummary>();
  for (const item of list) {
    const id = `${item.node.range[0]}:${item.key}`;
    const existing = byKey.get(id);
    if (!existing) byKey.set(id, item);
    else byKey.set(id, { ...existing, cleanBefore: new Set([...existing.cleanBefore].filter((k) => item.cleanBefore.has(k))) });
  }
  return [...byKey.values()];
}

function sameSummary(a: Summary, b: Summary): boolean {
  if (a.exit.size !== b.exit.size || a.destroys.length !== b.destroys.length) return false;
  for (const [key, value] of a.exit) {
    const other = b.exit.get(key);
    if (value === 'clean' || other === 'clean' || other === undefined) {
      if (value !== other) return false;
      continue;
    }
    if (value.inherits !== other.inherits || value.anchors.size !== other.anchors.size) return false;
    for (const anchor of value.anchors) if (!other.anchors.has(anchor)) return false;
  }
  for (let i = 0; i < a.destroys.length; i++) {
    const x = a.destroys[i] as DestroySummary;
    const y = b.destroys[i] as DestroySummary;
    if (x.node !== y.node || x.key !== y.key || x.cleanBefore.size !== y.cleanBefore.size) return false;
  }
  return true;
}

function statementOf(node: Node): Node | undefined {
  let current: Node | undefined = node;
  while (current?.parent && current.parent.type !== 'BlockStatement' && current.parent.type !== 'Program' && current.parent.type !== 'SwitchCase') {
    if (isFunctionNode(current.parent)) return undefined;
    current = current.parent;
  }
  return current;
}

function enclosingAsync(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current.async;
  return false;
}

function enclosingFunctionOrProgram(node: Node): Node | undefined {
  let current = node.parent;
  while (current && !isFunctionNode(current) && current.type !== 'Program') current = current.parent;
  return current;
}

function enclosingFunctionOrMethod(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current.parent?.type === 'MethodDefinition' ? current.parent : current;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Types (optional)

interface TypedOracle extends TypeOracle {
  isString?(node: Node): boolean;
}

const oracles = new WeakMap<object, TypedOracle | undefined>();

function makeTypeOracle(parserServices: unknown): TypedOracle | undefined {
  const services = parserServices as
    | { program?: import('typescript').Program | null; esTreeNodeToTSNodeMap?: { get(node: Node): import('typescript').Node } }
    | undefined;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return undefined;
  if (oracles.has(services)) return oracles.get(services);
  const checker = services.program.getTypeChecker();
  const map = services.esTreeNodeToTSNodeMap;
  const typeOf = (node: Node) => {
    try {
      return checker.getTypeAtLocation(map.get(node));
    } catch {
      return undefined;
    }
  };
  const symbolNames = (node: Node): string[] => {
    const type = typeOf(node);
    if (!type) return [];
    const parts = type.isUnion() ? type.types : [type];
    return parts.map((t) => (t.getSymbol() ?? t.aliasSymbol)?.getName() ?? '').filter(Boolean);
  };
  const oracle: TypedOracle = {
    handleKindOf(node) {
      const names = symbolNames(node);
      if (names.includes('FileHandle')) return 'FileHandle';
      if (names.includes('WriteStream')) return 'WriteStream';
      return undefined;
    },
    classNameOf(node) {
      const type = typeOf(node);
      const symbol = type?.getSymbol();
      const declaration = symbol?.declarations?.[0];
      if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
      return symbol?.getName();
    },
    isString(node) {
      const type = typeOf(node);
      if (!type) return true;
      return checker.typeToString(checker.getBaseTypeOfLiteralType(type)) === 'string';
    },
  };
  oracles.set(services, oracle);
  return oracle;
}

// ---------------------------------------------------------------------------------------------------------------
// One analysis per file, shared by the rules

interface Shared {
  analysis: FileAnalysis | undefined;
}

const shared = new WeakMap<object, Shared>();

/**
 * Returns the listeners a rule adds to see the file's analysis: `onDone` is called once the whole program has been
 * walked. The first rule to ask records; the others only read. A file that never names an fs module gets no
 * recording at all (unless type information could reveal a handle whose origin is out of sight).
 */
export function useFileAnalysis(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  onDone: (analysis: FileAnalysis) => void,
  options: { depth?: number; force?: boolean } = {},
): TSESLint.RuleListener {
  const sourceCode = context.sourceCode;
  const key = sourceCode.ast as object;
  let entry = shared.get(key);
  let recording: TSESLint.RuleListener = {};
  if (!entry) {
    // Bad settings are an error in every file, not only in the files that happen to touch fs.
    readSettings((context.settings as Record<string, unknown> | undefined)?.durability);
    const services = sourceCode.parserServices as { program?: unknown } | undefined;
    const typed = Boolean(services?.program);
    const settings = context.settings as Record<string, unknown>;
    const modules = moduleContext(context, options.depth ?? 0);
    const active =
      options.force === true ||
      mentionsFsModule(sourceCode.ast, sourceCode.text) ||
      (typed && /\.(sync|datasync|write|writev|end)\s*\(/.test(sourceCode.text)) ||
      hasUserHelpers(settings, sourceCode.text) ||
      (modules !== undefined && importsModuleThatUsesFs(sourceCode.ast, modules));
    entry = {
      analysis: active ? new FileAnalysis({ sourceCode, settings: settings?.durability, parserServices: services, modules }) : undefined,
    };
    shared.set(key, entry);
    recording = entry.analysis?.listeners() ?? {};
  }
  const analysis = entry.analysis;
  if (!analysis) return {};
  const recordEnd = (recording as CodePathListeners).onCodePathEnd;
  const listeners: CodePathListeners = {
    onCodePathEnd(codePath, node) {
      recordEnd?.(codePath, node);
      if (node.type === 'Program') onDone(analysis);
    },
  };
  return { ...recording, ...(listeners as unknown as TSESLint.RuleListener) };
}

/** The linted file and its project's module resolver, when the file is a real file under ESLint's cwd. */
function moduleContext(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, depth: number): FileAnalysis['context']['modules'] {
  const file = context.physicalFilename ?? context.filename;
  const root = context.cwd;
  if (!file || !root || !path.isAbsolute(file) || path.relative(root, file).startsWith('..')) return undefined;
  const languageOptions = context.languageOptions as { parser?: unknown; parserOptions?: Record<string, unknown>; sourceType?: string };
  const settings = (context.settings as Record<string, unknown> | undefined)?.durability;
  const resolver = resolverFor(root, languageOptions.parser as object | undefined, () => moduleAnalyser(languageOptions, settings));
  return { file, resolver, depth };
}

/**
 * Analyses another module of the project with the same analysis, through ESLint's Linter (for ESLint's code paths)
 * and the parser the project lints with; type information is not asked for (it would cost a program per module).
 */
function moduleAnalyser(
  languageOptions: { parser?: unknown; parserOptions?: Record<string, unknown>; sourceType?: string },
  settings: unknown,
): ModuleAnalyser {
  const { project: _project, projectService: _service, programs: _programs, tsconfigRootDir: _root, ...parserOptions } = languageOptions.parserOptions ?? {};
  return (file, text, resolver, depth) => {
    let captured: ModuleSummaries | undefined;
    const capture = {
      meta: { type: 'problem' as const, schema: [] },
      create(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>) {
        return useFileAnalysis(context, (analysis) => {
          captured = analysis.exportedSummaries();
        }, { depth, force: true });
      },
    };
    const extension = path.extname(file) || '.js';
    const linter = new Linter({ cwd: resolver.root });
    try {
      linter.verify(
        text,
        [
          {
            files: [`**/*${extension}`],
            languageOptions: {
              ...(languageOptions.parser ? { parser: languageOptions.parser as Linter.Parser } : {}),
              sourceType: extension === '.cjs' ? 'commonjs' : ((languageOptions.sourceType ?? 'module') as 'module'),
              parserOptions,
            },
            plugins: { 'durability-modules': { rules: { capture: capture as never } } },
            rules: { 'durability-modules/capture': 'error' },
            settings: { durability: settings },
          },
        ],
        { filename: file },
      );
    } catch {
      return undefined; // a module we cannot parse or analyse contributes nothing
    }
    return captured;
  };
}

/** Does the file import a module of the project that (itself or through its own imports) uses fs? */
function importsModuleThatUsesFs(program: TSESTree.Program, modules: NonNullable<FileAnalysis['context']['modules']>): boolean {
  for (const specifier of relativeSpecifiers(program)) {
    const resolved = modules.resolver.resolve(modules.file, specifier);
    if (resolved && modules.resolver.usesFs(resolved, modules.depth)) return true;
  }
  return false;
}

function relativeSpecifiers(program: TSESTree.Program): string[] {
  const found: string[] = [];
  for (const statement of program.body) {
    if ((statement.type === 'ImportDeclaration' || statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportAllDeclaration') && statement.source) {
      const value = String(statement.source.value);
      if (value.startsWith('.')) found.push(value);
    }
    // const { x } = require('./io') at the top level
    // import io = require('./io')
    if (statement.type === 'TSImportEqualsDeclaration' && statement.moduleReference.type === 'TSExternalModuleReference') {
      const value = String(statement.moduleReference.expression.value);
      if (value.startsWith('.')) found.push(value);
    }
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        const init = declarator.init ? unwrap(declarator.init) : undefined;
        if (init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require') {
          const value = literalString(init.arguments[0]);
          if (value?.startsWith('.')) found.push(value);
        }
      }
    }
  }
  return found;
}

function hasUserHelpers(settings: Record<string, unknown> | undefined, text: string): boolean {
  const durability = settings?.durability as { syncFunctions?: unknown[] } | undefined;
  if (!durability?.syncFunctions) return false;
  return durability.syncFunctions.some((item) => {
    const name = typeof item === 'string' ? item : (item as { name?: string })?.name;
    return typeof name === 'string' && text.includes(name);
  });
}
