/**
 * The transfer function: state × step → state, for one step of one function under one options set, and the mapping of
 * a callee's handle keys to the caller's at a call. Inputs: the file inputs and facts (which fd was opened on which
 * path, which opens sync), the callees' summaries. Outputs: the next state; report points are handed to the hooks.
 * It writes nothing: the same inputs give the same state whoever asks first.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isDirty, streamFlags, withHandle, type FlowState, type HandleState } from '../flow.js';
import { isFunctionNode } from '../handles.js';
import type { PortableHandle } from '../modules.js';
import { directoryEntriesKey, directoryOfEntries, fieldKey, fieldOf, isDirectoryEntries } from './handle-keys.js';
import type { FileFacts } from './facts.js';
import type { SolveOptions } from './findings.js';
import { summaryFor, type CallStep, type DestroySummary, type ExternalStep, type FileInputs, type FunctionRecord, type RenameSummary, type Step, type Summary } from './steps.js';

type Node = TSESTree.Node;

export interface Hooks {
  /** Running a `finally` block on a throw path: nothing acknowledges there, and no callback is scheduled. */
  thrown?: boolean;
  streamFdSync(call: TSESTree.CallExpression, key: string, state: FlowState, fn: FunctionRecord): void;
  rename?(node: Node, source: string, target: string | undefined, state: FlowState, fn: FunctionRecord): void;
  destroy(node: Node, key: string, state: FlowState, fn: FunctionRecord): void;
  ack(node: Node, calleeText: string, owner: string | undefined, state: FlowState, fn: FunctionRecord): void;
  call(node: Node, step: CallStep, state: FlowState, fn: FunctionRecord): void;
  /** A callback or continuation scheduled here starts from `entry` (the report driver joins the entries). */
  continuation?(fn: FunctionRecord, entry: FlowState): void;
}

/** A callee's handle keys as the caller names them at one call: parameters bound to arguments, locals dropped. */
export class CalleeKeys {
  constructor(
    private readonly inputs: FileInputs,
    private readonly facts: FileFacts,
  ) {}

  /** Per call step, a callee's key -> the caller's: summaries are applied at every visit of every solve. */
  private readonly mappedKeys = new Map<CallStep, Map<string, string | undefined>>();

  /** A callee's key as the caller names it at this call (undefined: it means nothing there). */
  private mapKey(key: string, step: CallStep): string | undefined {
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

  private computeMapKey(key: string, step: CallStep): string | undefined {
    if (isDirectoryEntries(key)) {
      const directory = this.mapKey(directoryOfEntries(key), step);
      return directory ? directoryEntriesKey(directory) : undefined;
    }
    const callee = step.callee.node;
    const parameter = this.inputs.namer.parameterRoot(key);
    if (parameter && isFunctionNode(callee) && parameter.fn === callee) {
      const bound = step.bindings.get(parameter.root);
      return bound ? this.inputs.namer.canonical(bound + parameter.rest) : undefined;
    }
    if (isFunctionNode(callee) && this.inputs.namer.isLocalTo(key, callee)) return undefined;
    return key;
  }

  /** A callee's destroys as the caller names them at this call (a destroy of a key local to the callee is dropped). */
  destroysAt(step: CallStep, summary: Summary): DestroySummary[] {
    const mapped: DestroySummary[] = [];
    for (const inner of summary.destroys) {
      const key = this.mapKey(inner.key, step);
      if (!key) continue;
      const cleanBefore = new Set<string>();
      for (const k of inner.cleanBefore) {
        const local = this.mapKey(k, step);
        if (local) cleanBefore.add(local);
      }
      mapped.push({ node: inner.node, key, cleanBefore });
    }
    return mapped;
  }

  /** A callee's renames of files the caller named, as the caller names them (a rename of the callee's own temp is its own). */
  renamesAt(step: CallStep, summary: Summary): RenameSummary[] {
    const mapped: RenameSummary[] = [];
    for (const inner of summary.renames) {
      const source = this.mapKey(inner.source, step);
      if (!source) continue;
      const cleanBefore = new Set<string>();
      for (const k of inner.cleanBefore) {
        const local = this.mapKey(k, step);
        if (local) cleanBefore.add(local);
      }
      mapped.push({ node: inner.node, source, target: inner.target ? this.mapKey(inner.target, step) : undefined, cleanBefore });
    }
    return mapped;
  }

  /**
   * A callee's handle as the caller names it at this call, whichever module the callee is in: a key of this file's
   * callee (parameters bound to arguments, its locals dropped), or a portable handle of another module's summary
   * (parameters by position, fields by class).
   */
  keyAt(handle: string | PortableHandle, step: CallStep | ExternalStep): string | undefined {
    if (typeof handle === 'string') return step.kind === 'call' ? this.mapKey(handle, step) : undefined;
    if (step.kind !== 'external') return undefined;
    let key: string | undefined;
    if (handle.param !== undefined) {
      const argument = step.call.arguments[handle.param];
      const named = argument && argument.type !== 'SpreadElement' ? argument : undefined;
      const base = named ? (handle.directory ? this.facts.directoryArgumentKey(named) : this.inputs.namer.keyOf(named)) : undefined;
      key = base ? this.inputs.namer.canonical(base + handle.rest) : undefined;
    } else if (handle.key) {
      const thisClass = step.thisClass;
      const field = thisClass ? fieldOf(handle.key) : undefined;
      key = thisClass && field?.className === thisClass.from ? fieldKey(thisClass.to, field.path) : handle.key;
    }
    return key && handle.directory ? directoryEntriesKey(key) : key;
  }

  /**
   * What the callee leaves clean or dirty on its normal exits, as the caller names it: one list whichever module the
   * callee is in (another module's dirty handle is dirty "written by this call", anchored here).
   */
  effectsAt(step: CallStep | ExternalStep, caller: FunctionRecord, options: SolveOptions): { key: string; value: HandleState }[] {
    const effects: { key: string; value: HandleState }[] = [];
    if (step.kind === 'external') {
      for (const effect of step.summary.effects) {
        const key = this.keyAt(effect, step);
        if (key) effects.push({ key, value: effect.value === 'clean' ? 'clean' : { anchors: new Set([step.call]), inherits: true } });
      }
      return effects;
    }
    for (const [calleeKey, value] of summaryFor(step.callee, options).exit) {
      // A file outlives the callee's local fd: a file it left dirty is still dirty in the caller.
      const key = this.mapKey(calleeKey, step) ?? (isDirty(value) && !calleeKey.startsWith('t:') ? calleeKey : undefined);
      if (!key || (isFunctionNode(caller.node) && step.callee === caller && this.inputs.namer.isLocalTo(key, caller.node))) continue;
      effects.push({ key, value });
    }
    return effects;
  }
}

export class Transfer {
  constructor(
    private readonly inputs: FileInputs,
    private readonly facts: FileFacts,
    private readonly keys: CalleeKeys,
  ) {}

