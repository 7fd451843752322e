/**
 * The report driver and its checks: each function solved from its real entry state (continuations from the states
 * that schedule them), replayed with one check per finding kind at its report points (acknowledgements, directory
 * entries, destroys, renames, stream fd syncs). Inputs: every earlier stage. Outputs: Findings for one options set,
 * and `closesHandle` for suggestions.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { CodePathSegment } from '../code-path.js';
import { EMPTY_STATE, isDirty, joinStates, replay, withHandle, type FlowState } from '../flow.js';
import { containsNode, isFunctionNode, propertyName, unwrap } from '../handles.js';
import { directoryOfEntries, isDirectoryEntries } from './handle-keys.js';
import type { Evidence } from './evidence.js';
import type { FileFacts } from './facts.js';
import {
  type DestroyWhileDirty,
  type DirtyAtStatement,
  type ExitPoint,
  type Findings,
  type MisplacedStreamSync,
  type RenameOfDirty,
  type SolveOptions,
  type UnsyncedAck,
  type UnsyncedDirectoryEntry,
} from './findings.js';
import type { Naming } from './naming.js';
import type { Recording } from './recorder.js';
import type { Resolution } from './resolution.js';
import { exitState, type Solver } from './solve.js';
import { summaryFor, type CallStep, type FileInputs, type FunctionRecord } from './steps.js';
import { callerOwns, type Summaries, type SyncIndex } from './summaries.js';
import { enclosingAsync, enclosingFunctionOrProgram, isAwaitedOrReturned, promiseChainEnd, statementOf } from './syntax.js';
import type { CalleeKeys, Hooks } from './transfer.js';
import type { Translation } from './translate.js';

type Node = TSESTree.Node;

/** The entries of `sorted` (by start) whose node lies inside `container`: a binary search, then a short scan. */
function within<T extends { node: Node }>(sorted: T[], container: Node): T[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as T).node.range[0] < container.range[0]) low = middle + 1;
    else high = middle;
  }
  const out: T[] = [];
  for (let i = low; i < sorted.length && (sorted[i] as T).node.range[0] < container.range[1]; i++) {
    if (containsNode(container, (sorted[i] as T).node)) out.push(sorted[i] as T);
  }
  return out;
}

/** Calls that look at a path without using its contents. */
const EXISTENCE_CHECKS = /^(?:exists|existsSync|pathExists|pathExistsSync|access|accessSync|stat|statSync|lstat|lstatSync)$/;
/** Calls that read a file's contents (to copy, compress or replay them): the path or the fd is their first argument. */
const CONTENT_READS = /^(?:readFile|readFileSync|createReadStream|copyFile|copyFileSync|cp|cpSync|copy|copySync|read|readSync|readv|readvSync)$/;
/** `symlink(target, path)`: creates `path` as a link, contents elsewhere. */
const LINK_CREATES = /^(?:symlink|symlinkSync|link|linkSync|ensureSymlink|ensureSymlinkSync)$/;

/** The stages the report driver reads. */
export interface ReportInputs {
  inputs: FileInputs;
  recording: Recording;
  translation: Translation;
  facts: FileFacts;
  resolution: Resolution;
  solver: Solver;
  summaries: Summaries;
  keys: CalleeKeys;
  evidence: Evidence;
  naming: Naming;
  syncs: SyncIndex;
}

export class Reporter {
  private readonly inputs: FileInputs;
  private readonly recording: Recording;
  private readonly translation: Translation;
  private readonly facts: FileFacts;
  private readonly resolution: Resolution;
  private readonly solver: Solver;
  private readonly summaries: Summaries;
  private readonly keys: CalleeKeys;
  private readonly evidence: Evidence;
  private readonly naming: Naming;
  private readonly syncs: SyncIndex;

  constructor(stages: ReportInputs) {
    ({
      inputs: this.inputs,
      recording: this.recording,
      translation: this.translation,
      facts: this.facts,
      resolution: this.resolution,
      solver: this.solver,
      summaries: this.summaries,
      keys: this.keys,
      evidence: this.evidence,
      naming: this.naming,
      syncs: this.syncs,
    } = stages);
  }

