/**
 * Translation of recorded nodes to steps: calls (fs calls through catalog-steps.ts; helpers of this file, of other
 * modules, completion callbacks, promise chains, stream events), option and creation guards, early returns. Inputs:
 * the file inputs, the recording, resolution, facts. Outputs: the Translation (every recorded node's steps, and what
 * the calls showed), and each function's role and flush-like calls. Run once, in `translate()`, before any solve.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { FLUSH_LIKE_METHODS, SCHEDULERS, WRITE_STREAM, type ApiRow } from '../catalog.js';
import { containsNode, enclosingClass, isFunctionNode, propertyName, unwrap } from '../handles.js';
import type { PortableSummary } from '../modules.js';
import { directoryEntriesKey, fieldPathOf, isDirectoryEntries, isFieldKey } from './handle-keys.js';
import { CatalogSteps } from './catalog-steps.js';
import type { FileFacts } from './facts.js';
import { DIRECTORY_SYNC_HELPER } from './findings.js';
import type { Recording } from './recorder.js';
import type { Resolution } from './resolution.js';
import type { FileInputs, FunctionRecord, Step } from './steps.js';
import { CALLBACK_RUNS_HERE, isAwaitedOrReturned, isNegatedOptionGuard, isOptionGuard, isPlatformGuard, literalString } from './syntax.js';

type Node = TSESTree.Node;

/** A call that changes a directory entry: what it did, and the keys of the file whose entry it is. */
export interface EntryChange {
  operation: 'create' | 'rename' | 'remove';
  files: string[];
}

export interface Translation {
  /** Every recorded node's steps. */
  readonly steps: Map<Node, Step[]>;
  /** A write call -> the expression that names its handle there, to name the handle as the code does. */
  readonly anchorHandles: Map<Node, Node>;
  readonly entryChanges: Map<Node, EntryChange>;
  /** Keys of files renamed somewhere in this file (the source of a rename). */
  readonly renamedSources: Set<string>;
  /** Calls whose `flush: true` asks for durability (whether or not Node honours it). */
  readonly flushRequested: Set<Node>;
  /** Keys a call of this file syncs, or starts to sync (not awaited, in a callback): meant to be durable. */
  readonly syncedKeys: Set<string>;
  /**
   * Calls by which the functions around them complete, instead of by returning: a completion kept in a record
   * (`req.callback(err)`), an emitted acknowledging event (`this.emit('saved')`).
   */
  readonly completingCalls: Set<Node>;
}

export class Translator {
  readonly out: Translation = {
    steps: new Map(),
    anchorHandles: new Map(),
    entryChanges: new Map(),
    renamedSources: new Set(),
    flushRequested: new Set(),
    syncedKeys: new Set(),
    completingCalls: new Set(),
  };
  private readonly rows: CatalogSteps;
  /** 'finish'/'close' handlers: their entry gets the stream's writes made elsewhere (see `translate`). */
  private readonly laterHandlers: { key: string; then: Step[]; handler: Node }[] = [];

  constructor(
    private readonly inputs: FileInputs,
    private readonly recording: Recording,
    private readonly resolution: Resolution,
    private readonly facts: FileFacts,
  ) {
    this.rows = new CatalogSteps(inputs, recording, resolution, facts, this.out);
  }

  /** Every recorded node to its steps, in the order ESLint recorded them; then the keys those steps sync. */
  translate(): Translation {
    for (const fn of this.recording.functions) {
      for (const record of fn.records.values()) {
        for (const node of record.nodes) if (!this.out.steps.has(node)) this.out.steps.set(node, this.interpret(node, fn));
      }
    }
    for (const { key, then, handler } of this.laterHandlers) {
      const writes: Step[] = [];
      for (const [node, steps] of this.out.steps) {
        if (containsNode(handler, node)) continue;
        for (const step of steps) if (step.kind === 'write' && step.key === key) writes.push(step);
      }
      then.unshift(...writes);
    }
    for (const steps of this.out.steps.values()) {
      for (const step of steps) {
        if (step.kind === 'sync' && !step.byLibrary) this.out.syncedKeys.add(step.key);
        // fs.fsync(fd, cb): the sync happens, later; it shows the handle is meant to be durable
        if (step.kind === 'continuation') for (const inner of step.then) if (inner.kind === 'sync' && !inner.byLibrary) this.out.syncedKeys.add(inner.key);
      }
    }
    return this.out;
  }

