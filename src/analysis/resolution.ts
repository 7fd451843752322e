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
import { CALLBACK_PARAM_NAMES, literalString } from './syntax.js';

type Node = TSESTree.Node;

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
      const cls = enclosingClass(object);
      className = cls ? this.inputs.namer.classKey(cls) : undefined;
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
    if (!cls) return undefined;
    for (const element of cls.body.body) {
      if (element.type !== 'MethodDefinition' || element.kind === 'constructor') continue;
      const name = element.key.type === 'PrivateIdentifier' ? `#${element.key.name}` : element.key.type === 'Identifier' ? element.key.name : undefined;
      if (name === method) return this.recording.functionByNode.get(element.value);
    }
    return undefined;
  }

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

  /** `const fsyncAsync = promisify(fs.fsync)`: a call of it behaves like the promise form of the row. */
  promisifiedRow(call: TSESTree.CallExpression): ApiRow | undefined {
    const callee = unwrap(call.callee);
    let wrapped: Node | undefined;
    if (callee.type === 'CallExpression') wrapped = callee; // promisify(fs.fsync)(fd)
    else if (callee.type === 'Identifier') {
      const variable = findVariable(this.inputs.sourceCode.getScope(callee as never) as never, callee as never) as Scope.Variable | null;
      const def = variable?.defs[0];
      if (variable?.defs.length === 1 && def?.type === 'Variable') wrapped = (def.node as TSESTree.VariableDeclarator).init ?? undefined;
    }
    if (wrapped?.type !== 'CallExpression') return undefined;
    const promisify = unwrap(wrapped.callee);
    const name = promisify.type === 'Identifier' ? promisify.name : promisify.type === 'MemberExpression' ? propertyName(promisify) : undefined;
    if (name !== 'promisify' || !wrapped.arguments[0]) return undefined;
    const row = this.inputs.fs.values.get(unwrap(wrapped.arguments[0]));
    return row?.style === 'callback' ? { ...row, style: 'promise' } : undefined;
  }

  /** The inline continuation of `x.then(f)` when `receiver` is that call. */
  chainedFrom(receiver: Node): FunctionRecord | undefined {
    if (receiver.type !== 'CallExpression') return undefined;
    const callee = unwrap(receiver.callee);
    if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'then') return undefined;
    const first = receiver.arguments[0];
    return first && isFunctionNode(first) ? this.recording.functionByNode.get(first) : undefined;
  }

  isAcknowledgingCallback(callee: TSESTree.Identifier, call: TSESTree.CallExpression): boolean {
    const key = this.inputs.namer.keyOf(callee);
    const parameter = key ? this.inputs.namer.parameters.get(key) : undefined;
    if (!parameter) return false;
    const params = parameter.fn.params;
    const isLast = parameter.index === params.length - 1;
    if (!CALLBACK_PARAM_NAMES.test(callee.name) && !(isLast && /cb|callback/i.test(callee.name))) return false;
    // cb(err) inside `if (err)` and cb(new Error()) report failure, not durability
    const first = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
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

  /** The function whose completion callback this is, for messages. */
  callbackOwner(callee: TSESTree.Identifier): string | undefined {
    const key = this.inputs.namer.keyOf(callee);
    const parameter = key ? this.inputs.namer.parameters.get(key) : undefined;
    return parameter ? functionDisplayName(parameter.fn, this.inputs.sourceCode as never) : undefined;
  }

  takesCompletionCallback(fn: FunctionRecord): boolean {
    if (!isFunctionNode(fn.node)) return false;
    const last = fn.node.params[fn.node.params.length - 1];
    return last?.type === 'Identifier' && CALLBACK_PARAM_NAMES.test(last.name);
  }
}
