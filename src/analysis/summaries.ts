/**
 * Summaries and their fixpoint: what each function leaves dirty or clean and what it destroys, per options set that
 * matters to it, solved again only for the callers of a summary that changed; and which keys each function syncs
 * (through its helpers too). Inputs: the recording, the translation, facts, the solver. Outputs: `FunctionRecord.summary`
 * (keyed by `optionsKey`), the call graph flags on each record (`index`), and the SyncIndex.
 */
import { EMPTY_STATE, isDirty, replay, withHandle, type FlowState } from '../flow.js';
import { containsNode, isFunctionNode } from '../handles.js';
import { directoryEntriesKey } from './handle-keys.js';
import type { FileFacts } from './facts.js';
import type { SolveOptions } from './findings.js';
import type { Recording } from './recorder.js';
import { exitState, sameList, type Solver } from './solve.js';
import { EMPTY_SUMMARY, optionsKey, summaryFor, type CallStep, type DestroySummary, type FileInputs, type FunctionRecord, type RenameSummary, type Step, type Summary } from './steps.js';
import type { CalleeKeys, Hooks } from './transfer.js';
import type { Translation } from './translate.js';

/** Which keys are synced: by each function (its helpers' syncs mapped in), and anywhere in the file. */
export interface SyncIndex {
  readonly byFunction: ReadonlyMap<FunctionRecord, ReadonlySet<string>>;
  /** Synced (or a sync started) anywhere in the file, by this file's calls, helpers, or other modules' helpers. */
  readonly keys: ReadonlySet<string>;
}

export class Summaries {
  constructor(
    private readonly inputs: FileInputs,
    private readonly recording: Recording,
    private readonly translation: Translation,
    private readonly facts: FileFacts,
    private readonly solver: Solver,
    private readonly keys: CalleeKeys,
  ) {}

  /** What each function's fixed point depends on besides its entry state: its callees' summaries, and the options. */
  index(): void {
    for (const fn of this.recording.functions) {
      const callees = new Set<FunctionRecord>();
      // the steps of its nodes, and those a continuation step applies
      const pending: Step[] = [];
      for (const record of fn.records.values()) for (const node of record.nodes) pending.push(...(this.translation.steps.get(node) ?? []));
      for (let i = 0; i < pending.length; i++) {
        const step = pending[i] as Step;
        fn.hasSteps = true;
        if (step.kind !== 'open' && step.kind !== 'sync' && step.kind !== 'handover' && step.kind !== 'end') fn.onlyCleans = false;
        if (step.kind === 'destroy') fn.destroys = true;
        if (step.kind === 'rename') fn.renames = true;
        if (step.kind === 'call') callees.add(step.callee);
        // a summary's solve names the arguments of calls to other modules' functions for the first time: kept
        if (step.kind === 'external') fn.summarized = true;
        if ((step.kind === 'sync' && step.guarded) || ((step.kind === 'call' || step.kind === 'external') && step.cleanOnly === 'option')) fn.optionDependent = true;
        if (step.kind === 'continuation') pending.push(...step.then);
      }
      fn.callees = [...callees];
      fn.summaryDependsOnOptions = fn.optionDependent;
    }
    for (const fn of this.recording.functions) for (const callee of fn.callees) callee.summarized = true;
    // a caller of an option-dependent function depends on the options too: to a fixpoint over the call graph
    for (let changed = true; changed; ) {
      changed = false;
      for (const fn of this.recording.functions) {
        if (fn.summaryDependsOnOptions || !fn.callees.some((callee) => callee.summaryDependsOnOptions)) continue;
        fn.summaryDependsOnOptions = true;
        changed = true;
      }
    }
  }

  /** Summaries to a fixpoint: a callee's summary changing re-solves its callers, and only them. */
  summarize(options: SolveOptions): void {
    const callers = new Map<FunctionRecord, Set<FunctionRecord>>();
    for (const fn of this.recording.functions) {
      for (const record of fn.records.values()) {
        for (const node of record.nodes) {
          for (const step of this.translation.steps.get(node) ?? []) {
            if (step.kind !== 'call') continue;
            const set = callers.get(step.callee) ?? new Set();
            set.add(fn);
            callers.set(step.callee, set);
          }
        }
      }
    }
    const candidates = this.recording.functions.filter((fn) => fn.role !== 'continuation');
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
    if (!fn.hasSteps) return EMPTY_SUMMARY;
    const solution = this.solver.fixpointOf(fn, options, EMPTY_STATE);
    // the replay only collects destroys and renames: its own, and those of the functions it calls
    const destroys: DestroySummary[] = [];
    const renames: RenameSummary[] = [];
    const cleanIn = (state: FlowState, into: Set<string> = new Set()): Set<string> => {
      for (const [k, v] of state) if (v === 'clean') into.add(k);
      return into;
    };
    const calleesDo = fn.callees.some((callee) => summaryFor(callee, options).destroys.length > 0 || summaryFor(callee, options).renames.length > 0);
    if (fn.destroys || fn.renames || calleesDo) {
      const hooks: Hooks = {
        destroy: (node, key, state) => destroys.push({ node, key, cleanBefore: cleanIn(state) }),
        rename: (node, source, target, state) => renames.push({ node, source, target, cleanBefore: cleanIn(state) }),
        ack: () => undefined,
        streamFdSync: () => undefined,
        call: (_node, step, state) => {
          const summary = summaryFor(step.callee, options);
          for (const inner of this.keys.destroysAt(step, summary)) destroys.push({ ...inner, cleanBefore: cleanIn(state, inner.cleanBefore) });
          for (const inner of this.keys.renamesAt(step, summary)) renames.push({ ...inner, cleanBefore: cleanIn(state, inner.cleanBefore) });
        },
      };
      replay(this.solver.problem(fn, options, hooks), solution);
    }
    const exit = exitState(fn, solution);
    // A local fd opened on a path the caller passed in and left dirty: the caller's file is dirty.
    let settled = exit ?? EMPTY_STATE;
    if (isFunctionNode(fn.node)) {
      for (const [key, value] of settled) {
        const path = this.facts.openedFrom.get(key);
        if (!isDirty(value) || !path || isDirty(settled.get(path)) || this.inputs.namer.parameterRoot(path)?.fn !== fn.node) continue;
        settled = withHandle(settled, path, value);
      }
    }
    return { exit: settled, destroys: dedupeDestroys(destroys), renames: dedupeRenames(renames) };
  }

