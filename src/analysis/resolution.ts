/**
 * Resolution: which code a name or a call reaches. A function or method of this file, an import (ESM, CJS, import-equals)
 * and the summary another module of the project exports for it, a promisified fs call, a completion callback parameter.
 * Inputs: the file inputs and the recording (class facts settled). Outputs: answers; it keeps no state of its own.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope } from 'eslint';
import { findVariable } from '@eslint-community/eslint-utils';
import type { ApiRow } from '../catalog.js';
import { containsNode, enclosingClass, isFunctionNode, propertyName, unwrap } from '../handles.js';
import type { PortableSummary } from '../modules.js';
import { fieldOf, fieldPathOf, isFieldKey } from './handle-keys.js';
import { functionDisplayName } from './naming.js';
import type { Recording } from './recorder.js';
import type { FileInputs, FunctionRecord } from './steps.js';
import { CALLBACK_PARAM_NAMES, RECORD_CALLBACK_NAMES, literalString, stepCallbackOf } from './syntax.js';

type Node = TSESTree.Node;

/** How many wrappers and locals deep a completion callback is followed (`const done = once(cb.bind(this))`). */
const MAX_WRAPPER_DEPTH = 4;

export class Resolution {
  constructor(
    private readonly inputs: FileInputs,
    private readonly recording: Recording,
  ) {}

  classDeclared(name: string): boolean {
    return this.inputs.namer.declaredClasses.has(name);
  }

  resolveFunction(identifier: TSESTree.Identifier): FunctionRecord | undefined {
    const scope = this.inputs.sourceCode.getScope(identifier as never) as Scope.Scope;
    let current: Scope.Scope | null = scope;
    while (current) {
      const variable = current.set.get(identifier.name);
      if (variable) {
        const def = variable.defs[0];
        if (!def) return undefined;
        if (def.type === 'FunctionName') return this.recording.functionByNode.get(def.node as Node);
        if (def.type === 'Variable') {
          const init = (def.node as TSESTree.VariableDeclarator).init;
          if (init && isFunctionNode(init)) return this.recording.functionByNode.get(init);
        }
        return undefined;
      }
      current = current.upper;
    }
    return undefined;
  }

  resolveMethod(callee: TSESTree.MemberExpression): FunctionRecord | undefined {
    const method = propertyName(callee);
    if (!method) return undefined;
    const object = unwrap(callee.object);
    let className: string | undefined;
    const literal = this.objectLiteralMethod(object, method);
    if (literal) return literal;
    if (object.type === 'ThisExpression') {
      className = this.inputs.namer.instanceOwner(object);
    } else if (object.type === 'Super') {
      return undefined;
    } else {
      const key = this.inputs.namer.keyOf(object);
      if (key && isFieldKey(key) && !fieldOf(key)) className = fieldPathOf(key); // `this:Log`: the instance itself
      else if (key && isFieldKey(key)) className = this.inputs.namer.fieldClass.get(fieldPathOf(key));
      else if (key) className = this.inputs.namer.variableClass.get(key);
      if (!className && object.type === 'Identifier' && this.classDeclared(object.name)) className = object.name; // static method
    }
    const cls = className ? this.inputs.namer.declaredClasses.get(className) : undefined;
    if (!cls) return className ? this.prototypeMethod(className, method) : undefined;
    for (const element of cls.body.body) {
      if (element.type !== 'MethodDefinition' || element.kind === 'constructor') continue;
      const name = element.key.type === 'PrivateIdentifier' ? `#${element.key.name}` : element.key.type === 'Identifier' ? element.key.name : undefined;
      if (name === method) return this.recording.functionByNode.get(element.value);
    }
    return undefined;
  }

  /** `Store.prototype.save = function () {…}`: the method `save` of the constructor function `Store`. */
  private prototypeMethod(owner: string, method: string): FunctionRecord | undefined {
    if (!this.prototypeMethods) {
      this.prototypeMethods = new Map();
      for (const fn of this.recording.functions) {
        const found = fn.node.type === 'FunctionExpression' ? this.inputs.namer.prototypeMethodOf(fn.node) : undefined;
        if (found?.method) this.prototypeMethods.set(`${found.owner}.${found.method}`, fn);
      }
    }
    return this.prototypeMethods.get(`${owner}.${method}`);
  }

