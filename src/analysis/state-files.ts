/**
 * State files (design §2, "Who is durable"): a file the module reads back (readFile, a read stream,
 * or a local helper that reads its parameter) and rewrites is the module's state. Inputs: the file inputs, facts, the
 * translation. Outputs: whether a path is read back, and the in-place overwrites of read-back files (one-shot replace
 * writes, copies onto them, truncating opens): a crash in the middle leaves the only copy empty or partial.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope } from 'eslint';
import { findVariable } from '@eslint-community/eslint-utils';
import type { ApiRow } from '../catalog.js';
import { enclosingClass, enclosingFunction, isFunctionNode, propertyName, unwrap, type FunctionNode } from '../handles.js';
import type { FileFacts } from './facts.js';
import type { InPlaceOverwrite } from './findings.js';
import type { FileInputs } from './steps.js';
import { enclosingFunctionOrProgram, isCreationGuard, literalString } from './syntax.js';
import type { Translation } from './translate.js';
import type { Resolution } from './resolution.js';
import { fieldKey, fieldOf } from './handle-keys.js';

type Node = TSESTree.Node;

/** Names of files that hold no data worth a report in `recommended`: locks, pid files, temp files (case-aware: not `block`). */
export const SCRATCH_FILE = /(?<![a-z])lock|Lock|LOCK|(?<![a-z])pid(?![a-z])|pidFile|PID|[tT]mp|TMP|[tT]emp(?!late)|TEMP/;

/** Tests and their helpers: they edit fixtures, they hold no state (`__tests__/`, `test/`, `x.test.ts`, `test-utils`). */
const TEST_FILE = /(^|[\\/])(__tests__|__mocks__|tests?|spec)[\\/]|\.(test|spec)\.[cm]?[jt]sx?$|test-?utils?\.[cm]?[jt]sx?$/i;

/** A path made from a counter, a clock or a random id: a new file. */
const FRESH_NAME = /\+\+|\+=\s*1\b|Date\.now|randomUUID|randomBytes|uuidv4|nanoid|Math\.random|hrtime/;

/** Names of files that can be rebuilt. */
const CACHE_FILE = /cache/i;

/** How deep a path expression is followed through `const` initialisers and sub-expressions before its text is used. */
const MAX_DEPTH = 6;

export class StateFiles {
  private readSignatures: Map<string, Node[]> | undefined;
  private overwrites: InPlaceOverwrite[] | undefined;

  constructor(
    private readonly inputs: FileInputs,
    private readonly facts: FileFacts,
    private readonly translation: Translation,
    private readonly resolution: Resolution,
    /** The linted file's path (a module named `cache` holds a cache; tests hold no state). */
    private readonly fileName: string,
  ) {}

  /**
   * A read of the same file as `path` by another operation of this module (a function of the module, a method, or a
   * base class), if there is one: state loaded in one place and saved in another. A read and a write in one operation
   * (read, edit, write back) is an edit of a file, the way scripts and tests touch files: strict reports it.
   */
  readBackAt(path: Node, write: Node): { at: Node; evident: boolean } | undefined {
    const signature = this.signature(path, 0);
    const reads = signature === undefined ? undefined : this.reads().get(signature);
    if (!reads) return undefined;
    const operation = operationOf(write);
    const elsewhere = reads.find((read) => operationOf(read) !== operation);
    return elsewhere ? { at: elsewhere, evident: true } : { at: reads[0] as Node, evident: false };
  }

