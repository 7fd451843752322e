/**
 * The flow engine: per-handle dirty/clean state as a data-flow fixpoint over ESLint's code path segments.
 * No path enumeration and no recursion: a worklist over segments, with a join at every merge.
 *
 * A state maps handle keys to what is known since the function started:
 *   absent            untouched here (whatever the caller had)
 *   'clean'           synced (or freshly opened, or destroyed) on every path
 *   Dirty             written and not synced since, on some path; `anchors` are the writes that made it dirty
 *
 * A WriteStream's dirty state also says, on some path, whether its data may still be queued inside the stream (not yet
 * handed to the fd) and whether the stream was ended (its fd closes on its own): an fsync of `ws.fd` then syncs nothing.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { CodePathSegment } from './code-path.js';

export interface Dirty {
  readonly anchors: ReadonlySet<TSESTree.Node>;
  /** On some path no sync happened since the function started: the caller's own dirt is still there too. */
  readonly inherits: boolean;
  /** A stream write whose data may not have reached the fd yet (before its callback or 'finish'). */
  readonly queued?: boolean;
  /** The stream was ended: its fd is closed (or about to be) by the stream itself. */
  readonly ended?: boolean;
}
export type HandleState = 'clean' | Dirty;
export type FlowState = ReadonlyMap<string, HandleState>;

export const EMPTY_STATE: FlowState = new Map();

export function isDirty(state: HandleState | undefined): state is Dirty {
  return state !== undefined && state !== 'clean';
}

function joinHandle(a: HandleState | undefined, b: HandleState | undefined): HandleState | undefined {
  if (isDirty(a) && isDirty(b)) {
    const inherits = a.inherits || b.inherits;
    const queued = Boolean(a.queued || b.queued);
    const ended = Boolean(a.ended || b.ended);
    let subset = true;
    for (const anchor of b.anchors) if (!a.anchors.has(anchor)) subset = false;
    if (subset && inherits === a.inherits && queued === Boolean(a.queued) && ended === Boolean(a.ended)) return a;
    return { anchors: subset ? a.anchors : new Set([...a.anchors, ...b.anchors]), inherits, ...streamFlags(queued, ended) };
  }
  // An untouched path keeps whatever the caller had: the join may inherit it.
  if (isDirty(a)) return b === undefined && !a.inherits ? { ...a, inherits: true } : a;
  if (isDirty(b)) return a === undefined && !b.inherits ? { ...b, inherits: true } : b;
  if (a === 'clean' && b === 'clean') return 'clean';
  return undefined;
}

export function joinStates(a: FlowState, b: FlowState): FlowState {
  if (a === b) return a;
  // the common case at a merge: the join adds nothing to `a`, which is kept (states are never changed in place)
  if (joinKeeps(a, b)) return a;
  const result = new Map<string, HandleState>();
  for (const [key, value] of a) {
    const joined = joinHandle(value, b.get(key));
    if (joined !== undefined) result.set(key, joined);
  }
  for (const [key, value] of b) {
    if (a.has(key)) continue;
    const joined = joinHandle(undefined, value);
    if (joined !== undefined) result.set(key, joined);
  }
  return result;
}

function joinKeeps(a: FlowState, b: FlowState): boolean {
  for (const [key, value] of a) if (joinHandle(value, b.get(key)) !== value) return false;
  for (const [key, value] of b) if (!a.has(key) && joinHandle(undefined, value) !== undefined) return false;
  return true;
}

/** Only the flags that are set: most handles are not streams, and their states stay two-field objects. */
export function streamFlags(queued: boolean, ended: boolean): { queued?: true; ended?: true } {
  return { ...(queued ? { queued: true as const } : {}), ...(ended ? { ended: true as const } : {}) };
}

function sameHandle(a: HandleState | undefined, b: HandleState | undefined): boolean {
  if (a === b) return true;
  if (!isDirty(a) || !isDirty(b)) return false;
  if (a.inherits !== b.inherits || a.anchors.size !== b.anchors.size) return false;
  if (Boolean(a.queued) !== Boolean(b.queued) || Boolean(a.ended) !== Boolean(b.ended)) return false;
  for (const anchor of a.anchors) if (!b.anchors.has(anchor)) return false;
  return true;
}

export function sameState(a: FlowState, b: FlowState): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (!sameHandle(value, b.get(key))) return false;
  return true;
}

export function withHandle(state: FlowState, key: string, value: HandleState | undefined): FlowState {
  if (sameHandle(state.get(key), value)) return state;
  const next = new Map(state);
  if (value === undefined) next.delete(key);
  else next.set(key, value);
  return next;
}

/** A segment's recorded nodes, in evaluation order. */
export interface SegmentRecord {
  readonly segment: CodePathSegment;
  readonly nodes: TSESTree.Node[];
}

export interface FlowProblem<Step> {
  initial: CodePathSegment;
  records: ReadonlyMap<string, SegmentRecord>;
  /** The steps a recorded node stands for (empty for most nodes). */
  stepsOf(node: TSESTree.Node): readonly Step[];
  /**
   * Applies one step. `pass` is 'fixpoint' while solving, 'final' on the last pass over settled states, and
   * 'thrown' when a `finally` block is run once more from the states a throw in its `try` block can leave.
   */
  apply(state: FlowState, step: Step, node: TSESTree.Node, pass: Pass): FlowState;
  /** Segments a throw inside this node can jump to (a `catch` ESLint did not link to every call). */
  catchTargets(node: TSESTree.Node): readonly CodePathSegment[];
  /** The `finally` block a throw inside this node runs before leaving the function, and the segment it starts in. */
  finallyTarget?(node: TSESTree.Node): { segment: CodePathSegment; block: TSESTree.Node } | undefined;
}

