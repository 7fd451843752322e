/**
 * The one place that turns catalog rows into steps: an fs call (`writeSync`, `fs.fsync(fd, cb)`, `await fsp.open()`)
 * or a FileHandle/WriteStream method call, with its flags, options (`flush`, `fsync: false`), callback or promise.
 * Inputs: the file inputs, the recording, resolution and facts. Outputs: steps, and what the calls show into the
 * translation (which handle each write names, flush requests, syncs, renamed files, directory entry changes).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { CREATING_OPEN_FLAGS, FLUSH_SKIPPING_ENCODINGS, WRITE_STREAM, type ApiRow, type ApiStyle } from '../catalog.js';
import { containsNode, isFunctionNode, propertyName, unwrap } from '../handles.js';
import { directoryEntriesKey } from './handle-keys.js';
import type { FileFacts } from './facts.js';
import type { Recording } from './recorder.js';
import type { Resolution } from './resolution.js';
import type { FileInputs, FunctionRecord, Step } from './steps.js';
import { CALLBACK_PARAM_NAMES, enclosingFunctionOrProgram, isCreationGuard, isAwaitedOrReturned, isFalseLiteral, isTrueLiteral, literalString, objectProperty } from './syntax.js';
import type { Translation } from './translate.js';

type Node = TSESTree.Node;

/**
 * Whether `flush: true` makes a one-shot write of this row durable, as the catalog's `flush` column says (Node 20.20:
 * the sync forms skip it for string data with a utf8 encoding, nodejs/node#60552; a FileHandle ignores it).
 */
export function flushSyncs(row: ApiRow, encoding: string | undefined, dataIsString: () => boolean): boolean {
  if (row.flush === 'sync') return true;
  if (row.flush !== 'sync-unless-utf8-string') return false;
  return encoding === undefined || !FLUSH_SKIPPING_ENCODINGS.has(encoding.toLowerCase()) || !dataIsString();
}

/** What of a callback-style call's effect applies when it returns: the "may" part (a write, a destroy), no sync. */
function happensAtCall(effect: Step[]): Step[] {
  return effect.filter((step) => step.kind !== 'sync' && step.kind !== 'open' && step.kind !== 'handover');
}

export class CatalogSteps {
  constructor(
    private readonly inputs: FileInputs,
    private readonly recording: Recording,
    private readonly resolution: Resolution,
    private readonly facts: FileFacts,
    private readonly out: Translation,
  ) {}