  /** Writes that replace a read-back file in place, in source order. */
  inPlaceOverwrites(): InPlaceOverwrite[] {
    if (this.overwrites) return this.overwrites;
    const found: InPlaceOverwrite[] = [];
    for (const [call, row] of this.inputs.fs.calls) {
      const how = this.overwriteKind(call, row);
      if (!how || typeof row.handle !== 'number') continue;
      const path = call.arguments[row.handle];
      if (!path || path.type === 'SpreadElement') continue;
      const key = this.inputs.namer.keyOf(path);
      const kind = key ? this.facts.kinds.get(key) : undefined;
      // writeFile(fd, …) writes through an open file, not by name; a temp file renamed away is the atomic idiom
      if (kind === 'fd' || kind === 'FileHandle' || (key && this.translation.renamedSources.has(key))) continue;
      // the end of a module's top-level code acknowledges nothing: a script, not a store
      if (isScriptLevel(call)) continue;
      // `if (!existsSync(p)) writeFileSync(p, defaults)`: a create, there are no old contents to lose
      if (this.guards(call).some((test) => isCreationGuard(test, this.inputs.sourceCode))) continue;
      // a name made fresh (a counter, a clock, a random id) is a new file of a family the module reads, not a rewrite
      if (this.definingTexts(path).some((text) => FRESH_NAME.test(text))) continue;
      const read = this.readBackAt(path, call);
      if (!read) continue;
      const pathText = this.inputs.sourceCode.getText(path as never);
      // a cache can be rebuilt, and a lock, pid or temp file holds no data; a module that exports nothing is a script
      // or a test: only strict reports them
      const evident = read.evident && !this.isDisposable(call, path) && this.isLibraryCode(call);
      found.push({ write: call, how, pathText, readAt: read.at, isAsync: row.style !== 'sync', evident, evidence: evident ? 'read back' : undefined });
    }
    this.overwrites = found.sort((a, b) => a.write.range[0] - b.write.range[0]);
    return this.overwrites;
  }

  private overwriteKind(call: TSESTree.CallExpression, row: ApiRow): InPlaceOverwrite['how'] | undefined {
    // 'wx' fails on an existing file: a create, never a rewrite; an open with 'w' whose handle is never written
    // empties the file (a log cleared at a checkpoint: require-sync-before-truncate's report point), it rewrites nothing
    if (row.kind === 'open') {
      if (!this.facts.openFlagsOf(row, call).truncating || /x/.test(literalString(call.arguments[row.flagsArg ?? -1]) ?? '')) return undefined;
      const handle = this.facts.storedHandleKey(call);
      return handle !== undefined && this.isWritten(handle) ? 'open' : undefined;
    }
    if (row.kind !== 'write' || row.oneShot !== 'replace' || row.atomic || row.handleKind !== 'path') return undefined;
    if (row.dataArg === undefined) return 'copy';
    // an empty write creates (or empties) a file: no data to lose
    return this.isEmptyData(call.arguments[row.dataArg]) ? undefined : 'write';
  }

  /** Some step of this file writes through the handle `key`. */
  private isWritten(key: string): boolean {
    for (const steps of this.translation.steps.values()) if (steps.some((step) => step.kind === 'write' && step.key === key)) return true;
    return false;
  }

