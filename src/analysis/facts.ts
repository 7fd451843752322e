/**
 * Facts about the file's handles, decided once before translation: the class and handle kind of each field and
 * variable, every open (its flags, the path it opened, a stream's options), the directory a path is in. Inputs: the
 * file inputs, the recording, resolution. Outputs: the maps below; translation adds what its calls show (a handle's
 * kind, a path used as a handle, a path's directory), and nothing writes them once the file is prepared.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope } from 'eslint';
import { findVariable } from '@eslint-community/eslint-utils';
import {
  APPEND_OPEN_FLAGS,
  CREATING_OPEN_FLAGS,
  FS_API,
  SYNC_FLAG_CONSTANTS,
  SYNC_OPEN_FLAGS,
  TRUNCATE_FLAG_CONSTANTS,
  TRUNCATING_OPEN_FLAGS,
  WRITE_STREAM,
  type ApiRow,
  FD_EXPOSING_KINDS,
  type HandleKind,
} from '../catalog.js';
import { enclosingClass, isFunctionNode, propertyName, unwrap, type FunctionNode } from '../handles.js';
import { fieldKey, fieldPathOf, isFieldKey, parentDirectoryKey } from './handle-keys.js';
import type { Recording } from './recorder.js';
import type { Resolution } from './resolution.js';
import type { FileInputs } from './steps.js';
import { isFalseLiteral, isTrueLiteral, literalString, objectProperty } from './syntax.js';

type Node = TSESTree.Node;

export interface OpenFlags {
  sync: boolean;
  append: boolean;
  truncating: boolean;
  creates: boolean;
  readOnly: boolean;
}

export class FileFacts {
  readonly kinds = new Map<string, HandleKind>();

  readonly openFlags = new Map<string, { sync: boolean; append: boolean }[]>();

  readonly openedFrom = new Map<string, string>();

  readonly usedAsHandle = new Set<string>();

  readonly flushStreams = new Set<string>();

  /** Streams opened with `autoClose: false`: their fd stays open after 'finish'. */
  readonly manuallyClosedStreams = new Set<string>();

  /** `createWriteStream(p, { fd })`: the fd's key -> the stream's key. Syncing the fd syncs what the stream wrote. */
  readonly streamOverFd = new Map<string, string>();

  /** Handles opened read-only (where the open call stores them). */
  private readonly readOnlyKeys = new Set<string>();
  /** A path's key -> the key of the directory it is in, where the path names it (`path.join(tmpDir, 'x')`). */
  readonly directoryOfPath = new Map<string, string>();

  constructor(
    private readonly inputs: FileInputs,
    private readonly recording: Recording,
    private readonly resolution: Resolution,
  ) {}

  /**
   * The key of the stream an event registration is made on: `out.on(…)`, or a chain of registrations on a stream
   * opened in place (`createWriteStream(p).on('open', f).on('finish', g)`, stored whole in a variable).
   */
  streamKeyOf(receiver: Node): string | undefined {
    let node = unwrap(receiver);
    while (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && isListenMethod(propertyName(node.callee))) node = unwrap(node.callee.object);
    if (node.type === 'CallExpression' && this.inputs.fs.calls.get(node)?.produces === 'WriteStream') return this.storedHandleKey(node);
    return this.inputs.namer.keyOf(node);
  }

  /** Decides the facts, in order: class facts (the namer settles on them), inherited field kinds, opens. */
  collect(): void {
    this.collectClassFacts();
    this.inputs.namer.settle();
    this.inheritFieldKinds();
    this.collectOpens();
  }

  /** Translation learns a handle's kind from a call (an fs call's handle argument, a typed receiver). */
  learnKind(key: string, kind: HandleKind): void {
    if (!this.kinds.has(key)) this.kinds.set(key, kind);
  }

  /** The function passed as the completion callback (last argument), if it is written inline. */
  inlineCallback(call: TSESTree.CallExpression): FunctionNode | undefined {
    const last = call.arguments[call.arguments.length - 1];
    if (!last) return undefined;
    return isFunctionNode(last) ? last : this.resolution.wrapperSuccessFunction(last);
  }

  /**
   * The parameter of a callback-style call's inline callback that receives its result number `index` (an open's fd):
   * after the error parameter, or first in a wrapper's success function (`wrap(cb, function (fd) {…})`), which the
   * wrapper calls without the error.
   */
  callbackResultParam(call: TSESTree.CallExpression, index: number): Node | undefined {
    const callback = this.inlineCallback(call);
    if (!callback) return undefined;
    const wrapped = callback !== call.arguments[call.arguments.length - 1];
    return callback.params[wrapped ? index : index + 1];
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
    if (isField && isFieldKey(key)) this.inputs.namer.fieldClass.set(fieldPathOf(key), typeName);
    else this.inputs.namer.variableClass.set(key, typeName);
  }

  private collectClassFacts(): void {
    const classNameOfNew = (node: Node | null | undefined): string | undefined => {
      const inner = node ? unwrap(node) : undefined;
      const target = inner?.type === 'AwaitExpression' ? unwrap(inner.argument) : inner;
      if (target?.type === 'NewExpression' && target.callee.type === 'Identifier') return target.callee.name;
      // await Pager.open(...) / Pager.create(...): a static factory of a class named here
      if (target?.type === 'CallExpression' && target.callee.type === 'MemberExpression' && target.callee.object.type === 'Identifier') {
        const name = target.callee.object.name;
        if (/^[A-Z]/.test(name) && this.resolution.classDeclared(name)) return name;
      }
      return undefined;
    };
    // Class names are registered by classKey(); make sure every class of the file is known before facts refer to it.
    for (const fn of this.recording.functions) {
      const cls = fn.node.type === 'Program' ? undefined : enclosingClass(fn.node);
      if (cls) this.inputs.namer.classKey(cls);
    }
    for (const node of this.recording.classFacts) {
      if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression') {
        const key = this.inputs.namer.keyOf(node.left);
        const cls = classNameOfNew(node.right);
        if (key && cls) this.noteDeclaredType(key, cls, true);
      } else if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') {
        const key = this.inputs.namer.keyOf(node.id);
        this.noteDeclaredType(key, classNameOfNew(node.init) ?? this.typeName(node.id.typeAnnotation), false);
      } else if (node.type === 'PropertyDefinition' && !node.computed && (node.key.type === 'Identifier' || node.key.type === 'PrivateIdentifier')) {
        const cls = node.parent.parent as TSESTree.ClassDeclaration;
        const name = node.key.type === 'PrivateIdentifier' ? `#${node.key.name}` : node.key.name;
        const key = fieldKey(this.inputs.namer.classKey(cls), name);
        this.noteDeclaredType(key, this.typeName(node.typeAnnotation) ?? classNameOfNew(node.value), true);
      } else if (node.type === 'TSParameterProperty' && node.parameter.type === 'Identifier') {
        const cls = enclosingClass(node);
        if (cls) this.noteDeclaredType(fieldKey(this.inputs.namer.classKey(cls), node.parameter.name), this.typeName(node.parameter.typeAnnotation), true);
      } else if (node.type === 'Identifier') {
        this.noteDeclaredType(this.inputs.namer.keyOf(node), this.typeName(node.typeAnnotation), false);
      }
    }
  }

  /** `class Buggy extends LsmTree` with LsmTree from another module: the handle kinds of the fields it inherits. */
  private inheritFieldKinds(): void {
    if (!this.inputs.modules) return;
    for (const [name, cls] of this.inputs.namer.declaredClasses) {
      const base = cls.superClass ? unwrap(cls.superClass) : undefined;
      if (base?.type !== 'Identifier') continue;
      const imported = this.resolution.importOf(base);
      if (!imported || imported.name === '*') continue;
      const kinds = this.inputs.modules.resolver.fieldKindsOf(this.inputs.modules.file, imported.specifier, imported.name, this.inputs.modules.depth);
      for (const [field, kind] of kinds ?? []) {
        const key = fieldKey(name, field);
        if (!this.kinds.has(key)) this.kinds.set(key, kind as HandleKind);
      }
    }
  }

  private collectOpens(): void {
    for (const [call, row] of this.inputs.fs.calls) {
      if (row.kind !== 'open') continue;
      const stored = this.storedHandleKey(call);
      let key = stored;
      const fdParam = row.style === 'callback' ? this.callbackResultParam(call, 0) : undefined;
      if (!key && fdParam?.type === 'Identifier') key = this.inputs.namer.keyOf(fdParam);
      if (!key) continue;
      const flags = this.openFlagsOf(row, call);
      if (flags.readOnly && key === stored) this.readOnlyKeys.add(key);
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
      const streamOptions = row.produces === 'WriteStream' && row.optionsArg !== undefined ? call.arguments[row.optionsArg] : undefined;
      if (row.flush === 'sync-at-close' && isTrueLiteral(objectProperty(streamOptions, WRITE_STREAM.options.flush))) this.flushStreams.add(key);
      if (isFalseLiteral(objectProperty(streamOptions, WRITE_STREAM.options.autoClose))) this.manuallyClosedStreams.add(key);
      const fdOption = objectProperty(streamOptions, WRITE_STREAM.options.fd);
      const fdKey = fdOption ? this.inputs.namer.keyOf(fdOption) : undefined;
      if (fdKey) this.streamOverFd.set(fdKey, key);
    }
  }

  /** Where the handle an open call produces is stored: `const fd = openSync()`, `this.fh = await open()`. */
  storedHandleKey(call: Node): string | undefined {
    let node: Node = call;
    for (;;) {
      if (node.parent && (node.parent.type === 'AwaitExpression' || node.parent.type === 'TSAsExpression' || node.parent.type === 'TSNonNullExpression')) {
        node = node.parent;
        continue;
      }
      // createWriteStream(p).on('open', f).once('finish', g): registering a handler returns the stream
      const member = node.parent;
      if (member?.type === 'MemberExpression' && member.object === node && isListenMethod(propertyName(member)) && member.parent.type === 'CallExpression' && member.parent.callee === member) {
        node = member.parent;
        continue;
      }
      break;
    }
    const parent = node.parent;
    if (parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') return this.inputs.namer.keyOf(parent.id);
    if (parent?.type === 'AssignmentExpression' && parent.right === node) return this.inputs.namer.keyOf(parent.left);
    // open(p).then((fh) => ...): the continuation's first parameter receives the handle
    if (parent?.type === 'MemberExpression' && parent.object === node && propertyName(parent) === 'then' && parent.parent.type === 'CallExpression' && parent.parent.callee === parent) {
      const continuation = parent.parent.arguments[0];
      const received = continuation && isFunctionNode(continuation) ? continuation.params[0] : undefined;
      if (received?.type === 'Identifier') return this.inputs.namer.keyOf(received);
    }
    if (parent?.type === 'PropertyDefinition' && parent.value === node && !parent.computed && !parent.static) {
      const name = parent.key.type === 'PrivateIdentifier' ? `#${parent.key.name}` : parent.key.type === 'Identifier' ? parent.key.name : undefined;
      const cls = parent.parent.parent as TSESTree.ClassDeclaration | TSESTree.ClassExpression;
      return name ? fieldKey(this.inputs.namer.classKey(cls), name) : undefined;
    }
    return undefined;
  }

  /**
   * The one decoder of an open's flags: a string (`'as+'`, read against the catalog's flag sets) or numeric flags
   * built from `fs.constants` (`O_WRONLY | O_APPEND | O_SYNC`). `readOnly`: `'r'`, a lone `O_RDONLY`, or no flags
   * where the call defaults to `'r'`.
   */
  openFlagsOf(row: ApiRow, call: TSESTree.CallExpression): OpenFlags {
    let flagNode: Node | undefined = row.flagsArg !== undefined ? call.arguments[row.flagsArg] : undefined;
    if (row.optionsArg !== undefined) flagNode = objectProperty(call.arguments[row.optionsArg], 'flags') ?? flagNode;
    if (!flagNode) {
      const stream = row.produces === 'WriteStream';
      return { sync: false, append: false, truncating: stream, creates: stream || row.creates === true, readOnly: row.flagsArg !== undefined && !row.creates };
    }
    const text = literalString(flagNode);
    if (text !== undefined) {
      return {
        sync: SYNC_OPEN_FLAGS.has(text),
        append: APPEND_OPEN_FLAGS.has(text),
        truncating: TRUNCATING_OPEN_FLAGS.has(text),
        creates: CREATING_OPEN_FLAGS.has(text),
        readOnly: text === 'r' && row.produces !== 'WriteStream',
      };
    }
    const constants = new Set<string>();
    // a loop, not recursion: `a | b | c | …` nests as deep as it is long
    const pending: Node[] = [flagNode];
    for (let node = pending.pop(); node; node = pending.pop()) {
      const inner = unwrap(node);
      const constant = this.constantAt(inner);
      if (constant) constants.add(constant);
      else if (inner.type === 'BinaryExpression') pending.push(inner.right, inner.left);
    }
    return {
      sync: [...constants].some((c) => SYNC_FLAG_CONSTANTS.has(c)),
      append: constants.has('O_APPEND'),
      truncating: [...constants].some((c) => TRUNCATE_FLAG_CONSTANTS.has(c)),
      creates: constants.has('O_CREAT'),
      readOnly: this.constantAt(unwrap(flagNode)) === 'O_RDONLY',
    };
  }

  /** The `fs.constants` name an expression reads: `O_SYNC` (imported), `constants.O_SYNC`, `fs.constants.O_SYNC`. */
  private constantAt(node: Node): string | undefined {
    return this.inputs.fs.constants.get(node) ?? (node.type === 'MemberExpression' ? this.inputs.fs.constants.get(node.property) : undefined);
  }

  /**
   * The directory a path expression names a file in: `path.join(this.dir, name)` -> `this.dir`,
   * `${dir}/x` -> `dir`, a `const` holding such a path, and `${target}.tmp` (a sibling of `target`). A path held
   * whole in a parameter, a field (`this.fileName`) or a `const` set by a call we cannot read is in `path.dirname()`
   * of it, a directory of its own key. Undefined when the path does not say (a bare name, an inline computed path).
   */
  directoryKeyOf(expression: Node): string | undefined {
    let node = unwrap(expression);
    let viaField = false;
    // the last const followed: a path computed by a call we cannot read (`FileUri.fsPath(uri)`) is in its dirname
    let held: Node | undefined;
    const opaque = (): string | undefined => (held && node.type === 'CallExpression' ? this.parentDirectoryOf(held) : undefined);
    for (let depth = 0; depth < 8; depth++) {
      if (node.type === 'Identifier') {
        const variable = findVariable(this.inputs.sourceCode.getScope(node as never) as never, node as never) as Scope.Variable | null;
        const def = variable?.defs[0];
        if (variable?.defs.length === 1 && def?.type === 'Parameter') return this.parentDirectoryOf(node);
        const declarator = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator) : undefined;
        if (variable?.defs.length !== 1 || !declarator?.init || declarator.parent?.kind !== 'const') return undefined;
        held = node;
        node = unwrap(declarator.init);
        continue;
      }
      const assigned = node.type === 'MemberExpression' ? this.onlyFieldAssignment(node) : undefined;
      // a field set from a bare parameter (`this.file = file`) is named as the methods name it, below
      if (assigned && unwrap(assigned).type !== 'Identifier') {
        node = unwrap(assigned); // this.file, set once: `this.file = path.join(dir, 'state.json')`
        viaField = true;
        continue;
      }
      const returned = node.type === 'CallExpression' ? this.resolution.returnedExpression(node) : undefined;
      if (returned) {
        node = unwrap(returned); // this.segmentPath(id): a helper of this file that returns a path
        continue;
      }
      if (node.type === 'CallExpression' && node.arguments.length >= 2) {
        const callee = unwrap(node.callee);
        const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
        if (name !== 'join' && name !== 'resolve') return opaque();
        const first = node.arguments[0] as Node;
        // a field's directory, named as the class's methods name it (`this.dir`), not as the constructor did (`dir`)
        if (first.type === 'SpreadElement' || isTempDirectory(first)) return undefined;
        return (viaField ? this.parameterPropertyKey(first) : undefined) ?? this.inputs.namer.keyOf(first);
      }
      if (node.type === 'TemplateLiteral' && node.expressions.length > 0 && node.quasis[0]?.value.cooked === '') {
        const after = node.quasis[1]?.value.cooked ?? '';
        const first = node.expressions[0] as Node;
        if (after.startsWith('/')) return isTempDirectory(first) ? undefined : this.inputs.namer.keyOf(first);
        if (!after.includes('/') && node.expressions.length === 1) {
          node = unwrap(first); // `${target}.tmp`: a sibling of target, in its directory
          continue;
        }
        return undefined;
      }
      if (node.type === 'BinaryExpression' && node.operator === '+') {
        const right = literalString(node.right);
        if (right?.startsWith('/')) return this.inputs.namer.keyOf(node.left);
        if (right !== undefined && !right.includes('/')) {
          node = unwrap(node.left);
          continue;
        }
        return undefined;
      }
      if (node.type === 'MemberExpression' && !node.computed) return this.parentDirectoryOf(node);
      return opaque();
    }
    return undefined;
  }

  /** `this.x` assigned exactly once in its class (`this.x = …` in the constructor): what it was assigned. */
  private onlyFieldAssignment(member: TSESTree.MemberExpression): Node | undefined {
    if (member.computed || unwrap(member.object).type !== 'ThisExpression') return undefined;
    const cls = enclosingClass(member);
    const name = propertyName(member);
    if (!cls || !name) return undefined;
    const found: Node[] = [];
    const pending: Node[] = [cls.body];
    for (let node = pending.pop(); node; node = pending.pop()) {
      if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && !node.left.computed && unwrap(node.left.object).type === 'ThisExpression' && propertyName(node.left) === name) found.push(node.right);
      if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') continue;
      for (const [field, value] of Object.entries(node)) {
        if (field === 'parent' || !value || typeof value !== 'object') continue;
        for (const child of Array.isArray(value) ? value : [value]) if (child && typeof (child as Node).type === 'string') pending.push(child as Node);
      }
    }
    return found.length === 1 ? found[0] : undefined;
  }

  /** A constructor parameter that is also a field (`constructor(private dir: string)`): the field's key. */
  private parameterPropertyKey(expression: Node): string | undefined {
    const node = unwrap(expression);
    if (node.type !== 'Identifier') return undefined;
    const variable = findVariable(this.inputs.sourceCode.getScope(node as never) as never, node as never) as Scope.Variable | null;
    const def = variable?.defs[0];
    const param = def?.type === 'Parameter' ? (def.name as Node).parent : undefined;
    if (param?.type !== 'TSParameterProperty') return undefined;
    const cls = enclosingClass(param);
    return cls ? fieldKey(this.inputs.namer.classKey(cls), node.name) : undefined;
  }

  /** `path.dirname(p)` for a path `p` held whole in a parameter or a field: a directory keyed by `p`'s key. */
  private parentDirectoryOf(node: Node): string | undefined {
    const fileKey = this.inputs.namer.keyOf(node);
    if (!fileKey || this.isBareNameField(node)) return undefined;
    const key = parentDirectoryKey(fileKey);
    if (!this.inputs.namer.display.has(key)) this.inputs.namer.display.set(key, `path.dirname(${this.inputs.sourceCode.getText(node as never)})`);
    return key;
  }

  /** `this.walPath` where the class sets `walPath = 'wal.log'`: a bare name, whose directory the path does not say. */
  private isBareNameField(node: Node): boolean {
    if (node.type !== 'MemberExpression' || unwrap(node.object).type !== 'ThisExpression') return false;
    const name = propertyName(node);
    const cls = enclosingClass(node);
    for (const member of cls?.body.body ?? []) {
      if (member.type !== 'PropertyDefinition' || member.computed || member.key.type !== 'Identifier' || member.key.name !== name) continue;
      const value = literalString(member.value ?? undefined);
      return value !== undefined && !value.includes('/');
    }
    return false;
  }

  /** The key of a path naming a directory: `path.dirname(target)` is the directory `target` is in. */
  directoryArgumentKey(expression: Node): string | undefined {
    const node = unwrap(expression);
    if (node.type === 'CallExpression' && node.arguments.length === 1 && node.arguments[0]?.type !== 'SpreadElement') {
      const callee = unwrap(node.callee);
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
      if (name === 'dirname') return this.directoryKeyOf(node.arguments[0] as Node);
    }
    return this.inputs.namer.keyOf(node);
  }

  noteDirectoryOf(pathKey: string, expression: Node): void {
    if (this.directoryOfPath.has(pathKey)) return;
    const directory = this.directoryKeyOf(expression);
    if (directory) this.directoryOfPath.set(pathKey, directory);
  }

  /** The directory a file is in, for a path key or a handle opened on a path. */
  directoryOfFile(key: string): string | undefined {
    return this.directoryOfPath.get(key) ?? this.directoryOfPath.get(this.openedFrom.get(key) ?? '');
  }

  /** `ws.fd` of a WriteStream, or the fd a stream was created over: the key of the stream. */
  streamOfFd(expression: Node): string | undefined {
    const inner = unwrap(expression);
    const over = this.streamOverFd.get(this.inputs.namer.keyOf(inner) ?? '');
    if (over) return over;
    if (inner.type !== 'MemberExpression' || propertyName(inner) !== 'fd') return undefined;
    const key = this.inputs.namer.keyOf(inner.object);
    return key && this.kindOf(key, inner.object) === 'WriteStream' ? key : undefined;
  }

  /** `raf.fd` of an object that exposes the fd it writes through (a random-access file): the object's key. */
  ownerOfExposedFd(expression: Node): string | undefined {
    const inner = unwrap(expression);
    if (inner.type !== 'MemberExpression' || propertyName(inner) !== 'fd') return undefined;
    const key = this.inputs.namer.keyOf(inner.object);
    const kind = key ? this.kinds.get(key) : undefined;
    return key && kind && FD_EXPOSING_KINDS.has(kind) ? key : undefined;
  }

  /** Every open of this key used a sync flag: its writes are durable as they happen. */
  opensSync(key: string): boolean {
    const flags = this.openFlags.get(key);
    return flags !== undefined && flags.length > 0 && flags.every((f) => f.sync);
  }

  kindOf(key: string | undefined, expression: Node | undefined): HandleKind | undefined {
    if (key) {
      const known = this.kinds.get(key);
      if (known) return known;
    }
    return expression ? this.inputs.types?.handleKindOf(expression) : undefined;
  }

  /** The catalog row of a FileHandle/WriteStream method called on a known handle. */
  handleMethodRow(call: Node): ApiRow | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') return undefined;
    const method = propertyName(callee);
    if (!method) return undefined;
    const receiver = unwrap(callee.object);
    const key = this.inputs.namer.keyOf(receiver);
    const kind = this.kindOf(key, receiver);
    if (kind === undefined || kind === 'fd' || kind === 'path') return undefined;
    return FS_API.find((row) => row.owner === kind && row.name === method);
  }

  /** An fd opened read-only: the directory-sync idiom (`openSync(dir, 'r')`, then fsync). */
  openedReadOnly(key: string): boolean {
    return this.readOnlyKeys.has(key);
  }
}

/**
 * `os.tmpdir()`: the system's temp directory, often emptied at boot. A file moved or created there is being thrown
 * away or is scratch, and its entry is no data to keep: no directory sync is owed.
 */
function isTempDirectory(node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'CallExpression' || inner.arguments.length > 0) return false;
  const callee = unwrap(inner.callee);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  return name === 'tmpdir';
}

function isListenMethod(name: string | undefined): boolean {
  return WRITE_STREAM.listen.some((listen) => listen === name);
}
