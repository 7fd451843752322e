/**
 * Sync-error checks (no-ignored-fsync-error): a sync whose failure is lost or retried. After a failed fsync the kernel
 * may have dropped the dirty pages (PostgreSQL's fsyncgate), so a swallowed error or a retry proves nothing. Syntactic
 * report points over the catalog's sync calls and this file's syncing helpers; no flow. Inputs: the file inputs,
 * facts, the translation, the SyncIndex, callee keys, naming. Outputs: SyncErrorFindings.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope } from 'eslint';
import { FS_API, type ApiRow } from '../catalog.js';
import { containsNode, isFunctionNode, propertyName, unwrap, type FunctionNode } from '../handles.js';
import { directoryEntriesKey, isDirectoryEntries } from './handle-keys.js';
import type { FileFacts } from './facts.js';
import type { SyncErrorFinding } from './findings.js';
import type { Naming } from './naming.js';
import type { CallStep, FileInputs } from './steps.js';
import type { SyncIndex } from './summaries.js';
import { CALLBACK_PARAM_NAMES, CALLBACK_RUNS_HERE, enclosingAsync, isLoggingOnly, isPlatformGuard, promiseChainEnd, rethrowsItsError } from './syntax.js';
import type { CalleeKeys } from './transfer.js';
import type { Translation } from './translate.js';

type Node = TSESTree.Node;

/** The callback fsync's row: what a storage object's `sync(key, cb)` is taken as. */
const CALLBACK_FSYNC = FS_API.find((row) => row.owner === 'fs' && row.name === 'fsync') as ApiRow;

export class SyncErrors {
  constructor(
    private readonly inputs: FileInputs,
    private readonly facts: FileFacts,
    private readonly translation: Translation,
    private readonly syncs: SyncIndex,
    private readonly keys: CalleeKeys,
    private readonly naming: Naming,
  ) {}

