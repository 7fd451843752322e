/**
 * One function's flow problem and its fixed point: the function's segments and steps, the transfer function, the
 * extra edges a throw takes to `catch` and `finally`. Inputs: the recording, the translation, the transfer function.
 * Outputs: fixed points, each solved again only when its inputs (options, entry state, callees' summaries) change.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { CodePathSegment } from '../code-path.js';
import { fixpoint, joinStates, sameState, type FlowProblem, type FlowSolution, type FlowState, type Pass, type SegmentRecord } from '../flow.js';
import type { SolveOptions } from './findings.js';
import type { Recording } from './recorder.js';
import { optionsKey, summaryFor, type FunctionRecord, type Step } from './steps.js';
import type { Hooks, Transfer } from './transfer.js';
import type { Translation } from './translate.js';

type Node = TSESTree.Node;

export class Solver {
  constructor(
    private readonly recording: Recording,
    private readonly translation: Translation,
    private readonly transfer: Transfer,
  ) {}

  /** What a function's flow problem asks of the analysis: made once per file, not once per solve. */
  private readonly host: ProblemHost = {
    stepsOf: (node) => this.translation.steps.get(node) ?? [],
    apply: (state, step, node, fn, options, hooks) => this.transfer.apply(state, step, node, fn, options, hooks),
    catchTargetsOf: (node, fn) => this.catchTargetsOf(node, fn),
    finallyTargetOf: (node, fn) => this.finallyTargetOf(node, fn),
  };

  problem(fn: FunctionRecord, options: SolveOptions, hooks: Hooks | undefined): FlowProblem<Step> {
    return new FunctionProblem(this.host, fn, options, hooks);
  }

  /**
   * A function's fixed point, solved again only when what it depends on has changed: the options (when it has a sync
   * behind an option guard), its entry state, its callees' summaries. Summaries and findings of every option set
   * share it; the hooks run on a replay of it.
   */
  fixpointOf(fn: FunctionRecord, options: SolveOptions, start: FlowState): FlowSolution {
    const key = optionsKey(fn, options);
    const callees = fn.callees.map((callee) => summaryFor(callee, options));
    const memo = fn.fixpoints.get(key);
    if (memo && sameList(memo.callees, callees) && sameState(memo.start, start)) return memo.solution;
    const solution = fixpoint(this.problem(fn, options, undefined), start);
    fn.fixpoints.set(key, { start, callees, solution });
    return solution;
  }

  /** A throw in a `try` block without `catch`, or in a `catch` block, runs the `finally` block on its way out. */
  private finallyTargetOf(node: Node, fn: FunctionRecord): { segment: CodePathSegment; block: Node } | undefined {
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return undefined;
    if (this.finallyCache.has(node)) return this.finallyCache.get(node);
    return upwards(node, fn.node, this.finallyCache, undefined, (current, parent) => {
      if (parent?.type !== 'TryStatement') return GO_ON;
      if (parent.block === current && parent.handler) return undefined;
      if ((parent.block === current || parent.handler === current) && parent.finalizer) {
        const segment = (this.recording.finallySegments.get(parent.finalizer) ?? []).find((candidate) => fn.records.has(candidate.id));
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
        ? (this.recording.catchSegments.get(parent.handler) ?? []).filter((segment) => fn.records.has(segment.id))
        : GO_ON,
    );
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

/** The join of a function's states at its normal exits (returns and falling off its end): what it settles with. */
export function exitState(fn: FunctionRecord, solution: FlowSolution): FlowState | undefined {
  let exit: FlowState | undefined;
  for (const segment of fn.codePath.returnedSegments) {
    const state = solution.exit.get(segment.id);
    if (state) exit = exit ? joinStates(exit, state) : state;
  }
  return exit;
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

export function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