  /** `''`, or a `const` of the module or function initialised to `''` (`EMPTY_STRING`). */
  private isEmptyData(data: Node | undefined): boolean {
    if (!data) return false;
    const node = unwrap(data);
    if (literalString(node) === '') return true;
    if (node.type !== 'Identifier') return false;
    const def = this.variableOf(node)?.defs[0];
    const declarator = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator) : undefined;
    return declarator?.parent?.type === 'VariableDeclaration' && declarator.parent.kind === 'const' && literalString(declarator.init ?? undefined) === '';
  }

  /** The tests of the `if`s and conditionals the call sits in, innermost first, up to its function. */
  private guards(call: Node): Node[] {
    const tests: Node[] = [];
    for (let child: Node = call, node = call.parent; node && !isFunctionNode(node); child = node, node = node.parent) {
      if ((node.type === 'IfStatement' || node.type === 'ConditionalExpression') && node.test !== child) tests.push(node.test);
      if (node.type === 'LogicalExpression' && node.right === child) tests.push(node.left);
    }
    return tests;
  }

  /**
   * The file written at `call` through `path` is a cache (its path, the module's file name, the class or a guard says
   * so: it can be rebuilt) or a scratch file (a lock, a pid file, a temp file or one in a temp directory: no data).
   */
  isDisposable(call: Node, path: Node): boolean {
    const texts = this.definingTexts(path);
    if (texts.some((text) => CACHE_FILE.test(text) || SCRATCH_FILE.test(text)) || CACHE_FILE.test(this.fileName.split(/[\\/]/).pop() ?? '')) return true;
    const cls = enclosingClass(call);
    if (cls && CACHE_FILE.test(this.inputs.namer.classKey(cls))) return true;
    return this.guards(call).some((test) => CACHE_FILE.test(this.inputs.sourceCode.getText(test as never)));
  }

  /** The text of a path expression and of the `const` initialisers it is made from, a few levels deep. */
  private definingTexts(path: Node): string[] {
    const texts: string[] = [];
    const pending: [Node, number][] = [[path, 0]];
    for (let item = pending.pop(); item; item = pending.pop()) {
      const [node, depth] = item;
      texts.push(this.inputs.sourceCode.getText(node as never));
      if (depth >= 3) continue;
      const identifiers: Node[] = [node];
      for (let inner = identifiers.pop(); inner; inner = identifiers.pop()) {
        if (inner.type !== 'Identifier') {
          if (!isFunctionNode(inner)) pushChildren(inner, identifiers);
          continue;
        }
        const def = this.variableOf(inner)?.defs[0];
        const declarator = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator) : undefined;
        if (declarator?.init && declarator.id.type === 'Identifier' && texts.length < 12) pending.push([declarator.init, depth + 1]);
      }
    }
    return texts;
  }

  /** Signatures of every path this module reads, with the first read of each. */
  private reads(): Map<string, Node[]> {
    if (this.readSignatures) return this.readSignatures;
    const reads = new Map<string, Node[]>();
    const note = (path: Node | undefined, at: Node): void => {
      if (!path || path.type === 'SpreadElement') return;
      const signature = this.signature(path, 0);
      if (signature === undefined) return;
      const list = reads.get(signature) ?? [];
      list.push(at);
      reads.set(signature, list);
    };
    const readers = new Map<string, number>();
    for (const [call, row] of this.inputs.fs.calls) {
      // (a read-only open is not a read: it is also how a file written by path is reopened to fsync it)
      if (row.kind !== 'read' || typeof row.handle !== 'number') continue;
      const path = call.arguments[row.handle];
      note(path, call);
      // a local helper that reads its parameter (`const readJson = (file) => JSON.parse(readFileSync(file))`)
      const helper = path ? this.parameterOfHelper(path) : undefined;
      if (helper) readers.set(helper.name, helper.index);
    }
    if (readers.size > 0) {
      // a loop over the tree, not recursion: the helper's calls may sit anywhere in the module
      const pending: Node[] = [this.inputs.sourceCode.ast as Node];
      for (let node = pending.pop(); node; node = pending.pop()) {
        if (node.type === 'CallExpression') {
          const name = helperName(node.callee);
          const index = name === undefined ? undefined : readers.get(name);
          if (index !== undefined) note(node.arguments[index], node);
        }
        pushChildren(node, pending);
      }
    }
    this.inheritReads(reads);
    this.readSignatures = reads;
    return reads;
  }

  private exported: boolean | undefined;

  /**
   * Code of a module that exports something, not at its top level, and not a test or a test helper: where a caller can
   * be told "saved".
   */
  isLibraryCode(node: Node): boolean {
    return !isScriptLevel(node) && this.exportsSomething() && !TEST_FILE.test(this.fileName);
  }

  /** The module exports something (ESM or CommonJS): a library or a class, not a script or a test. */
  private exportsSomething(): boolean {
    this.exported ??=
      this.inputs.sourceCode.ast.body.some((statement) => statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' || statement.type === 'ExportAllDeclaration' || statement.type === 'TSExportAssignment') ||
      /\bmodule\.exports\b|\bexports\.[A-Za-z_$]/.test(this.inputs.sourceCode.text);
    return this.exported;
  }

  /** `Class.field` for every field whose file a class of this module reads back. */
  readFields(): Set<string> {
    const fields = new Set<string>();
    for (const signature of this.reads().keys()) {
      const field = fieldOf(signature);
      if (field && !field.path.includes('.')) fields.add(`${field.className}.${field.path}`);
    }
    return fields;
  }

  /**
   * `class Buggy extends Store`: a field the base class reads back is read back by the subclass too (a `save()`
   * overridden in a subclass rewrites the file the base class loads), for a base of this module or another one.
   */
  private inheritReads(reads: Map<string, Node[]>): void {
    for (const [name, cls] of this.inputs.namer.declaredClasses) {
      const base = cls.superClass ? unwrap(cls.superClass) : undefined;
      if (base?.type !== 'Identifier') continue;
      const local = this.inputs.namer.declaredClasses.get(base.name);
      if (local) {
        for (const [signature, at] of [...reads]) {
          const field = fieldOf(signature);
          if (field?.className === base.name) reads.set(fieldKey(name, field.path), [...(reads.get(fieldKey(name, field.path)) ?? []), ...at]);
        }
        continue;
      }
      const imported = this.resolution.importOf(base);
      const modules = this.inputs.modules;
      if (!imported || imported.name === '*' || !modules) continue;
      for (const field of modules.resolver.readFieldsOf(modules.file, imported.specifier, imported.name, modules.depth) ?? []) {
        reads.set(fieldKey(name, field), [...(reads.get(fieldKey(name, field)) ?? []), base]);
      }
    }
  }

  /** `file` is a parameter of a named function (a declaration, `const f = …`, a method): its name and position. */
  private parameterOfHelper(path: Node): { name: string; index: number } | undefined {
    const node = unwrap(path);
    if (node.type !== 'Identifier') return undefined;
    const variable = this.variableOf(node);
    const def = variable?.defs[0];
    if (!variable || variable.defs.length !== 1 || def?.type !== 'Parameter') return undefined;
    const fn = variable.scope.block as unknown as FunctionNode;
    if (!isFunctionNode(fn)) return undefined;
    const index = fn.params.findIndex((param) => param.type === 'Identifier' && param.name === node.name);
    const name = functionName(fn);
    return index >= 0 && name !== undefined ? { name, index } : undefined;
  }

  private variableOf(node: TSESTree.Identifier): Scope.Variable | undefined {
    return (findVariable(this.inputs.sourceCode.getScope(node) as never, node as never) as Scope.Variable | null) ?? undefined;
  }

  /**
   * A name for the file a path expression names, the same in every function of the module that names it alike:
   * a field (`this.file`, also through `const { file } = this`), a module variable or literal (their keys), a local
   * `const` by its initialiser, a parameter by its name, a method of `this` that computes the path by its name (its
   * arguments vary: `this.pathOf(id)`), anything else by its text with function-local names (and what hangs off
   * them) as `*`: `path.join(this.dir, id)` and `path.join(this.dir, record.id)` name the same family of files.
   */
  private signature(path: Node, depth: number): string | undefined {
    const node = unwrap(path);
    if (node.type === 'Identifier') {
      const variable = this.variableOf(node);
      if (!variable || variable.defs.length === 0) return `g:${node.name}`;
      const scope = variable.scope.type;
      const def = variable.defs[0];
      if (scope !== 'module' && scope !== 'global') {
        const key = this.inputs.namer.keyOf(node);
        if (key && !key.startsWith('v:')) return key; // an alias of a field
        if (def?.type === 'Parameter') return `p:${node.name}`;
        const declarator = def?.node as TSESTree.VariableDeclarator | undefined;
        const writes = variable.references.filter((reference) => reference.isWrite()).length;
        if (def?.type === 'Variable' && declarator?.init && declarator.id.type === 'Identifier' && writes <= 1 && depth < MAX_DEPTH) {
          return this.signature(declarator.init, depth + 1);
        }
        return `l:${node.name}`;
      }
      return this.inputs.namer.keyOf(node);
    }
    if (node.type === 'Literal') return typeof node.value === 'string' ? `s:${node.value}` : undefined;
    if (node.type === 'MemberExpression' && !node.computed && unwrap(node.object).type === 'ThisExpression') {
      const key = this.inputs.namer.keyOf(node);
      return key?.startsWith('this:') ? key : `f:${propertyName(node)}`;
    }
    if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      if (callee.type === 'MemberExpression' && unwrap(callee.object).type === 'ThisExpression' && !callee.computed) return `m:${propertyName(callee)}()`;
    }
    return `x:${this.shape(node)}`;
  }

  /** The text of `node` with every function-local name (and the member chain hanging off it) written as `*`. */
  private shape(root: Node): string {
    const text = this.inputs.sourceCode.text;
    const cuts: [number, number][] = [];
    const pending: Node[] = [root];
    for (let node = pending.pop(); node; node = pending.pop()) {
      if (isFunctionNode(node)) continue;
      if ((node.type === 'MemberExpression' || node.type === 'Identifier') && this.isLocalChain(node)) {
        cuts.push(node.range);
        continue;
      }
      pushChildren(node, pending);
    }
    cuts.sort((a, b) => a[0] - b[0]);
    let out = '';
    let at = root.range[0];
    for (const [start, end] of cuts) {
      if (start < at) continue;
      out += `${text.slice(at, start)}*`;
      at = end;
    }
    return (out + text.slice(at, root.range[1])).replace(/\s+/g, '');
  }

  /** An identifier of a function-local variable or parameter, or a member chain rooted at one. */
  private isLocalChain(node: Node): boolean {
    let root: Node = node;
    while (root.type === 'MemberExpression') root = unwrap(root.object);
    if (root.type !== 'Identifier') return false;
    const variable = this.variableOf(root);
    return variable !== undefined && variable.defs.length > 0 && variable.scope.type !== 'module' && variable.scope.type !== 'global';
  }
}