  apply(state: FlowState, step: Step, node: Node, fn: FunctionRecord, options: SolveOptions, hooks: Hooks | undefined): FlowState {
    switch (step.kind) {
      case 'write': {
        const current = state.get(step.key);
        // every change of a directory's entries is its own report; a file's first unsynced write stands for the rest
        if (isDirty(current) && isDirectoryEntries(step.key) && !current.anchors.has(step.anchor)) {
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
        const path = this.facts.openedFrom.get(step.key);
        if (path) next = withHandle(withHandle(next, path, 'clean'), directoryEntriesKey(path), 'clean');
        return next;
      }
      case 'open':
        return withHandle(state, step.key, 'clean');
      case 'destroy': {
        hooks?.destroy(node, step.key, state, fn);
        // the old contents are gone: what a handle on the same file still had unsynced no longer needs a sync
        let next = withHandle(state, step.key, 'clean');
        for (const [fd, path] of this.facts.openedFrom) if (path === step.key) next = withHandle(next, fd, 'clean');
        // rm(dir, { recursive: true }): the files in it go too
        for (const [key, value] of state) if (isDirty(value) && this.facts.directoryOfFile(key) === step.key) next = withHandle(next, key, 'clean');
        return next;
      }
      case 'ack':
        hooks?.ack(node, step.calleeText, step.owner, state, fn);
        return state;
      case 'rename':
        hooks?.rename?.(node, step.source, step.target, state, fn);
        return state;
      case 'external':
        return this.applyCallee(state, step, fn, options);
      case 'continuation': {
        // the callback starts from the state here, with the call's completion applied: the report driver keeps it
        if (hooks?.continuation && !hooks.thrown) {
          let entry = state;
          for (const inner of step.then) entry = this.apply(entry, inner, node, fn, options, undefined);
          hooks.continuation(step.fn, entry);
        }
        return state;
      }
      case 'call': {
        hooks?.call(node, step, state, fn);
        return this.applyCallee(state, step, fn, options);
      }
      default:
        return state;
    }
  }

  /** The one routine that applies a callee's summary at a call, whether the callee is in this file or another module. */
  private applyCallee(state: FlowState, step: CallStep | ExternalStep, fn: FunctionRecord, options: SolveOptions): FlowState {
    if (step.cleanOnly === 'option' && !options.optionGuardedSyncCounts) return state;
    const mayOnly = step.kind === 'call' && step.mayOnly;
    let next = state;
    for (const { key, value } of this.keys.effectsAt(step, fn, options)) {
      if (step.cleanOnly) {
        // behind a guard: only what the callee leaves clean counts (directories only, behind a creation guard)
        if (value === 'clean' && (step.cleanOnly === 'option' || isDirectoryEntries(key))) next = withHandle(next, key, 'clean');
        continue;
      }
      const current = next.get(key);
      if (value === 'clean') {
        if (step.cleans && !mayOnly) next = withHandle(next, key, 'clean');
      } else if (this.facts.opensSync(key)) {
        // a helper's write through a handle opened here with a sync flag is durable as it happens
        continue;
      } else if (value.inherits || mayOnly) {
        const anchors = isDirty(current) ? new Set([...current.anchors, ...value.anchors]) : value.anchors;
        next = withHandle(next, key, { anchors, inherits: isDirty(current) ? current.inherits : current === undefined });
      } else {
        next = withHandle(next, key, { anchors: value.anchors, inherits: false });
      }
    }
    return next;
  }
}