  /** A cache of the file's prototype methods by `Owner.method`, made at the first question. */
  private prototypeMethods: Map<string, FunctionRecord> | undefined;

  /**
   * `this.m()` (or `self.m()` after `var self = this`) in a method of an object literal (`{ m() {…}, put: function () {…} }`,
   * `Class.create({…})`): the sibling method `m` of the same literal.
   */
  private objectLiteralMethod(object: Node, method: string): FunctionRecord | undefined {
    let thisOf: Node | undefined = object;
    if (object.type === 'Identifier') {
      const variable = findVariable(this.inputs.sourceCode.getScope(object as never) as never, object as never) as Scope.Variable | null;
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      const init = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : undefined;
      if (!init || unwrap(init).type !== 'ThisExpression' || variable?.references.some((r) => r.isWrite() && r.identifier !== (def?.name as never))) return undefined;
      thisOf = init;
    } else if (object.type !== 'ThisExpression') return undefined;
    // the function whose `this` it is: the nearest enclosing function that is not an arrow
    let owner: Node | undefined = thisOf.parent;
    while (owner && !(isFunctionNode(owner) && owner.type !== 'ArrowFunctionExpression')) owner = owner.parent;
    if (!owner || owner.parent?.type !== 'Property' || owner.parent.parent?.type !== 'ObjectExpression') return undefined;
    for (const property of owner.parent.parent.properties) {
      if (property.type !== 'Property' || property.computed || !isFunctionNode(property.value)) continue;
      const name = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : undefined;
      if (name === method) return this.recording.functionByNode.get(property.value);
    }
    return undefined;
  }

  /** The expression a function of this file returns, when its body is that one return. */
  returnedExpression(call: TSESTree.CallExpression): Node | undefined {
    const callee = unwrap(call.callee);
    const target = callee.type === 'MemberExpression' ? this.resolveMethod(callee) : callee.type === 'Identifier' ? this.resolveFunction(callee) : undefined;
    const fn = target?.node;
    if (!fn || !isFunctionNode(fn)) return undefined;
    if (fn.body.type !== 'BlockStatement') return fn.body;
    const only = fn.body.body.length === 1 ? fn.body.body[0] : undefined;
    return only?.type === 'ReturnStatement' && only.argument ? only.argument : undefined;
  }

  /** Where an imported (or required) name comes from: the module specifier and the name it has there. */
  importOf(identifier: TSESTree.Identifier): { specifier: string; name: string } | undefined {
    const variable = findVariable(this.inputs.sourceCode.getScope(identifier as never) as never, identifier as never) as Scope.Variable | null;
    const def = variable?.defs[0];
    if (!def) return undefined;
    const node = def.node as Node;
    if (def.type === 'ImportBinding') {
      // import io = require('./io') binds the whole module; `import x = A.B` names no module.
      if (node.type === 'TSImportEqualsDeclaration') {
        const reference = node.moduleReference;
        return reference.type === 'TSExternalModuleReference' ? { specifier: String(reference.expression.value), name: '*' } : undefined;
      }
      const declaration = node.parent;
      if (declaration?.type !== 'ImportDeclaration') return undefined;
      const specifier = String(declaration.source.value);
      if (node.type === 'ImportSpecifier') return { specifier, name: node.imported.type === 'Identifier' ? node.imported.name : String(node.imported.value) };
      if (node.type === 'ImportDefaultSpecifier') return { specifier, name: 'default' };
      return { specifier, name: '*' };
    }
    // const { appendRecord } = require('./io') / const io = require('./io')
    if (def.type === 'Variable' && node.type === 'VariableDeclarator' && node.init) {
      const init = unwrap(node.init);
      if (init.type !== 'CallExpression' || unwrap(init.callee).type !== 'Identifier' || (unwrap(init.callee) as TSESTree.Identifier).name !== 'require') return undefined;
      const specifier = literalString(init.arguments[0]);
      if (!specifier) return undefined;
      if (node.id.type === 'Identifier') return { specifier, name: '*' };
      if (node.id.type === 'ObjectPattern') {
        for (const property of node.id.properties) {
          if (property.type === 'Property' && !property.computed && property.key.type === 'Identifier' && containsNode(property.value, identifier)) {
            return { specifier, name: property.key.name };
          }
        }
        for (const property of node.id.properties) {
          if (property.type === 'Property' && !property.computed && property.key.type === 'Identifier' && property.value.type === 'Identifier' && property.value.name === identifier.name) {
            return { specifier, name: property.key.name };
          }
        }
      }
    }
    return undefined;
  }