/**
 * The operation a node belongs to: the outermost function that is a method, a module function, a function assigned
 * to a property (`Store.prototype.save = function`) or an exported one; callbacks inside it are the same operation.
 */
export function operationOf(node: Node): Node | undefined {
  let outermost: Node | undefined;
  let member: Node | undefined;
  for (let fn = isFunctionNode(node) ? node : enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    outermost = fn;
    // a class's methods (an object's, a prototype's) are separate operations, though they all sit in the class
    const parent = fn.parent;
    // an object's method, not a callback in an options object passed to a call (`watch({ onChange() {} })`)
    const objectMethod = parent?.type === 'Property' && parent.parent?.type === 'ObjectExpression' && parent.parent.parent?.type !== 'CallExpression' && parent.parent.parent?.type !== 'NewExpression';
    if (parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition' || objectMethod || parent?.type === 'AssignmentExpression') member = fn;
  }
  return member ?? outermost;
}

/** In a module's top-level code, or in a function called at once there (`(async () => { … })()`): a script. */
function isScriptLevel(node: Node): boolean {
  for (let owner = isFunctionNode(node) ? node : enclosingFunctionOrProgram(node); owner; owner = enclosingFunctionOrProgram(owner)) {
    if (owner.type === 'Program') return true;
    let callee: Node = owner;
    while (callee.parent?.type === 'TSAsExpression' || callee.parent?.type === 'TSNonNullExpression') callee = callee.parent;
    if (callee.parent?.type !== 'CallExpression' || callee.parent.callee !== callee) return false;
  }
  return false;
}

/** The child nodes of `node` (not a non-computed member's property or key: names, not variables). */
function pushChildren(node: Node, pending: Node[]): void {
  for (const [field, value] of Object.entries(node)) {
    if (field === 'parent' || !value || typeof value !== 'object') continue;
    if ((node.type === 'MemberExpression' && field === 'property' && !node.computed) || (node.type === 'Property' && field === 'key' && !node.computed)) continue;
    for (const child of Array.isArray(value) ? value : [value]) if (child && typeof (child as Node).type === 'string') pending.push(child as Node);
  }
}

/** The name a function is called by in this module: its declaration's name, `const f = …`, or a method's key. */
export function functionName(fn: FunctionNode): string | undefined {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent?.type === 'MethodDefinition' || parent?.type === 'Property') && !parent.computed && parent.key.type === 'Identifier') return parent.key.name;
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression') return propertyName(parent.left);
  return undefined;
}

/** `readJson(…)`, `this.readJson(…)`, `self.readJson(…)`: the name a helper is called by. */
function helperName(callee: Node): string | undefined {
  const node = unwrap(callee);
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed) return propertyName(node);
  return undefined;
}