export type Pass = 'fixpoint' | 'final' | 'thrown';

export interface FlowSolution {
  /** State at the start of each reachable segment. */
  readonly entry: ReadonlyMap<string, FlowState>;
  /** State at the end of each reachable segment. */
  readonly exit: ReadonlyMap<string, FlowState>;
  /** The states a throw in a `try` block carries into its `finally` block, run once more by `replay`. */
  readonly thrown: readonly { segment: CodePathSegment; block: TSESTree.Node; state: FlowState }[];
}

/**
 * The fixed point from `start` at the initial segment, without the final pass: `apply` sees only the 'fixpoint'
 * pass here, so the result does not depend on what the final pass reports, and a caller may replay it more than once.
 * Converges because states only grow under join and the set of keys and anchors in a file is finite; `maxVisits` is
 * a safety net against a bug, not a bound we hit.
 */
export function fixpoint<Step>(problem: FlowProblem<Step>, start: FlowState): FlowSolution {
  return new Solver(problem, start).solve();
}

/** One solve's worklist and states (a class, not closures: every function of every file is solved). */
class Solver<Step> {
  private readonly entry = new Map<string, FlowState>();
  private readonly exit = new Map<string, FlowState>();
  private readonly extraIn = new Map<string, FlowState>();
  // ESLint links a `finally` block's throw path to the first call of the `try` block only; a throw can come from
  // any call. Those states are kept apart (a throw path never reaches a return) and the block is run once more.
  private readonly thrownIn = new Map<string, { segment: CodePathSegment; block: TSESTree.Node; state: FlowState }>();
  private readonly queued = new Set<string>();
  // a FIFO read by index: Array#shift is linear on long queues
  private queue: CodePathSegment[] = [];
  private head = 0;

  constructor(
    private readonly problem: FlowProblem<Step>,
    private readonly start: FlowState,
  ) {}

  solve(): FlowSolution {
    const { problem, entry, exit } = this;
    this.enqueue(problem.initial);
    let visits = 0;
    const maxVisits = 200 * (problem.records.size + 1);
    while (this.head < this.queue.length && visits++ < maxVisits) {
      const segment = this.queue[this.head++] as CodePathSegment;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.queued.delete(segment.id);
      const inState = this.inStateOf(segment);
      if (!inState) continue;
      const previousIn = entry.get(segment.id);
      if (previousIn && sameState(previousIn, inState) && exit.has(segment.id)) continue;
      entry.set(segment.id, inState);
      const out = this.run(segment, inState);
      const previousOut = exit.get(segment.id);
      exit.set(segment.id, out);
      if (!previousOut || !sameState(previousOut, out)) {
        for (const next of segment.nextSegments) if (problem.records.has(next.id) || next.reachable) this.enqueue(next);
      }
    }
    return { entry, exit, thrown: [...this.thrownIn.values()] };
  }

  private enqueue(segment: CodePathSegment): void {
    if (!this.queued.has(segment.id)) {
      this.queued.add(segment.id);
      this.queue.push(segment);
    }
  }

  private inStateOf(segment: CodePathSegment): FlowState | undefined {
    let state: FlowState | undefined = segment === this.problem.initial ? this.start : undefined;
    for (const prev of segment.prevSegments) {
      const prevExit = this.exit.get(prev.id);
      if (prevExit) state = state ? joinStates(state, prevExit) : prevExit;
    }
    const extra = this.extraIn.get(segment.id);
    if (extra) state = state ? joinStates(state, extra) : extra;
    return state;
  }

  private run(segment: CodePathSegment, state: FlowState): FlowState {
    const { problem, thrownIn, extraIn } = this;
    let current = state;
    for (const node of problem.records.get(segment.id)?.nodes ?? []) {
      const target = problem.finallyTarget?.(node);
      if (target) {
        const key = `${target.segment.id}@${target.block.range[0]}`;
        const before = thrownIn.get(key);
        const joined = before ? joinStates(before.state, current) : current;
        if (joined !== before?.state) thrownIn.set(key, { ...target, state: joined });
      }
      for (const step of problem.stepsOf(node)) current = problem.apply(current, step, node, 'fixpoint');
      for (const target of problem.catchTargets(node)) {
        const before = extraIn.get(target.id);
        const joined = before ? joinStates(before, current) : current;
        if (!before || !sameState(before, joined)) {
          extraIn.set(target.id, joined);
          this.enqueue(target);
        }
      }
    }
    return current;
  }
}

/** The final pass: every segment once, with its fixed-point entry state, so hooks see settled states only. */
export function replay<Step>(problem: FlowProblem<Step>, solution: FlowSolution): void {
  for (const [id, inState] of solution.entry) {
    const segment = problem.records.get(id)?.segment;
    if (segment) replaySegment(problem, segment, inState, 'final');
  }
  for (const { segment, block, state } of solution.thrown) replaySegment(problem, segment, state, 'thrown', block);
}

function replaySegment<Step>(problem: FlowProblem<Step>, segment: CodePathSegment, state: FlowState, pass: Pass, within?: TSESTree.Node): void {
  let current = state;
  for (const node of problem.records.get(segment.id)?.nodes ?? []) {
    // the segment a finally block starts in can go on past the block: a throw path stops at its end
    if (within && !(within.range[0] <= node.range[0] && node.range[1] <= within.range[1])) continue;
    for (const step of problem.stepsOf(node)) current = problem.apply(current, step, node, pass);
  }
}