  /** The catalog row of a FileHandle/WriteStream method; a receiver whose kind only the types told is learnt here. */
  private handleMethodRowLearning(call: Node): ApiRow | undefined {
    if (call.type === 'CallExpression') {
      const callee = unwrap(call.callee);
      const receiver = callee.type === 'MemberExpression' && propertyName(callee) ? unwrap(callee.object) : undefined;
      const key = receiver ? this.inputs.namer.keyOf(receiver) : undefined;
      const kind = key ? this.facts.kindOf(key, receiver) : undefined;
      if (key && (kind === 'FileHandle' || kind === 'WriteStream')) this.facts.learnKind(key, kind);
    }
    return this.facts.handleMethodRow(call);
  }

  private interpret(node: Node, fn: FunctionRecord): Step[] {
    switch (node.type) {
      case 'CallExpression':
        return this.interpretCall(node, fn);
      case 'NewExpression': {
        // a catalogued constructor (`new Writer(p)`, `new fs.WriteStream(p)`) has a call's shape
        const row = this.inputs.fs.calls.get(node as unknown as TSESTree.CallExpression);
        if (row) return this.rows.fsCallSteps(row, node as unknown as TSESTree.CallExpression);
        return this.promiseExecutorSteps(node) ?? this.inlineArgumentSteps(node.arguments, new Set());
      }
      case 'ReturnStatement':
        return this.earlyReturnGuardSteps(node, fn);
      case 'CatchClause': {
        // A catch that swallows (recorded only then): the syncs of its try block count as done on the catch path.
        // `try { fsyncSync(dirFd) } catch {}` is the directory-sync idiom, which ignores the failure of platforms that
        // cannot fsync a directory on purpose; any other swallowed sync failure is no-ignored-fsync-error's report,
        // and one bug gets one report: the other rules do not report the write as never synced too.
        const steps: Step[] = [];
        for (const [, innerSteps] of this.stepsWithin(node.parent.block, fn)) {
          for (const step of innerSteps) if (step.kind === 'sync') steps.push(step);
        }
        return steps;
      }
      case 'IfStatement':
      case 'LogicalExpression': {
        if (node.type === 'IfStatement' && !isOptionGuard(node.test)) return this.creationGuardSteps(node, fn);
        // The sync behind an option guard: after the guard, count the handle as synced (the documented trade-off).
        const guarded = node.type === 'IfStatement' ? node.consequent : node.right;
        const steps: Step[] = [];
        for (const [, innerSteps] of this.stepsWithin(guarded, fn)) {
          for (const step of innerSteps) {
            if (step.kind === 'sync') steps.push({ kind: 'sync', key: step.key, guarded: true });
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
        if (step.kind === 'sync' && isDirectoryEntries(step.key)) steps.push(step);
        if (step.kind === 'sync' && this.facts.openedFrom.has(step.key)) {
          steps.push({ kind: 'sync', key: directoryEntriesKey(this.facts.openedFrom.get(step.key) as string), guarded: false });
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
      for (const [, innerSteps] of this.stepsWithin(sibling, fn)) {
        for (const step of innerSteps) {
          if (step.kind !== 'sync') continue;
          steps.push({ kind: 'sync', key: step.key, guarded: !platform });
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
          let steps = this.out.steps.get(node);
          if (!steps) {
            steps = this.interpret(node, fn);
            this.out.steps.set(node, steps);
          }
          if (!found.some(([n]) => n === node)) found.push([node, steps]);
        }
      }
    }
    return found;
  }

  private interpretCall(call: TSESTree.CallExpression, fn: FunctionRecord): Step[] {
    const row = this.inputs.fs.calls.get(call) ?? this.resolution.promisifiedRow(call);
    if (row) return this.rows.fsCallSteps(row, call);
    const pipeline = this.inputs.fs.pipelines.get(call);
    if (pipeline) return this.rows.pipelineSteps(call, pipeline);

    const callee = unwrap(call.callee);
    const handled = new Set<Node>();
    const steps: Step[] = [];
    const scheduled = this.scheduledSteps(call, callee);
    if (scheduled) return scheduled;

    if (callee.type === 'MemberExpression') {
      const method = propertyName(callee);
      if (method && FLUSH_LIKE_METHODS.has(method)) fn.callsFlushLike = true;
      const receiver = unwrap(callee.object);
      // x.then(cb) on a promise-style fs call: cb runs after it completes
      if (method === 'then' && receiver.type === 'CallExpression') {
        const inner = this.out.steps.get(receiver) ?? this.interpret(receiver, fn);
        const continuation = call.arguments[0];
        if (continuation && isFunctionNode(continuation)) {
          const record = this.recording.functionByNode.get(continuation);
          const innerSync = inner.filter((s) => s.kind === 'sync' || s.kind === 'write');
          const receiverRow = this.inputs.fs.calls.get(receiver) ?? this.handleMethodRowLearning(receiver);
          const promised = receiverRow?.kind === 'sync' ? this.rows.promiseSyncSteps(receiver) : innerSync;
          const previous = this.resolution.chainedFrom(receiver);
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
      const piped = method === WRITE_STREAM.pipe ? this.rows.pipeSteps(call) : undefined;
      if (piped) return piped;
      const methodRow = this.handleMethodRowLearning(call);
      if (methodRow) return [...this.rows.handleMethodSteps(methodRow, call), ...steps];
      const target = this.resolution.resolveMethod(callee);
      if (target) steps.push(this.callStep(target, call, fn));
      else {
        // request.callback(err): a completion kept in a record; cb.bind(this)(): a wrapper called at once
        const external = this.externalMethodStep(callee, call) ?? this.rows.callbackSteps(callee, call, call.arguments, []);
        if (external) steps.push(...[external].flat());
      }
    } else if (callee.type === 'Identifier') {
      if (FLUSH_LIKE_METHODS.has(callee.name)) fn.callsFlushLike = true;
      const settled = this.streamSettledSteps(call, callee.name);
      if (settled) return settled;
      const userSync = this.inputs.settings.syncFunctions.get(callee.name);
      if (userSync !== undefined) {
        const key = call.arguments[userSync] ? this.inputs.namer.keyOf(call.arguments[userSync]) : undefined;
        if (key) steps.push({ kind: 'sync', key, guarded: false });
      } else {
        const target = this.resolution.resolveFunction(callee);
        const argumentKey = call.arguments[0] ? this.facts.directoryArgumentKey(call.arguments[0]) : undefined;
        const external = target ? undefined : this.externalFunctionStep(callee, call);
        if (target) steps.push(this.callStep(target, call, fn));
        else if (external) steps.push(external);
        // a directory-sync helper from another module (`syncDirectory(this.dir)`) is taken at its word
        else if (DIRECTORY_SYNC_HELPER.test(callee.name) && argumentKey) steps.push({ kind: 'sync', key: directoryEntriesKey(argumentKey), guarded: false });
        else steps.push(...(this.rows.callbackSteps(callee, call, call.arguments, []) ?? []));
      }
    } else if (isFunctionNode(callee)) {
      const target = this.recording.functionByNode.get(callee);
      if (target) {
        handled.add(callee);
        steps.push(this.callStep(target, call, fn));
      }
    }
    const emitted = callee.type === 'MemberExpression' && propertyName(callee) === WRITE_STREAM.emit ? literalString(call.arguments[0]) : undefined;
    if (emitted !== undefined && (WRITE_STREAM.acknowledging as readonly string[]).includes(emitted)) {
      // this.emit('saved'): listeners are told the data is stored
      this.out.completingCalls.add(call);
      steps.push({ kind: 'ack', calleeText: this.inputs.sourceCode.getText(call as never), owner: this.resolution.callbackOwner(call) });
    } else if (callee.type === 'MemberExpression' && this.inputs.settings.acknowledgeFunctions.has(propertyName(callee) ?? '')) {
      steps.push({ kind: 'ack', calleeText: this.inputs.sourceCode.getText(callee as never) });
    } else if (callee.type === 'Identifier' && this.inputs.settings.acknowledgeFunctions.has(callee.name)) {
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
    if (!WRITE_STREAM.listen.some((listen) => listen === method)) return undefined;
    const callee = unwrap(call.callee) as TSESTree.MemberExpression;
    const key = this.facts.streamKeyOf(callee.object);
    const event = literalString(call.arguments[0]);
    const handler = call.arguments[1];
    const { close, finish } = WRITE_STREAM.events;
    if (!key || this.facts.kindOf(key, callee.object) !== 'WriteStream' || (event !== close && event !== finish)) return undefined;
    const record = handler && isFunctionNode(handler) ? this.recording.functionByNode.get(handler) : undefined;
    if (!record) return [];
    record.role = 'continuation';
    // by then every write has reached the fd; after 'close' (and right after 'finish', unless autoClose is off) the fd
    // is closed
    const then: Step[] = [{ kind: 'handover', key }, { kind: 'end', key, closes: event === close || !this.facts.manuallyClosedStreams.has(key) }];
    if (event === close && this.facts.flushStreams.has(key)) then.push({ kind: 'sync', key, guarded: false });
    // the stream finishes after every write to it, wherever it is made (`_write`, a pipe set up in another handler,
    // a write after the registration): its handler starts after them all
    this.laterHandlers.push({ key, then, handler: record.node });
    return [{ kind: 'continuation', fn: record, then }];
  }

  /** `await finished(out)` (stream/promises), `await once(out, 'close')` (events): the flush stream's fsync is done. */
  private streamSettledSteps(call: TSESTree.CallExpression, name: string): Step[] | undefined {
    if (!Object.hasOwn(WRITE_STREAM.closed, name)) return undefined;
    const stream = call.arguments[0];
    const key = stream ? this.inputs.namer.keyOf(stream) : undefined;
    if (!key || !this.facts.flushStreams.has(key) || !isAwaitedOrReturned(call)) return undefined;
    const event: string | undefined = WRITE_STREAM.closed[name as keyof typeof WRITE_STREAM.closed];
    if (event !== undefined && literalString(call.arguments[1]) !== event) return undefined;
    return [{ kind: 'sync', key, guarded: false }];
  }

  /**
   * `process.nextTick(cb)`, `setImmediate(() => cb(null, n))`: the scheduler calls its function argument later, as a
   * call of it here (the state it starts from is the state here).
   */
  private scheduledSteps(call: TSESTree.CallExpression, callee: Node): Step[] | undefined {
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    if (name === undefined || !Object.hasOwn(SCHEDULERS, name)) return undefined;
    if (callee.type === 'MemberExpression' && !(unwrap(callee.object).type === 'Identifier' && (unwrap(callee.object) as TSESTree.Identifier).name === 'process')) return undefined;
    if (callee.type === 'Identifier' && name === 'nextTick') return undefined;
    const scheduled = call.arguments[0];
    if (!scheduled) return undefined;
    const record = isFunctionNode(scheduled) ? this.recording.functionByNode.get(scheduled) : undefined;
    if (record) {
      record.role = 'continuation';
      return [{ kind: 'continuation', fn: record, then: [] }];
    }
    return this.rows.callbackSteps(scheduled, call, call.arguments.slice(SCHEDULERS[name]), []) ?? [];
  }

  /** `appendRecord(fd, buf)` imported from './io'. */
  private externalFunctionStep(callee: TSESTree.Identifier, call: TSESTree.CallExpression): Step | undefined {
    const imported = this.resolution.importOf(callee);
    const summary = imported ? this.resolution.externalSummary(imported.specifier, imported.name) : undefined;
    return summary ? { kind: 'external', summary, call, cleans: !summary.isAsync || isAwaitedOrReturned(call) } : undefined;
  }

  /** `io.appendRecord(fd)` on a namespace import, `this.pager.sync()` on an imported class, an inherited method. */
  private externalMethodStep(callee: TSESTree.MemberExpression, call: TSESTree.CallExpression): Step | undefined {
    if (!this.inputs.modules) return undefined;
    const method = propertyName(callee);
    if (!method) return undefined;
    const object = unwrap(callee.object);
    const make = (summary: PortableSummary | undefined, thisClass?: { from: string; to: string }): Step | undefined =>
      summary ? { kind: 'external', summary, call, thisClass, cleans: !summary.isAsync || isAwaitedOrReturned(call) } : undefined;
    if (object.type === 'Identifier') {
      const imported = this.resolution.importOf(object);
      if (imported?.name === '*') return make(this.resolution.externalSummary(imported.specifier, method));
    }
    // the class of the receiver, declared in another module (or this class's base class from another module)
    let className: string | undefined;
    let subclass: string | undefined;
    if (object.type === 'ThisExpression' || object.type === 'Super') {
      const cls = enclosingClass(object);
      const base = cls?.superClass ? unwrap(cls.superClass) : undefined;
      if (cls && base?.type === 'Identifier') {
        className = base.name;
        subclass = this.inputs.namer.classKey(cls);
      }
    } else {
      const key = this.inputs.namer.keyOf(object);
      if (key && isFieldKey(key)) className = this.inputs.namer.fieldClass.get(fieldPathOf(key));
      else if (key) className = this.inputs.namer.variableClass.get(key);
      if (!className && object.type === 'Identifier' && /^[A-Z]/.test(object.name)) className = object.name; // static
    }
    if (!className) return undefined;
    const reference = this.resolution.identifierNamed(className, call);
    const imported = reference ? this.resolution.importOf(reference) : undefined;
    if (!imported || imported.name === '*') return undefined;
    const exportedClass = imported.name === 'default' ? 'default' : imported.name;
    const summary = this.resolution.externalSummary(imported.specifier, `${exportedClass}.${method}`);
    return make(summary, subclass ? { from: summary ? this.resolution.classOfSummary(summary, exportedClass) : exportedClass, to: subclass } : undefined);
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
        const paramKey = this.inputs.namer.keyOf(name);
        const argKey = argument.type === 'SpreadElement' ? undefined : this.inputs.namer.keyOf(argument);
        if (paramKey && argKey) bindings.set(paramKey, argKey);
      });
    }
    // An async helper that is not awaited has not finished its syncs when the caller goes on.
    const cleans = !target.isAsync || isAwaitedOrReturned(call);
    return { kind: 'call', callee: target, bindings, cleans, mayOnly: false };
  }

  /** Functions written inline as arguments of other calls (forEach, map, Promise executors) run "maybe, here". */
  private inlineArgumentSteps(args: readonly Node[], handled: Set<Node>, runsHere = true): Step[] {
    const steps: Step[] = [];
    for (const argument of args) {
      if (!isFunctionNode(argument) || handled.has(argument)) continue;
      const record = this.recording.functionByNode.get(argument);
      if (!record) continue;
      if (record.role === 'entry') record.role = 'inline';
      // A callback handed to code we cannot see (a test hook, an event handler) runs at a time we do not know:
      // its writes are not the caller's. Array iteration and promise continuations run before the caller goes on.
      if (!runsHere) continue;
      steps.push({ kind: 'call', callee: record, bindings: new Map(), cleans: false, mayOnly: true });
    }
    return steps;
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
    for (const [call, row] of this.inputs.fs.calls) {
      if (row.style !== 'callback' || !containsNode(executor, call)) continue;
      const callback = this.facts.inlineCallback(call);
      if (!callback) continue;
      const resolves = this.inputs.sourceCode.getText(callback.body as never).includes(`${resolve.name}(`);
      if (!resolves) continue;
      steps.push(...this.rows.fsCallSteps({ ...row, style: 'sync' }, call).filter((step) => step.kind !== 'continuation'));
    }
    const record = this.recording.functionByNode.get(executor);
    if (record && record.role === 'entry') record.role = 'inline';
    return steps;
  }
}