  /**
   * Syncs whose failure is lost (after a failed fsync the kernel may have dropped the dirty pages: PostgreSQL's
   * fsyncgate), or retried as if a second fsync could prove anything. Syntactic report points over the catalog's
   * sync calls; no flow is needed.
   */
  findings(): SyncErrorFinding[] {
    const found: SyncErrorFinding[] = [];
    const source = this.inputs.sourceCode;
    const syncCalls = this.syncCalls();
    const syncErrorCallbacks: { fn: FunctionNode; index: number; handleText: string }[] = [];
    for (const node of syncCalls) {
      const { row, handle } = node;
      const call = node.call;
      const key = handle ? this.inputs.namer.keyOf(handle) : undefined;
      const handleText = handle ? source.getText(unwrap(handle) as never) : 'the file';
      // `openSync(dir, 'r')` then fsync: the directory-sync idiom. Platforms that cannot sync a directory fail it
      // (EPERM on Windows, EINVAL or EISDIR on some file systems), so a catch limited to those errors (not
      // swallowing), or a sync behind a platform check, is fine; a catch that swallows every error also loses an EIO,
      // after which the new entries may never reach the disk.
      if (key && this.facts.openedReadOnly(key)) {
        const clause = row.style === 'callback' || behindPlatformCheck(call) ? undefined : ((row.style === 'promise' ? this.swallowingCatchHandler(call) : undefined) ?? this.enclosingSwallowingCatch(call));
        if (clause) found.push({ kind: 'directorySwallowed', call, handleText, where: clause });
        continue;
      }
      if (row.style === 'callback') {
        const callback = call.arguments[call.arguments.length - 1];
        if (callback && isFunctionNode(callback) && !this.usesFirstParameter(callback)) found.push({ kind: 'callbackIgnoresError', call, handleText });
        // a helper of this file that calls back with this sync's error: each caller's callback must look at it
        const helper = callback ? this.callbackParameterReached(call, callback) : undefined;
        if (helper) syncErrorCallbacks.push({ ...helper, handleText });
        continue;
      }
      if (row.style === 'promise') {
        const floating = this.floatingPromise(call);
        if (floating) {
          // no `await` offered where a catch would then swallow the failure: the suggestion would write a second bug
          const awaitable = enclosingAsync(call) && !this.enclosingSwallowingCatch(call) ? floating : undefined;
          found.push({ kind: 'notAwaited', call, handleText, awaitable });
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
    // a call of a helper that calls back with a sync's error, with a callback that ignores it (or shadows it)
    for (const [node, steps] of this.translation.steps) {
      if (node.type !== 'CallExpression' || syncErrorCallbacks.length === 0) continue;
      const step = steps.find((s): s is CallStep => s.kind === 'call' && !s.mayOnly);
      const reached = step && syncErrorCallbacks.find((helper) => helper.fn === step.callee.node);
      const callback = reached ? node.arguments[reached.index] : undefined;
      if (reached && callback && isFunctionNode(callback) && !this.usesFirstParameter(callback)) found.push({ kind: 'callbackIgnoresError', call: node, handleText: reached.handleText });
    }
    // a helper of this file that fsyncs file data, called where its failure is swallowed
    for (const [node, steps] of this.translation.steps) {
      if (node.type !== 'CallExpression') continue;
      const step = steps.find((s): s is CallStep => s.kind === 'call' && !s.mayOnly);
      if (!step) continue;
      const all = this.syncs.byFunction.get(step.callee) ?? new Set<string>();
      // a directory synced through the idiom (its path, its read-only fd, its entries) is exempt, as a direct sync is
      const synced = [...all].filter((k) => !isDirectoryEntries(k) && !this.facts.openedReadOnly(k) && !all.has(directoryEntriesKey(k)));
      if (synced.length === 0) continue;
      const clause = this.enclosingSwallowingCatch(node);
      if (!clause) continue;
      const mapped = this.keys.keyAt(synced[0] as string, step);
      const handleText = this.naming.textAt(mapped ?? (synced[0] as string), node);
      found.push({ kind: 'helperSwallowed', call: node, handleText, where: clause, helperText: source.getText(node.callee as never) });
    }
    return found.sort((a, b) => a.call.range[0] - b.call.range[0]);
  }

  /** Every call of a catalogued sync (fsyncSync, fs.fsync, fh.sync(), fh.datasync(), …) in this file. */
  private syncCalls(): { call: TSESTree.CallExpression; row: ApiRow; handle: Node | undefined }[] {
    const calls: { call: TSESTree.CallExpression; row: ApiRow; handle: Node | undefined }[] = [];
    for (const [call, row] of this.inputs.fs.calls) {
      if (row.kind === 'sync') calls.push({ call, row, handle: typeof row.handle === 'number' ? call.arguments[row.handle] : undefined });
    }
    for (const node of this.translation.steps.keys()) {
      if (node.type !== 'CallExpression' || this.inputs.fs.calls.has(node)) continue;
      const row = this.facts.handleMethodRow(node);
      if (row?.kind === 'sync') calls.push({ call: node, row, handle: (unwrap(node.callee) as TSESTree.MemberExpression).object });
      else if (this.fieldObjectSync(node)) calls.push({ call: node, row: CALLBACK_FSYNC, handle: node.arguments.length > 1 ? node.arguments[0] : (unwrap(node.callee) as TSESTree.MemberExpression).object });
    }
    return calls;
  }

  /**
   * `this.engine.sync(key, cb)`, `self.store.fsync(cb)`: a storage object held in a field, of a class this file cannot
   * see, whose method is named for a sync and calls back; `sync` only in a file that syncs files itself (elsewhere it
   * is too often a schema or a replica sync).
   */
  private fieldObjectSync(call: TSESTree.CallExpression): boolean {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression' || unwrap(callee.object).type !== 'MemberExpression') return false;
    const method = propertyName(callee);
    if (!method || !/^(?:sync|fsync|fdatasync)$/.test(method)) return false;
    if ((this.translation.steps.get(call) ?? []).some((step) => step.kind === 'call' || step.kind === 'external')) return false;
    const last = call.arguments[call.arguments.length - 1];
    if (!last || !isFunctionNode(last)) return false;
    return method !== 'sync' || [...this.inputs.fs.calls.values()].some((row) => row.kind === 'sync');
  }

  /**
   * The sync's callback is (or calls, or hands on) a callback parameter of the function around it, not a callback of
   * its own: that function calls back with the sync's error. Its parameter's position, for the callers' check.
   */
  private callbackParameterReached(call: TSESTree.CallExpression, callback: Node): { fn: FunctionNode; index: number } | undefined {
    const scope = this.inputs.sourceCode.getScope(call as never) as Scope.Scope;
    const names: TSESTree.Identifier[] = [];
    if (callback.type === 'Identifier') names.push(callback);
    else if (isFunctionNode(callback)) {
      const inner = this.inputs.sourceCode.getScope(callback.body as never) as Scope.Scope;
      for (const reference of inner.through) names.push(reference.identifier as TSESTree.Identifier);
    }
    for (const name of names) {
      let current: Scope.Scope | null = scope;
      let variable: Scope.Variable | undefined;
      while (current && !variable) {
        variable = current.set.get(name.name);
        current = current.upper;
      }
      const def = variable?.defs[0];
      if (def?.type !== 'Parameter' || !isFunctionNode(def.node as Node)) continue;
      const fn = def.node as FunctionNode;
      const index = fn.params.indexOf(def.name as never);
      if (index >= 0 && CALLBACK_PARAM_NAMES.test(name.name)) return { fn, index };
    }
    return undefined;
  }

  private usesFirstParameter(fn: FunctionNode): boolean {
    const first = fn.params[0];
    if (!first) return false;
    if (first.type !== 'Identifier') return true; // destructured: assume it is looked at
    const variable = (this.inputs.sourceCode.getDeclaredVariables(fn as never) as unknown as Scope.Variable[]).find((v) => v.name === first.name);
    return (variable?.references.length ?? 1) > 0;
  }

  /** `fh.sync();` or `void fh.sync()` as a statement: nobody waits for it or hears its failure. */
  private floatingPromise(call: TSESTree.CallExpression): Node | undefined {
    // fh.sync().then(log) / .finally(f): the chain is the promise; a .catch or a rejection handler handles it (the walk
    // stops there, under a member expression, not a statement); Promise.all([a.sync(), b.sync()]) as a statement
    const node = promiseChainEnd(call, (method, chained) => method === 'finally' || (method === 'then' && chained.arguments.length < 2), {
      wrappers: ['ChainExpression', 'TSNonNullExpression'],
      all: 'first',
    });
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
    const key = handle ? this.inputs.namer.keyOf(handle) : undefined;
    if (!key) return undefined;
    for (let node: Node = call; node.parent && !isFunctionNode(node.parent); node = node.parent) {
      const parent: Node = node.parent;
      if (parent.type === 'CatchClause') {
        const tryStatement = parent.parent as TSESTree.TryStatement;
        for (const other of syncCalls) {
          if (other.call !== call && containsNode(tryStatement.block, other.call) && other.handle && this.inputs.namer.keyOf(other.handle) === key) return other.call;
        }
        return undefined;
      }
    }
    return undefined;
  }
}

/** `if (process.platform !== 'win32') { ... }`: the code already knows where a directory cannot be synced. */
function behindPlatformCheck(node: Node): boolean {
  for (let current: Node | undefined = node.parent; current && !isFunctionNode(current); current = current.parent) {
    const test = current.type === 'IfStatement' || current.type === 'ConditionalExpression' ? current.test : current.type === 'LogicalExpression' ? current.left : undefined;
    if (test && isPlatformGuard(test)) return true;
  }
  return false;
}