  fsCallSteps(catalogued: ApiRow, call: TSESTree.CallExpression): Step[] {
    // a read changes no handle (state-files.ts reads the reads)
    if (catalogued.kind === 'read') return [];
    const last = call.arguments[call.arguments.length - 1];
    // an optional callback: an inline function, or a name that says so (an identifier there may be the options)
    const callbackLast = last !== undefined && call.arguments.length > (catalogued.dataArg ?? 0) + 1 && (isFunctionNode(last) || (last.type === 'Identifier' && CALLBACK_PARAM_NAMES.test(last.name)) || (last.type === 'CallExpression' && this.resolution.wrappedCallback(last) !== undefined));
    const row: ApiRow = catalogued.optionalCallback && callbackLast ? { ...catalogued, style: 'callback' } : catalogued;
    const handleArg = typeof row.handle === 'number' ? call.arguments[row.handle] : undefined;
    const key = handleArg ? this.inputs.namer.keyOf(handleArg) : undefined;
    const callback = row.style === 'callback' ? this.facts.inlineCallback(call) : undefined;
    const callbackRecord = callback ? this.recording.functionByNode.get(callback) : undefined;
    if (key && row.kind !== 'open') this.facts.learnKind(key, row.handleKind);
    if (key) this.facts.usedAsHandle.add(key);

    const effect: Step[] = [];
    switch (row.kind) {
      case 'open': {
        const received = row.style === 'callback' ? this.facts.callbackResultParam(call, 0) : undefined;
        const stored = this.facts.storedHandleKey(call) ?? (received ? this.inputs.namer.keyOf(received) : undefined);
        const flags = this.facts.openFlagsOf(row, call);
        if (stored) effect.push({ kind: 'open', key: stored });
        if (flags.creates && this.mayCreate(call, key)) {
          effect.push(...this.entryChange(call, handleArg, 'create', [stored, key].filter((k): k is string => k !== undefined)));
        }
        // reopening a log with 'w' destroys its contents
        if (flags.truncating && key && row.produces !== 'WriteStream') effect.push({ kind: 'destroy', key });
        break;
      }
      case 'write': {
        if (!key) break;
        const viaHandle = this.facts.kinds.get(key) === 'FileHandle';
        if (this.facts.opensSync(key)) break;
        const data = row.dataArg !== undefined ? call.arguments[row.dataArg] : undefined;
        const creates = row.oneShot !== undefined && handleArg !== undefined && this.oneShotCreates(row, call);
        if (creates === 'exclusive' || creates === 'missing') effect.push(...this.entryChange(call, handleArg, 'create', [key]));
        // an exclusive create ('wx') fails on an existing file: nothing old is lost
        if (row.oneShot === 'replace' && literalString(data) === '' && creates !== 'exclusive') {
          effect.push({ kind: 'destroy', key });
          break;
        }
        if (literalString(data) === '') break;
        effect.push({ kind: 'write', key, anchor: call });
        if (handleArg) this.out.anchorHandles.set(call, handleArg);
        if (handleArg && row.handleKind === 'path') this.facts.noteDirectoryOf(key, handleArg);
        const options = row.optionsArg !== undefined ? call.arguments[row.optionsArg] : undefined;
        if (row.atomic) {
          // a temp file, fsynced unless told not to, renamed over the target: the data is durable, the new directory
          // entry is not
          if (row.atomic !== 'unsynced' && !isFalseLiteral(objectProperty(options, 'fsync'))) effect.push({ kind: 'sync', key, guarded: false, byLibrary: true });
          effect.push(...this.entryChange(call, handleArg, 'rename', [key]));
          break;
        }
        if (isTrueLiteral(objectProperty(options, 'flush'))) this.out.flushRequested.add(call);
        if (row.flush && !viaHandle && this.flushHonoured(row, call)) {
          // a promise-style durable write is durable only once awaited
          if (row.style !== 'promise' || isAwaitedOrReturned(call)) effect.push({ kind: 'sync', key, guarded: false });
        }
        break;
      }
      case 'sync': {
        const stream = handleArg ? this.facts.streamOfFd(handleArg) : undefined;
        if (stream) effect.push({ kind: 'streamFdSync', key: stream, call }, { kind: 'sync', key: stream, guarded: false, viaStreamFd: true });
        if (key && key !== `${stream}.fd`) effect.push({ kind: 'sync', key, guarded: false });
        // fsync(raf.fd): the object that exposes its fd is synced
        const exposing = handleArg ? this.facts.ownerOfExposedFd(handleArg) : undefined;
        if (exposing) effect.push({ kind: 'sync', key: exposing, guarded: false });
        break;
      }
      case 'destroy':
        if (key) effect.push({ kind: 'destroy', key });
        if (row.removesEntry && key) effect.push(...this.entryChange(call, handleArg, 'remove', [key]));
        break;
      case 'rename': {
        const targetArg = row.targetArg !== undefined ? call.arguments[row.targetArg] : undefined;
        const target = targetArg ? this.inputs.namer.keyOf(targetArg) : undefined;
        if (key) effect.push({ kind: 'rename', source: key, target });
        // a temp file renamed away is not a new entry, wherever it goes (even into a directory we cannot name)
        if (key) this.out.renamedSources.add(key);
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
      for (const step of effect) if (step.kind === 'sync' && !step.byLibrary) this.out.syncedKeys.add(step.key);
      return effect.filter((step) => step.kind !== 'sync');
    }
    return effect;
  }

  /**
   * `await pipeline(source, …, out)`, `pipeline(source, createWriteStream(p), cb)`: the destination is written, and
   * when the pipeline completes its writes have reached the file (ended, closed, a flush stream synced). A stream
   * made inline is a write of its path, as a one-shot write is.
   */
  pipelineSteps(call: TSESTree.CallExpression, style: ApiStyle): Step[] {
    const args = call.arguments;
    let position = style === 'callback' ? args.length - 2 : args.length - 1;
    if (style === 'promise' && args[position]?.type === 'ObjectExpression') position--; // { signal, end }
    const destination = position > 0 ? args[position] : undefined;
    if (!destination || destination.type === 'SpreadElement') return [];
    const effect = this.destinationSteps(destination, call, true);
    if (style === 'callback') {
      const last = args[args.length - 1];
      return this.completionSteps(call, effect, last && isFunctionNode(last) ? this.recording.functionByNode.get(last) : undefined);
    }
    return isAwaitedOrReturned(call) ? effect : effect.filter((step) => step.kind !== 'sync');
  }

  /**
   * `source.pipe(out)`: a write to `out`, queued in it; `await finished(source.pipe(createWriteStream(p)))` waits for
   * the stream to close (a flush stream has synced by then).
   */
  pipeSteps(call: TSESTree.CallExpression): Step[] | undefined {
    const destination = call.arguments[0];
    if (!destination || destination.type === 'SpreadElement') return undefined;
    const parent = call.parent;
    const waiter = parent?.type === 'CallExpression' && parent.arguments[0] === call ? unwrap(parent.callee) : undefined;
    const name = waiter?.type === 'Identifier' ? waiter.name : undefined;
    const event: string | undefined = name !== undefined && Object.hasOwn(WRITE_STREAM.closed, name) ? WRITE_STREAM.closed[name as keyof typeof WRITE_STREAM.closed] : undefined;
    const finished = name !== undefined && Object.hasOwn(WRITE_STREAM.closed, name) && (event === undefined || literalString((parent as TSESTree.CallExpression).arguments[1]) === event) && isAwaitedOrReturned(parent as Node);
    const effect = this.destinationSteps(destination, call, finished);
    return effect.length > 0 ? effect : undefined;
  }

  /**
   * What writing every chunk of a stream into `destination` does: a write of the WriteStream it names, or of the path
   * of a `createWriteStream(p)` made in place (as a one-shot write of `p`); `completes`: the stream has closed by the
   * time the effect applies (its writes reached the file, a flush stream synced).
   */
  private destinationSteps(destination: Node, call: TSESTree.CallExpression, completes: boolean): Step[] {
    const inner = unwrap(destination);
    const row = inner.type === 'CallExpression' ? this.inputs.fs.calls.get(inner) : undefined;
    const effect: Step[] = [];
    if (inner.type === 'CallExpression' && row?.produces === 'WriteStream' && !this.facts.storedHandleKey(inner)) {
      const pathArgument = inner.arguments[0];
      const key = pathArgument ? this.inputs.namer.keyOf(pathArgument) : undefined;
      if (!key || !pathArgument) return [];
      this.facts.usedAsHandle.add(key);
      this.facts.noteDirectoryOf(key, pathArgument);
      this.out.anchorHandles.set(call, pathArgument);
      if (!this.facts.openFlagsOf(row, inner).sync) effect.push({ kind: 'write', key, anchor: call });
      const options = row.optionsArg !== undefined ? inner.arguments[row.optionsArg] : undefined;
      if (completes && isTrueLiteral(objectProperty(options, WRITE_STREAM.options.flush))) effect.push({ kind: 'sync', key, guarded: false });
      return effect;
    }
    const key = this.facts.streamKeyOf(inner);
    if (!key || this.facts.kindOf(key, inner) !== 'WriteStream') return [];
    this.out.anchorHandles.set(call, inner);
    if (!this.facts.opensSync(key)) effect.push({ kind: 'write', key, anchor: call, queued: !completes });
    if (!completes) return effect;
    effect.push({ kind: 'handover', key }, { kind: 'end', key, closes: !this.facts.manuallyClosedStreams.has(key) });
    if (this.facts.flushStreams.has(key)) effect.push({ kind: 'sync', key, guarded: false });
    return effect;
  }

  handleMethodSteps(row: ApiRow, call: TSESTree.CallExpression): Step[] {
    const callee = unwrap(call.callee) as TSESTree.MemberExpression;
    const key = this.inputs.namer.keyOf(callee.object);
    if (!key) return [];
    this.facts.usedAsHandle.add(key);
    const effect: Step[] = [];
    switch (row.kind) {
      case 'write':
        // flush: true through a FileHandle is ignored by Node: still a plain write
        if (this.facts.opensSync(key)) break;
        this.out.anchorHandles.set(call, callee.object);
        if (row.optionsArg !== undefined && isTrueLiteral(objectProperty(call.arguments[row.optionsArg], 'flush'))) this.out.flushRequested.add(call);
        if (row.owner === 'WriteStream') effect.push({ kind: 'write', key, anchor: call, queued: true }, { kind: 'handover', key });
        else effect.push({ kind: 'write', key, anchor: call });
        break;
      case 'sync':
        // an un-awaited sync has not happened when the function goes on; it still shows the handle is meant to be durable
        this.out.syncedKeys.add(key);
        if (isAwaitedOrReturned(call)) effect.push({ kind: 'sync', key, guarded: false });
        break;
      case 'destroy':
        effect.push({ kind: 'destroy', key });
        break;
      case 'close':
        if (row.owner !== 'WriteStream') break;
        // end(data) writes last; its callback runs at 'finish', when every write has reached the fd. A flush stream's
        // fsync comes later, before 'close', not before end() returns
        if (call.arguments[0] && !isFunctionNode(call.arguments[0]) && !this.facts.opensSync(key)) {
          this.out.anchorHandles.set(call, callee.object);
          effect.push({ kind: 'write', key, anchor: call, queued: true });
        }
        effect.push({ kind: 'end', key, closes: !this.facts.manuallyClosedStreams.has(key) }, { kind: 'handover', key });
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
  completionSteps(call: TSESTree.CallExpression, effect: Step[], callbackRecord: FunctionRecord | undefined): Step[] {
    const lastArgument = call.arguments[call.arguments.length - 1];
    const here = happensAtCall(effect);
    const inline = lastArgument && isFunctionNode(lastArgument) ? this.recording.functionByNode.get(lastArgument) : undefined;
    const record = callbackRecord ?? inline;
    if (record) {
      record.role = 'continuation';
      here.push({ kind: 'continuation', fn: record, then: effect });
      return here;
    }
    // fs.write(fd, buf, cb), once(cb), cb.bind(this), a chain step's `next`: called with the completion applied
    return (lastArgument && !isFunctionNode(lastArgument) ? this.callbackSteps(lastArgument, call, [], effect) : undefined) ?? here;
  }

  /**
   * The steps of calling a completion `callee` (with `args`) once `effect` has happened: an acknowledgement of a
   * completion callback (through its wrappers), or a chain step's hand-off to the next step (a continuation from the
   * state here) or through it to the chain's own completion. Undefined when `callee` is neither.
   */
  callbackSteps(callee: Node, call: TSESTree.CallExpression, args: readonly Node[], effect: Step[]): Step[] | undefined {
    let current = unwrap(callee);
    for (let depth = 0; depth < 4; depth++) {
      const wrapped = current.type === 'CallExpression' ? this.resolution.wrappedCallback(current) : undefined;
      if (wrapped) {
        current = unwrap(wrapped);
        continue;
      }
      let next = current.type === 'Identifier' ? this.resolution.handOffOf(current) : undefined;
      // sure(onError, fn) runs fn on success; done.bind(this) is followed as a wrapper of done
      if (next?.type === 'CallExpression') next = this.resolution.wrapperSuccessFunction(next) ?? next;
      if (next && isFunctionNode(next)) {
        const record = this.recording.functionByNode.get(next);
        if (!record) return undefined;
        record.role = 'continuation';
        return [...happensAtCall(effect), { kind: 'continuation', fn: record, then: effect }];
      }
      if (next) {
        current = next;
        continue;
      }
      const completion = this.resolution.completionCallback(current);
      if (!completion) return undefined;
      const text = current.type === 'Identifier' ? current.name : this.inputs.sourceCode.getText(current as never);
      // even a failure reported through it (`req.callback(err)`) says the function completes by it, not by returning
      if (completion.kept) this.out.completingCalls.add(call);
      if (!this.resolution.isAcknowledgingCallback(current, call, args)) return undefined;
      return [...effect, { kind: 'ack', calleeText: text, owner: this.resolution.callbackOwner(current) }];
    }
    return undefined;
  }

  promiseSyncSteps(call: Node): Step[] {
    if (call.type !== 'CallExpression') return [];
    const callee = unwrap(call.callee);
    const key = callee.type === 'MemberExpression' ? this.inputs.namer.keyOf(callee.object) : undefined;
    return key ? [{ kind: 'sync', key, guarded: false }] : [];
  }

  /** Records that `call` changes a directory entry, and returns the step that dirties the directory. */
  private entryChange(call: Node, pathArgument: Node | undefined, operation: 'create' | 'rename' | 'remove', files: string[]): Step[] {
    const directory = pathArgument ? this.facts.directoryKeyOf(pathArgument) : undefined;
    if (!directory) return [];
    this.out.entryChanges.set(call, { operation, files });
    return [{ kind: 'write', key: directoryEntriesKey(directory), anchor: call }];
  }

  /**
   * Whether an open may create a new entry: any creating flag may, except a reopen of a name this function already
   * made (renamed into place, written by path, opened before).
   */
  private mayCreate(call: TSESTree.CallExpression, pathKey: string | undefined): boolean {
    const fn = enclosingFunctionOrProgram(call);
    if (pathKey && fn) {
      for (const [other, row] of this.inputs.fs.calls) {
        if (other.range[0] >= call.range[0] || !containsNode(fn, other)) continue;
        // renamed into place, or already made by an earlier write by path or creating open of the same path
        const made = row.kind === 'rename' ? row.targetArg : row.oneShot !== undefined || (row.kind === 'open' && row.handleKind === 'path') ? row.handle : undefined;
        const target = typeof made === 'number' ? other.arguments[made] : undefined;
        if (target && this.inputs.namer.keyOf(target) === pathKey) return false;
      }
    }
    return true;
  }

  /**
   * Whether a one-shot write by path makes a new entry: `exclusive` with an exclusive flag (`{ flag: 'wx' }`, which
   * fails on an existing file), `missing` on the branch where the file was found missing (`if (!existsSync(p))`,
   * the `else` of `if (existsSync(p))`); undefined otherwise (it may as well overwrite an existing file).
   */
  private oneShotCreates(row: ApiRow, call: TSESTree.CallExpression): 'exclusive' | 'missing' | undefined {
    const options = row.optionsArg !== undefined ? call.arguments[row.optionsArg] : undefined;
    const flag = literalString(objectProperty(options, 'flag') ?? objectProperty(options, 'flags'));
    if (flag !== undefined && CREATING_OPEN_FLAGS.has(flag) && flag.includes('x')) return 'exclusive';
    const fn = enclosingFunctionOrProgram(call);
    for (let node: Node | undefined = call.parent; node && node !== fn; node = node.parent) {
      const parent: Node | undefined = node.parent;
      if (parent?.type !== 'IfStatement' || parent.test === node) continue;
      const text = this.inputs.sourceCode.getText(parent.test as never);
      if (!/exist|access|stat/i.test(text)) continue;
      const missingBranch: Node | null = isCreationGuard(parent.test, this.inputs.sourceCode as never) ? parent.consequent : parent.alternate;
      if (missingBranch === node) return 'missing';
    }
    return undefined;
  }

  /** Whether `flush: true` in this one-shot write really fsyncs on Node 20.20 (see catalog.ts). */
  private flushHonoured(row: ApiRow, call: TSESTree.CallExpression): boolean {
    const options = row.optionsArg !== undefined ? call.arguments[row.optionsArg] : undefined;
    if (!isTrueLiteral(objectProperty(options, 'flush'))) return false;
    const data = row.dataArg !== undefined ? call.arguments[row.dataArg] : undefined;
    return flushSyncs(row, literalString(objectProperty(options, 'encoding')), () => data === undefined || this.isStringValued(data));
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
    if (this.inputs.types?.isString) return this.inputs.types.isString(inner);
    // Unknown data: assume a string, the common case, so the hole is not hidden.
    return true;
  }
}