  /**
   * Keys a helper syncs count as "synced somewhere" for the caller's handles. Only real syncs: a helper that leaves
   * a handle clean because it opened or destroyed it has not synced it.
   */
  syncIndex(): SyncIndex {
    const synced = new Map<FunctionRecord, Set<string>>();
    const calls: { fn: FunctionRecord; step: CallStep }[] = [];
    for (const fn of this.recording.functions) {
      const own = new Set<string>();
      for (const record of fn.records.values()) {
        for (const node of record.nodes) {
          for (const step of this.translation.steps.get(node) ?? []) {
            if (step.kind === 'sync' && !step.byLibrary) {
              own.add(step.key);
              const path = this.facts.openedFrom.get(step.key);
              if (path) own.add(path);
              // an fd opened read-only and synced: the directory idiom
              if (path && this.facts.openedReadOnly(step.key)) own.add(directoryEntriesKey(path));
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
          const mapped = this.keys.keyAt(key, step);
          if (mapped && !into.has(mapped)) {
            into.add(mapped);
            changed = true;
          }
        }
      }
    }
    const syncedKeys = new Set(this.translation.syncedKeys);
    for (const keys of synced.values()) for (const key of keys) syncedKeys.add(key);
    // what helpers of other modules sync counts too
    for (const steps of this.translation.steps.values()) {
      for (const step of steps) {
        if (step.kind !== 'external') continue;
        for (const handle of step.summary.syncs) {
          const key = this.keys.keyAt(handle, step);
          if (key) syncedKeys.add(key);
        }
      }
    }
    for (const [fd, path] of this.facts.openedFrom) {
      if (!syncedKeys.has(fd)) continue;
      syncedKeys.add(path);
      if (this.facts.openedReadOnly(fd)) syncedKeys.add(directoryEntriesKey(path));
    }
    return { byFunction: synced, keys: syncedKeys };
  }
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

function dedupeRenames(list: RenameSummary[]): RenameSummary[] {
  const byKey = new Map<string, RenameSummary>();
  for (const item of list) {
    const id = `${item.node.range[0]}:${item.source}`;
    const existing = byKey.get(id);
    if (!existing) byKey.set(id, item);
    else byKey.set(id, { ...existing, cleanBefore: new Set([...existing.cleanBefore].filter((k) => item.cleanBefore.has(k))) });
  }
  return [...byKey.values()];
}

function sameSummary(a: Summary, b: Summary): boolean {
  if (a.exit.size !== b.exit.size || a.destroys.length !== b.destroys.length || a.renames.length !== b.renames.length) return false;
  for (let i = 0; i < a.renames.length; i++) {
    const x = a.renames[i] as RenameSummary;
    const y = b.renames[i] as RenameSummary;
    if (x.node !== y.node || x.source !== y.source || x.cleanBefore.size !== y.cleanBefore.size) return false;
  }
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

/**
 * A handle the caller passed in and keeps (an fd, a FileHandle, a stream given as a parameter): a function that writes
 * through it and returns, resolves or calls back has fs's own contract (`write(fd, buf, cb)`), and the caller that
 * opened it syncs it; the caller's acknowledgement is the report point (a call applies the summary there). Not a path
 * given as a parameter (the writer opened the file and could have synced it), not the fd an open's callback receives,
 * and not in a function that syncs something itself (it has taken the obligation on).
 */
export function callerOwns(key: string, inputs: FileInputs, recording: Recording, facts: FileFacts, syncs: SyncIndex): boolean {
  const parameter = inputs.namer.parameterRoot(key);
  if (!parameter) return false;
  const kind = facts.kinds.get(key) ?? facts.kinds.get(parameter.root);
  if (kind !== 'fd' && kind !== 'FileHandle' && kind !== 'WriteStream') return false;
  if (recording.functionByNode.get(parameter.fn)?.role === 'continuation') return false;
  for (const [record, synced] of syncs.byFunction) if (synced.size > 0 && containsNode(parameter.fn, record.node)) return false;
  for (const [call, row] of inputs.fs.calls) if (row.kind === 'sync' && containsNode(parameter.fn, call)) return false;
  return true;
}