  /** An identifier node naming `name` in the scope of `at`, to resolve it like a reference. */
  identifierNamed(name: string, at: Node): TSESTree.Identifier | undefined {
    let scope: Scope.Scope | null = this.inputs.sourceCode.getScope(at as never) as Scope.Scope;
    while (scope) {
      const variable = scope.set.get(name);
      const def = variable?.defs[0];
      if (def) return def.name as TSESTree.Identifier;
      scope = scope.upper;
    }
    return undefined;
  }

  externalSummary(specifier: string, name: string): PortableSummary | undefined {
    const modules = this.inputs.modules;
    if (!modules || name === '*') return undefined;
    return modules.resolver.lookup(modules.file, specifier, name, modules.depth);
  }

  /** The class name the summary's field keys use (the declaration's own name in its module). */
  classOfSummary(summary: PortableSummary, fallback: string): string {
    for (const handle of [...summary.effects, ...summary.syncs]) {
      const field = handle.key ? fieldOf(handle.key) : undefined;
      if (field) return field.className;
    }
    return fallback;
  }

  /**
   * `const fsyncAsync = promisify(fs.fsync)`: a call of it behaves like the promise form of the row; so does a member
   * of an object of promisified fs functions (`const pfs = { fsync: promisify(fs.fsync) }`, then `pfs.fsync(fd)`).
   */
  promisifiedRow(call: TSESTree.CallExpression): ApiRow | undefined {
    const callee = unwrap(call.callee);
    let wrapped: Node | undefined;
    if (callee.type === 'CallExpression') wrapped = callee; // promisify(fs.fsync)(fd)
    else if (callee.type === 'Identifier') wrapped = this.constInit(callee);
    else if (callee.type === 'MemberExpression' && unwrap(callee.object).type === 'Identifier') {
      const object = this.constInit(unwrap(callee.object) as TSESTree.Identifier);
      const name = propertyName(callee);
      const property = object?.type === 'ObjectExpression' ? object.properties.find((p) => p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === name) : undefined;
      if (property?.type === 'Property') wrapped = unwrap(property.value);
    }
    if (wrapped?.type !== 'CallExpression') return undefined;
    const promisify = unwrap(wrapped.callee);
    const name = promisify.type === 'Identifier' ? promisify.name : promisify.type === 'MemberExpression' ? propertyName(promisify) : undefined;
    if (name !== 'promisify' || !wrapped.arguments[0]) return undefined;
    const row = this.inputs.fs.values.get(unwrap(wrapped.arguments[0]));
    return row?.style === 'callback' ? { ...row, style: 'promise' } : undefined;
  }

  /** The initializer of the single definition of a variable (`const x = init`). */
  private constInit(identifier: TSESTree.Identifier): Node | undefined {
    const variable = findVariable(this.inputs.sourceCode.getScope(identifier as never) as never, identifier as never) as Scope.Variable | null;
    const def = variable?.defs[0];
    if (variable?.defs.length !== 1 || def?.type !== 'Variable') return undefined;
    const init = (def.node as TSESTree.VariableDeclarator).init;
    return init ? unwrap(init) : undefined;
  }