  report(options: SolveOptions): Findings {
    this.summaries.summarize(options);
    const unsyncedAcks = new Map<Node, UnsyncedAck>();
    // files a helper of this file renames away for its caller: temp files, like those renamed here
    const renamedByHelpers = new Set<string>();
    for (const steps of this.translation.steps.values()) {
      for (const step of steps) if (step.kind === 'call') for (const inner of this.keys.renamesAt(step, summaryFor(step.callee, options))) renamedByHelpers.add(inner.source);
    }
    const destroys = new Map<string, DestroyWhileDirty>();
    const directoryEntries = new Map<Node, UnsyncedDirectoryEntry>();
    const renames = new Map<string, RenameOfDirty>();
    const misplaced = new Map<Node, MisplacedStreamSync>();
    // the state each callback or continuation starts from, joined over the places that schedule it
    const entries = new Map<FunctionRecord, FlowState>();
    const enter = (fn: FunctionRecord, entry: FlowState): void => {
      const known = entries.get(fn);
      entries.set(fn, known ? joinStates(known, entry) : entry);
    };

    const checkStreamSync = (call: TSESTree.CallExpression, key: string, state: FlowState): void => {
      const value = state.get(key);
      if (!isDirty(value) || (!value.queued && !value.ended)) return;
      const reason = value.ended ? (value.queued ? 'ended' : 'closing') : 'queued';
      const existing = misplaced.get(call);
      const anchors = existing ? new Set([...existing.anchors, ...value.anchors]) : value.anchors;
      // the worst reason on any path wins: a closed fd over a queued write over a race with the close
      const rank = { ended: 2, queued: 1, closing: 0 } as const;
      const worst = existing && rank[existing.reason] > rank[reason] ? existing.reason : reason;
      const fdText = call.arguments[0] ? this.inputs.sourceCode.getText(unwrap(call.arguments[0]) as never) : `${this.naming.textAt(key, call)}.fd`;
      misplaced.set(call, { call, key, streamText: this.naming.textAt(key, call), fdText, reason: worst, anchors });
    };

    const checkAck = (exit: ExitPoint, state: FlowState, fn: FunctionRecord): void => {
      for (const [key, value] of state) {
        if (!isDirty(value)) continue;
        if (isDirectoryEntries(key)) {
          checkDirectoryAck(exit, key, value.anchors, fn);
          continue;
        }
        // a temp file's data reaches its name only through the rename (require-fsync-before-rename's report point);
        // on a path without the rename it is garbage
        if (this.evidence.isRenamedFile(key) || renamedByHelpers.has(key)) continue;
        if (callerOwns(key, this.inputs, this.recording, this.facts, this.syncs) || this.acknowledgedByCallee(key, value.anchors)) continue;
        const { evident, evidence } = this.evidence.ackEvidence(key, fn, value.anchors);
        for (const anchor of value.anchors) {
          const existing = unsyncedAcks.get(anchor);
          if (existing && (existing.evident || !evident)) continue;
          unsyncedAcks.set(anchor, {
            anchor,
            key,
            handleText: this.naming.handleTextAt(key, anchor, exit.node),
            handleKind: this.facts.kinds.get(key),
            exit,
            evident,
            evidence,
          });
        }
      }
    };

    const checkDirectoryAck = (exit: ExitPoint, key: string, anchors: ReadonlySet<Node>, fn: FunctionRecord): void => {
      for (const anchor of anchors) {
        const change = this.translation.entryChanges.get(anchor);
        if (!change || this.evidence.isRenamedAway(change)) continue;
        // A removed file that comes back is garbage, rarely lost data: only strict reports it, and only in a file that
        // syncs directories (elsewhere, a removal is cleanup: all of the removals in the noise corpora were).
        if (change.operation === 'remove' && !this.evidence.directoryEvidence(key, [], fn, 'create').evident) continue;
        const { evident, evidence } = change.operation === 'remove' ? { evident: false, evidence: undefined } : this.evidence.directoryEvidence(key, change.files, fn, change.operation);
        const existing = directoryEntries.get(anchor);
        if (existing && (existing.evident || !evident)) continue;
        directoryEntries.set(anchor, {
          anchor,
          operation: change.operation,
          key,
          directoryText: this.naming.textAt(directoryOfEntries(key), exit.node),
          exit,
          evident,
          evidence,
        });
      }
    };

    /** The dirty handle `key`, written at `anchor`, as seen at the report point `node`. */
    const dirtyAt = (node: Node, key: string, anchor: Node, evident: boolean): DirtyAtStatement => ({
      dirtyKey: key,
      dirtyText: this.naming.handleTextAt(key, anchor, node),
      dirtyKind: this.facts.kinds.get(key),
      anchor,
      evident,
      insertBefore: statementOf(node),
      isAsync: enclosingAsync(node),
    });

    const checkRename = (node: Node, source: string, target: string | undefined, state: FlowState, fn: FunctionRecord): void => {
      for (const [key, value] of state) {
        if (!isDirty(value) || isDirectoryEntries(key)) continue;
        if (key !== source && this.facts.openedFrom.get(key) !== source) continue;
        // Durability is meant when the handle shows it, or when the renamed file's directory is synced.
        // ... or when the file syncs a directory at all (the target's directory may be named through a helper we
        // cannot read): a file that makes renames durable means its renamed files to be
        const directory = this.evidence.directoryOfChange(node);
        const evident =
          this.evidence.evidence(key, fn, value.anchors).evident ||
          (directory !== undefined && this.syncs.keys.has(directory)) ||
          this.evidence.syncsADirectory() ||
          this.evidence.isAtomicReplace(node);
        for (const anchor of value.anchors) {
          const id = `${node.range[0]}:${key}`;
          const existing = renames.get(id);
          if (existing && (existing.evident || !evident)) continue;
          renames.set(id, {
            ...dirtyAt(node, key, anchor, evident),
            rename: node,
            sourceText: this.naming.textAt(source, node),
            targetText: target ? this.naming.textAt(target, node) : 'the target',
          });
        }
      }
    };

    const checkDestroy = (node: Node, destroyedKey: string, state: FlowState, cleanInside: Set<string> | undefined, fn: FunctionRecord): void => {
      const sameFile = new Set([destroyedKey, this.facts.openedFrom.get(destroyedKey)]);
      for (const [fd, path] of this.facts.openedFrom) if (path === destroyedKey) sameFile.add(fd);
      // a truncating reopen, an empty one-shot write or a rename over a name only counts when the name is a log
      // this file writes elsewhere; explicit truncate/unlink/rm always count
      if (!this.destroysALog(node, destroyedKey)) return;
      for (const [key, value] of state) {
        if (!isDirty(value) || sameFile.has(key) || cleanInside?.has(key) || isDirectoryEntries(key)) continue;
        // rm(dir, { recursive: true }) removes the dirty file with it: nothing is left to lose
        if (this.facts.directoryOfFile(key) === destroyedKey) continue;
        // Destroying a log that is itself meant to be durable is evidence enough that the data it protected is too.
        const evident =
          this.evidence.evidence(key, fn, value.anchors).evident ||
          (this.isWrittenOrOpenedElsewhere(destroyedKey, node) && this.evidence.evidence(destroyedKey, fn, new Set([node])).evident) ||
          this.readBefore(destroyedKey, node);
        for (const anchor of value.anchors) {
          const id = `${node.range[0]}:${key}`;
          const existing = destroys.get(id);
          if (existing && (existing.evident || !evident)) continue;
          const replaced = node.type === 'CallExpression' && this.inputs.fs.calls.get(node)?.kind === 'rename';
          destroys.set(id, { ...dirtyAt(node, key, anchor, evident), destroy: node, destroyedText: this.naming.textAt(destroyedKey, node), replaced });
        }
      }
    };

    const ordered = [...this.recording.functions].sort((a, b) => a.node.range[0] - b.node.range[0] || b.node.range[1] - a.node.range[1]);
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
      call: (node, step, state, fn) => {
        const summary = summaryFor(step.callee, options);
        for (const inner of this.keys.destroysAt(step, summary)) checkDestroy(inner.node, inner.key, state, inner.cleanBefore, fn);
        // a helper given both names renames one over the other: the rename happens here, for the caller's files
        for (const inner of this.keys.renamesAt(step, summary)) {
          let before = state;
          for (const key of inner.cleanBefore) if (isDirty(before.get(key))) before = withHandle(before, key, 'clean');
          checkRename(node, inner.source, inner.target, before, fn);
        }
      },
      continuation: enter,
    };
    for (const fn of ordered) {
      if (fn.role === 'continuation' && !entries.has(fn)) continue;
      // from its empty entry state, a function whose steps only open and sync has nothing dirty anywhere: no hook
      // fires, no exit acknowledges anything (a continuation's entry state need not be empty)
      if (fn.onlyCleans && fn.role !== 'continuation' && fn.chainedContinuations.length === 0) continue;
      const entry = fn.role === 'continuation' ? (entries.get(fn) ?? EMPTY_STATE) : EMPTY_STATE;
      const solution = this.solver.fixpointOf(fn, options, entry);
      replay(this.solver.problem(fn, options, hooks), solution);
      if (fn.chainedContinuations.length > 0) {
        const settled = exitState(fn, solution);
        for (const next of fn.chainedContinuations) if (settled) enter(next, settled);
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
      // A function that takes a completion callback acknowledges by calling it, not by returning; so does one that
      // completes a request by the callback the request carries (`req.callback(null)`, in it or in its callbacks), or
      // tells its listeners by an event (`this.emit('saved')`).
      if (fn.role !== 'entry' || this.resolution.takesCompletionCallback(fn) || this.completesByKeptCallback(fn)) continue;
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

  /** Whether `statement` closes the handle `key`: directly, or through a helper of this file that closes it. */
  closesHandle(statement: Node, key: string): boolean {
    const { closes, calls } = this.byPosition();
    const closesIn = (container: Node, mapped: (k: string) => string | undefined): boolean => within(closes, container).some((close) => mapped(close.key) === key);
    if (closesIn(statement, (k) => k)) return true;
    return within(calls, statement).some(({ step }) => step.callee.node !== statement && closesIn(step.callee.node, (k) => this.keys.keyAt(k, step)));
  }

  /**
   * The file's close calls (with the handle each closes) and call steps, by position, built once: closesHandle is
   * asked for every statement a suggestion may go before, and a scan of the whole file each time is quadratic.
   */
  private positioned: { closes: { node: Node; key: string }[]; calls: { node: Node; step: CallStep }[] } | undefined;
  private byPosition(): { closes: { node: Node; key: string }[]; calls: { node: Node; step: CallStep }[] } {
    if (this.positioned) return this.positioned;
    const closes: { node: Node; key: string }[] = [];
    for (const [call, row] of this.inputs.fs.calls) {
      if (row.kind !== 'close' || typeof row.handle !== 'number') continue;
      const handle = call.arguments[row.handle];
      const k = handle ? this.inputs.namer.keyOf(handle) : undefined;
      if (k) closes.push({ node: call, key: k });
    }
    const calls: { node: Node; step: CallStep }[] = [];
    for (const [node, steps] of this.translation.steps) {
      if (node.type === 'CallExpression' && this.facts.handleMethodRow(node)?.kind === 'close') {
        const k = this.inputs.namer.keyOf((unwrap(node.callee) as TSESTree.MemberExpression).object);
        if (k) closes.push({ node, key: k });
      }
      for (const step of steps) if (step.kind === 'call') calls.push({ node, step });
    }
    const order = (a: { node: Node }, b: { node: Node }) => a.node.range[0] - b.node.range[0];
    return (this.positioned = { closes: closes.sort(order), calls: calls.sort(order) });
  }

  private completesByKeptCallback(fn: FunctionRecord): boolean {
    for (const call of this.translation.completingCalls) if (containsNode(fn.node, call)) return true;
    return false;
  }

  /**
   * Dirt that another module's function left and acknowledges itself (it is reported there, at its own exit): one bug,
   * one report, not one more at every caller.
   */
  private acknowledgedByCallee(key: string, anchors: ReadonlySet<Node>): boolean {
    for (const anchor of anchors) {
      const external = (this.translation.steps.get(anchor) ?? []).find((step) => step.kind === 'external');
      if (!external || external.kind !== 'external') return false;
      if (!external.summary.effects.some((effect) => effect.acknowledged && this.keys.keyAt(effect, external) === key)) return false;
    }
    return anchors.size > 0;
  }

  private destroysALog(node: Node, key: string): boolean {
    if (node.type !== 'CallExpression') return true;
    const row = this.inputs.fs.calls.get(node);
    const explicit = row ? row.kind === 'destroy' : this.facts.handleMethodRow(node)?.kind === 'destroy';
    // an explicit truncate/unlink/rm counts, unless this file shows the path is not data: its only other uses check
    // that it exists and re-create it as a link (a symlink replaced), so what it destroys protected nothing
    if (explicit) return row?.handleKind !== 'path' || !this.onlyCheckedAndRelinked(key, node);
    return this.facts.usedAsHandle.has(key) && (this.isWrittenOrOpenedElsewhere(key, node));
  }

  /**
   * The destroyed file's contents were read earlier in the same function (copied, piped, compressed or replayed into
   * state): destroying it while what was made from them is unsynced loses the only durable copy, whatever the file is
   * (a rotated log, a moved upload, a rollback journal).
   */
  private readBefore(key: string, destroy: Node): boolean {
    let owner: Node | undefined = destroy.parent;
    while (owner && !(isFunctionNode(owner) && this.recording.functionByNode.get(owner)?.role !== 'continuation')) owner = owner.parent;
    if (!owner) return false;
    for (const fn of this.recording.functions) {
      if (!containsNode(owner, fn.node)) continue;
      for (const record of fn.records.values()) {
        for (const node of record.nodes) {
          if (node.type !== 'CallExpression' || node.range[0] >= destroy.range[0] || !node.arguments[0]) continue;
          const callee = unwrap(node.callee);
          const name = callee.type === 'MemberExpression' ? propertyName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
          if (!name || !CONTENT_READS.test(name)) continue;
          const read = this.inputs.namer.keyOf(node.arguments[0]);
          if (read && (read === key || this.facts.openedFrom.get(read) === key)) return true;
        }
      }
    }
    return false;
  }

  /** Whether the other calls of this file given this path only check that it exists and re-create it as a link. */
  private onlyCheckedAndRelinked(key: string, destroy: Node): boolean {
    let relinked = false;
    for (const fn of this.recording.functions) {
      for (const record of fn.records.values()) {
        for (const node of record.nodes) {
          if (node === destroy || node.type !== 'CallExpression') continue;
          const callee = unwrap(node.callee);
          const name = callee.type === 'MemberExpression' ? propertyName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
          if (name && EXISTENCE_CHECKS.test(name)) continue;
          for (let i = 0; i < node.arguments.length; i++) {
            const argument = node.arguments[i] as Node;
            if (argument.type === 'SpreadElement' || this.inputs.namer.keyOf(argument) !== key) continue;
            if (i === 1 && name && LINK_CREATES.test(name)) {
              relinked = true;
              continue;
            }
            return false;
          }
        }
      }
    }
    return relinked;
  }

  /** The name is a log this file uses elsewhere: opened by another call, or written directly by a one-shot write. */
  private isWrittenOrOpenedElsewhere(key: string, node: Node): boolean {
    for (const [call, row] of this.inputs.fs.calls) {
      if (call === node || row.kind !== 'open' || !call.arguments[0]) continue;
      if (this.inputs.namer.keyOf(call.arguments[0]) === key) return true;
    }
    for (const [other, steps] of this.translation.steps) {
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
    const chain = promiseChainEnd(then, (method) => method === 'catch' || method === 'finally', { wrappers: [] });
    if (chain.parent?.type === 'MemberExpression' && chain.parent.object === chain) return undefined; // a later .then settles it
    if (!isAwaitedOrReturned(chain)) return undefined;
    const owner = enclosingFunctionOrProgram(then);
    const record = owner ? this.recording.functionByNode.get(owner) : undefined;
    return record && record.role === 'entry' && !this.resolution.takesCompletionCallback(record) ? record : undefined;
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
      description: fn.node.type === 'Program' ? 'the end of the module' : fn.name.startsWith('new ') ? `the end of the constructor (\`${fn.name}\`)` : `the end of \`${fn.name}\``,
      functionName: fn.name,
      insertAtEndOf: body,
      isAsync: fn.isAsync,
    };
  }
}