  /** The inline continuation of `x.then(f)` when `receiver` is that call. */
  chainedFrom(receiver: Node): FunctionRecord | undefined {
    if (receiver.type !== 'CallExpression') return undefined;
    const callee = unwrap(receiver.callee);
    if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'then') return undefined;
    const first = receiver.arguments[0];
    return first && isFunctionNode(first) ? this.recording.functionByNode.get(first) : undefined;
  }

  /**
   * Whether calling `callee` with `args` acknowledges: `callee` is a completion callback (see `completionCallback`) and
   * the call does not report a failure (`cb(new Error())`, `cb(err)` inside `if (err)`).
   */
  isAcknowledgingCallback(callee: Node, call: TSESTree.CallExpression, args: readonly Node[] = call.arguments): boolean {
    if (!this.completionCallback(callee)) return false;
    const first = args[0] ? unwrap(args[0]) : undefined;
    if (first?.type === 'NewExpression') return false;
    if (first?.type === 'Identifier' && /^(err|error|e)$/i.test(first.name)) {
      for (let node: Node | undefined = call.parent; node && !isFunctionNode(node); node = node.parent) {
        if (node.type === 'IfStatement' && containsNode(node.consequent, call) && this.inputs.sourceCode.getText(node.test as never).includes(first.name)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The completion callback an expression calls, as real code passes it: a callback parameter (named so, or a last
   * parameter named like one), a wrapper of one (`once(cb)`, `cb.bind(this)`, `wrap(cb, …)`, directly or kept in a
   * local), or a callback taken out of a record (`request.callback(…)`, `const callback = pending.callback`). A step
   * callback of a continuation chain (`async.waterfall([function (cb) {…}])`) hands off to the next step instead.
   * `parameter` is the callback parameter it comes from, if any (for messages). Bounded: a few wrappers deep.
   */
  completionCallback(expression: Node, depth = 0): { parameter?: TSESTree.Identifier; kept?: boolean } | undefined {
    let node = unwrap(expression);
    for (; depth < MAX_WRAPPER_DEPTH; depth++) {
      if (node.type === 'MemberExpression') {
        const name = propertyName(node);
        // request.callback(…), this.pending.resolve(…); not a module's function (`path.resolve`, `Promise.resolve`)
        return name && RECORD_CALLBACK_NAMES.test(name) && this.isRecord(node.object) ? { kept: true } : undefined;
      }
      if (node.type === 'CallExpression') {
        const wrapped = this.wrappedCallback(node, depth + 1);
        if (!wrapped) return undefined;
        node = wrapped;
        continue;
      }
      if (node.type !== 'Identifier') return undefined;
      const key = this.inputs.namer.keyOf(node);
      const parameter = key ? this.inputs.namer.parameters.get(key) : undefined;
      if (parameter) {
        const isLast = parameter.index === parameter.fn.params.length - 1;
        if (!CALLBACK_PARAM_NAMES.test(node.name) && !(isLast && /cb|callback/i.test(node.name))) return undefined;
        return stepCallbackOf(parameter.fn, parameter.index) ? undefined : { parameter: node };
      }
      // const done = once(cb); const callback = pending.callback
      const variable = findVariable(this.inputs.sourceCode.getScope(node as never) as never, node as never) as Scope.Variable | null;
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (def?.type !== 'Variable' || (variable?.references.filter((ref) => ref.isWrite()).length ?? 0) > 1) return undefined;
      const init = (def.node as TSESTree.VariableDeclarator).init;
      if (!init || (def.node as TSESTree.VariableDeclarator).id !== def.name) return undefined;
      const value = unwrap(init);
      if (value.type === 'MemberExpression' && !CALLBACK_PARAM_NAMES.test(node.name)) return undefined;
      node = value;
    }
    return undefined;
  }

  /** An object of this file's own (`this`, a parameter, a local), not an imported module or a global. */
  private isRecord(object: Node): boolean {
    let root = unwrap(object);
    while (root.type === 'MemberExpression') root = unwrap(root.object);
    if (root.type === 'ThisExpression') return true;
    if (root.type !== 'Identifier') return false;
    const variable = findVariable(this.inputs.sourceCode.getScope(root as never) as never, root as never) as Scope.Variable | null;
    const def = variable?.defs[0];
    if (!def || (def.type !== 'Parameter' && def.type !== 'Variable')) return false;
    const init = def.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : undefined;
    const value = init ? unwrap(init) : undefined;
    return !(value?.type === 'CallExpression' && unwrap(value.callee).type === 'Identifier' && (unwrap(value.callee) as TSESTree.Identifier).name === 'require');
  }

  /**
   * `once(cb)`, `cb.bind(this)`, `wrap(cb, function (result) {…})`: a call that takes a completion callback and returns
   * a new one that calls it (not an fs call: that would be the callback's producer, not a wrapper).
   */
  wrappedCallback(call: TSESTree.CallExpression, depth = 0): Node | undefined {
    if (this.inputs.fs.calls.has(call) || depth >= MAX_WRAPPER_DEPTH) return undefined;
    const callee = unwrap(call.callee);
    if (callee.type === 'MemberExpression' && propertyName(callee) === 'bind') return unwrap(callee.object);
    const candidates = call.arguments.filter((argument) => {
      const inner = unwrap(argument);
      return inner.type === 'Identifier' && (this.completionCallback(inner, depth + 1) !== undefined || this.handOffOf(inner) !== undefined);
    });
    return candidates.length === 1 ? candidates[0] : undefined;
  }

  /**
   * `wrap(cb, function (result) {…})`, `sure(function (err) {…}, function (result) {…})`: a call that makes a callback
   * from a completion (or an error handler) and a function it runs on success, its last argument, written inline.
   */
  wrapperSuccessFunction(argument: Node): TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression | undefined {
    const call = unwrap(argument);
    if (call.type !== 'CallExpression' || this.inputs.fs.calls.has(call) || call.arguments.length < 2) return undefined;
    const last = call.arguments[call.arguments.length - 1];
    if (last?.type !== 'FunctionExpression' && last?.type !== 'ArrowFunctionExpression') return undefined;
    const others = call.arguments.slice(0, -1).every((other) => {
      const inner = unwrap(other);
      if (inner.type === 'FunctionExpression' || inner.type === 'ArrowFunctionExpression') return true;
      return inner.type === 'Identifier' && (this.completionCallback(inner) !== undefined || this.handOffOf(inner) !== undefined);
    });
    return others ? last : undefined;
  }

  /** A chain step's callback parameter (see `stepCallbackOf`): what calling it hands off to. */
  handOffOf(callee: TSESTree.Identifier): Node | undefined {
    const key = this.inputs.namer.keyOf(callee);
    const parameter = key ? this.inputs.namer.parameters.get(key) : undefined;
    if (!parameter || !CALLBACK_PARAM_NAMES.test(callee.name)) return undefined;
    return stepCallbackOf(parameter.fn, parameter.index);
  }

  /** The function whose completion callback this is, for messages: the parameter's, or the named function around a kept one. */
  callbackOwner(callee: Node): string | undefined {
    const parameter = this.completionCallback(callee)?.parameter;
    const key = parameter ? this.inputs.namer.keyOf(parameter) : undefined;
    const owner = key ? this.inputs.namer.parameters.get(key) : undefined;
    if (owner) return functionDisplayName(owner.fn, this.inputs.sourceCode as never);
    for (let node: Node | undefined = callee.parent; node; node = node.parent) {
      if (!isFunctionNode(node)) continue;
      const name = functionDisplayName(node, this.inputs.sourceCode as never);
      if (name !== 'this function') return name;
    }
    return undefined;
  }

  takesCompletionCallback(fn: FunctionRecord): boolean {
    if (!isFunctionNode(fn.node)) return false;
    const last = fn.node.params[fn.node.params.length - 1];
    return last?.type === 'Identifier' && CALLBACK_PARAM_NAMES.test(last.name);
  }
}
