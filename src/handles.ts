/**
 * Handle identity: turns an expression that names a file (an fd, a FileHandle, a stream, a path) into a key that
 * is the same wherever the same handle is named — `this.fd` in every method of a class, a local and its aliases,
 * a closure variable, `this.pager.fd` and `this.fd` inside `Pager`.
 *
 * Keys:  `this:<Class>.<field>...`  a field path of a class (long-lived)
 *        `v:<id>[.<prop>...]`      a variable (local, parameter, closure or module) and a property path on it
 *        `g:<name>[...]`           an undeclared global
 *        `s:<string>`              a literal path: the same file wherever the file names it
 *        `c:<text>`                a module-level function called with literal arguments (`file('log')`): the same
 *                                  path wherever the file calls it so
 *        `t:<fn>:<text>`           any other expression, by its text within one function (e.g. path.join(dir, 'x'))
 * A numeric literal (`writeSync(1, line)`: stdout) and `process.stdout.fd` name no file to sync: no key.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope } from 'eslint';
import { findVariable } from '@eslint-community/eslint-utils';

export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export function isFunctionNode(node: TSESTree.Node | undefined): node is FunctionNode {
  return (
    node?.type === 'FunctionDeclaration' || node?.type === 'FunctionExpression' || node?.type === 'ArrowFunctionExpression'
  );
}

/** Strips what does not change which value an expression names: `x!`, `x as T`, `(x)`, `x?.y` chains. */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    if (
      current.type === 'TSNonNullExpression' ||
      current.type === 'TSAsExpression' ||
      current.type === 'TSTypeAssertion' ||
      current.type === 'TSSatisfiesExpression' ||
      current.type === 'ChainExpression'
    ) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

export function propertyName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed) {
    return member.property.type === 'PrivateIdentifier' ? `#${member.property.name}` : (member.property as TSESTree.Identifier).name;
  }
  if (member.property.type === 'Literal' && (typeof member.property.value === 'string' || typeof member.property.value === 'number')) {
    return String(member.property.value);
  }
  return undefined;
}

/** The class whose instance `this` is inside `node`, looking through arrow functions. */
export function enclosingClass(node: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  let current: TSESTree.Node | undefined = node.parent;
  while (current) {
    if (current.type === 'ClassBody') return current.parent as TSESTree.ClassDeclaration | TSESTree.ClassExpression;
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression') {
      const owner = current.parent;
      if (owner?.type !== 'MethodDefinition' && owner?.type !== 'Property' && owner?.type !== 'TSAbstractMethodDefinition') {
        return undefined;
      }
    }
    current = current.parent;
  }
  return undefined;
}

export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  let current: TSESTree.Node | undefined = node.parent;
  while (current && !isFunctionNode(current)) current = current.parent;
  return current;
}

export interface TypeOracle {
  /** 'FileHandle' / 'WriteStream' when the expression's type says so. */
  handleKindOf(node: TSESTree.Node): 'FileHandle' | 'WriteStream' | undefined;
  /** The name of a class declared in this file that is the expression's type. */
  classNameOf(node: TSESTree.Node): string | undefined;
}

export class HandleNamer {
  private readonly variableIds = new WeakMap<Scope.Variable, number>();
  private readonly classNames = new WeakMap<TSESTree.Node, string>();
  private nextId = 1;
  /** `Class.field` -> class name of the object stored there. */
  readonly fieldClass = new Map<string, string>();
  /** variable key -> class name of the object it holds. */
  readonly variableClass = new Map<string, string>();
  /** key -> the first source text that named it, for messages. */
  readonly display = new Map<string, string>();
  /** Variables keyed as parameters: key -> [function, index]. */
  readonly parameters = new Map<string, { fn: FunctionNode; index: number }>();
  /** Keys of variables declared in module or global scope. */
  readonly moduleVariables = new Set<string>();
  /** Keys of variables local to a function: key -> the function. */
  readonly localVariables = new Map<string, FunctionNode>();
  /** Local variables by key, for what their references say (a factory's closure). */
  private readonly localVariableOf = new Map<string, Scope.Variable>();
  /** Names of classes declared in this file. */
  readonly declaredClasses = new Map<string, TSESTree.ClassDeclaration | TSESTree.ClassExpression>();
  private readonly aliasCache = new Map<Scope.Variable, string | null>();

  constructor(
    private readonly sourceCode: {
      getScope(node: TSESTree.Node): Scope.Scope;
      getText(node: TSESTree.Node): string;
    },
    private readonly types: TypeOracle | undefined,
  ) {}

  classKey(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): string {
    let name = this.classNames.get(node);
    if (name) return name;
    if (node.id) name = node.id.name;
    else if (node.parent?.type === 'VariableDeclarator' && node.parent.id.type === 'Identifier') name = node.parent.id.name;
    else name = `class@${node.range[0]}`;
    this.classNames.set(node, name);
    this.declaredClasses.set(name, node);
    return name;
  }

  /** The class (or constructor function) whose instance `this` is at `node`: a class method, or a prototype method. */
  instanceOwner(node: TSESTree.Node): string | undefined {
    const cls = enclosingClass(node);
    if (cls) return this.classKey(cls);
    let fn = enclosingFunction(node);
    while (fn?.type === 'ArrowFunctionExpression') fn = enclosingFunction(fn);
    return fn ? this.prototypeMethodOf(fn)?.owner : undefined;
  }

  /**
   * A function whose `this` is an instance of a constructor function, as a class method's is: assigned to a prototype
   * (`Store.prototype.save = function`, `proto.save = function` with `proto = Store.prototype`, a property of an
   * object assigned to or merged into `Store.prototype`), or the constructor itself (`function Store() {}` when the file
   * names `Store.prototype`). `method` is absent for the constructor.
   */
  prototypeMethodOf(fn: TSESTree.Node): { owner: string; method?: string } | undefined {
    if (fn.type === 'FunctionDeclaration') {
      const variable = fn.id ? (findVariable(this.sourceCode.getScope(fn) as never, fn.id as never) as Scope.Variable | null) : null;
      const named = variable?.references.some((ref) => {
        const parent = (ref.identifier as TSESTree.Node).parent;
        return parent?.type === 'MemberExpression' && parent.object === ref.identifier && propertyName(parent) === 'prototype';
      });
      return named && fn.id ? { owner: fn.id.name } : undefined;
    }
    if (fn.type !== 'FunctionExpression') return undefined;
    const parent = fn.parent;
    if (parent?.type === 'AssignmentExpression' && parent.right === fn && parent.left.type === 'MemberExpression') {
      const method = propertyName(parent.left);
      const owner = this.prototypeObjectOwner(unwrap(parent.left.object));
      return owner && method ? { owner, method } : undefined;
    }
    if (parent?.type === 'Property' && parent.value === fn && parent.parent.type === 'ObjectExpression') {
      const object = parent.parent;
      const holder = object.parent;
      let target: TSESTree.Node | undefined;
      if (holder?.type === 'AssignmentExpression' && holder.right === object) target = holder.left;
      // Object.assign(Store.prototype, { save() {} })
      if (holder?.type === 'CallExpression' && holder.arguments[1] === object) target = holder.arguments[0];
      const owner = target ? this.prototypeObjectOwner(unwrap(target)) : undefined;
      const method = !parent.computed && parent.key.type === 'Identifier' ? parent.key.name : undefined;
      return owner && method ? { owner, method } : undefined;
    }
    return undefined;
  }

  /** `Store.prototype`, or a variable that only ever holds it: the constructor's name. */
  private prototypeObjectOwner(node: TSESTree.Node): string | undefined {
    if (node.type === 'MemberExpression' && propertyName(node) === 'prototype') {
      const ctor = unwrap(node.object);
      return ctor.type === 'Identifier' ? ctor.name : undefined;
    }
    if (node.type !== 'Identifier') return undefined;
    const variable = findVariable(this.sourceCode.getScope(node) as never, node as never) as Scope.Variable | null;
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Variable' || variable?.references.filter((ref) => ref.isWrite()).length !== 1) return undefined;
    const init = (def.node as TSESTree.VariableDeclarator).init;
    return init && unwrap(init).type === 'MemberExpression' ? this.prototypeObjectOwner(unwrap(init)) : undefined;
  }

  variableKey(variable: Scope.Variable): string {
    let id = this.variableIds.get(variable);
    if (id === undefined) {
      id = this.nextId++;
      this.variableIds.set(variable, id);
      const key = `v:${id}`;
      const def = variable.defs[0];
      const scopeType = variable.scope.type;
      if (scopeType === 'module' || scopeType === 'global') this.moduleVariables.add(key);
      else if (isFunctionNode(variable.scope.block as TSESTree.Node)) {
        const fn = variable.scope.block as unknown as FunctionNode;
        this.localVariables.set(key, fn);
        this.localVariableOf.set(key, variable);
        if (def?.type === 'Parameter') {
          const index = fn.params.findIndex((param) => containsNode(param, def.name as TSESTree.Node));
          this.parameters.set(key, { fn, index });
        }
      }
      return key;
    }
    return `v:${id}`;
  }

  /**
   * A variable that is only ever an alias of another handle (`const fd = this.fd`, `const { fd } = this`) gets the
   * key of what it aliases; anything assigned more than once keeps its own key.
   */
  private aliasOf(variable: Scope.Variable): string | undefined {
    const cached = this.aliasCache.get(variable);
    if (cached !== undefined) return cached ?? undefined;
    this.aliasCache.set(variable, null); // guards against cycles while computing
    let result: string | undefined;
    const def = variable.defs[0];
    const writes = variable.references.filter((ref) => ref.isWrite());
    if (variable.defs.length === 1 && def?.type === 'Variable' && writes.length <= 1) {
      const declarator = def.node as TSESTree.VariableDeclarator;
      const init = declarator.init ? unwrap(declarator.init) : undefined;
      if (init && declarator.id.type === 'Identifier' && (init.type === 'MemberExpression' || init.type === 'Identifier' || init.type === 'ThisExpression')) {
        if (init.type !== 'ThisExpression') result = this.keyOf(init);
      } else if (init?.type === 'CallExpression' && declarator.id.type === 'Identifier') {
        result = this.getterKey(init);
      } else if (init && declarator.id.type === 'ObjectPattern') {
        // const { fd } = this  /  const { fd } = this.log
        const base = init.type === 'ThisExpression' || init.type === 'MemberExpression' || init.type === 'Identifier' ? this.keyOf(init) : undefined;
        const property = declarator.id.properties.find(
          (p): p is TSESTree.Property => p.type === 'Property' && containsNode(p.value, def.name as TSESTree.Node),
        );
        const name = property && !property.computed && property.key.type === 'Identifier' ? property.key.name : undefined;
        if (base && name && property?.value.type === 'Identifier') result = this.canonical(`${base}.${name}`);
      }
    }
    this.aliasCache.set(variable, result ?? null);
    return result;
  }

  /**
   * The expression a call of a function of this file returns when that is its whole body, set by the analysis once it
   * can resolve calls (see Resolution.returnedExpression).
   */
  returnedBy: ((call: TSESTree.CallExpression) => TSESTree.Node | undefined) | undefined;

  /**
   * `const fd = this.getFileHandle()` with `getFileHandle() { return this.fd; }`: the handle the getter returns, when it
   * is a field or a module variable (a name that means the same in the caller).
   */
  private getterKey(call: TSESTree.CallExpression): string | undefined {
    const returned = this.returnedBy?.(call);
    const value = returned ? unwrap(returned) : undefined;
    if (value?.type !== 'MemberExpression' && value?.type !== 'Identifier') return undefined;
    const key = this.keyOf(value);
    return key && this.isLongLived(key) ? key : undefined;
  }

  /** The canonical key of a handle-naming expression, or undefined when it names nothing we can follow. */
  keyOf(expression: TSESTree.Node): string | undefined {
    const node = unwrap(expression);
    if (this.settledKeys?.has(node)) return this.settledKeys.get(node);
    const key = this.rawKeyOf(node);
    if (key && !this.display.has(key)) this.display.set(key, node.type === 'Identifier' ? node.name : this.sourceCode.getText(node));
    this.settledKeys?.set(node, key);
    return key;
  }

  private settledKeys: Map<TSESTree.Node, string | undefined> | undefined;

  /**
   * Called once the classes of fields and variables are known (`fieldClass`, `variableClass`): from then on a node's
   * key no longer changes, and it is cached (the analysis asks for the same receivers and arguments many times).
   */
  settle(): void {
    this.settledKeys ??= new Map();
  }

  private rawKeyOf(node: TSESTree.Node): string | undefined {
    switch (node.type) {
      case 'ThisExpression': {
        const owner = this.instanceOwner(node);
        return owner ? `this:${owner}` : undefined;
      }
      case 'Identifier': {
        const variable = findVariable(this.sourceCode.getScope(node) as never, node as never) as Scope.Variable | null;
        if (!variable) return `g:${node.name}`;
        if (variable.defs.length === 0) return `g:${node.name}`;
        return this.aliasOf(variable) ?? this.variableKey(variable);
      }
      case 'Literal':
        return typeof node.value === 'string' ? `s:${node.value}` : undefined;
      case 'TemplateLiteral':
        if (node.expressions.length === 0) return `s:${node.quasis[0]?.value.cooked ?? ''}`;
        return this.textKey(node);
      case 'CallExpression':
        return this.moduleCallKey(node) ?? this.textKey(node);
      case 'MemberExpression': {
        const name = propertyName(node);
        if (name === undefined) return undefined;
        if (isStdioFd(node)) return undefined;
        const object = unwrap(node.object);
        const base = this.keyOf(object);
        if (!base) return undefined;
        return this.canonical(`${base}.${name}`, node);
      }
      default:
        return this.textKey(node);
    }
  }

  /**
   * `file('log')`: a function of the module (not a local one, whose closure may differ per call) called with literal
   * arguments names the same path wherever this file calls it so, as a literal path does.
   */
  private moduleCallKey(node: TSESTree.CallExpression): string | undefined {
    const callee = unwrap(node.callee);
    if (callee.type !== 'Identifier' || node.arguments.length === 0) return undefined;
    const literal = (argument: TSESTree.Node) =>
      (argument.type === 'Literal' && (typeof argument.value === 'string' || typeof argument.value === 'number')) ||
      (argument.type === 'TemplateLiteral' && argument.expressions.length === 0);
    if (!node.arguments.every(literal)) return undefined;
    const variable = findVariable(this.sourceCode.getScope(node) as never, callee as never) as Scope.Variable | null;
    const scopeType = variable?.scope.type;
    if (!variable || variable.defs.length !== 1 || (scopeType !== 'module' && scopeType !== 'global')) return undefined;
    return `c:${this.sourceCode.getText(node).replace(/\s+/g, ' ')}`;
  }

  /**
   * Structurally equal expressions (`target + suffix` written out twice) name one path within a function, when the
   * bindings they read are never reassigned after their declaration; otherwise each occurrence is its own name.
   */
  private textKey(node: TSESTree.Node): string {
    const fn = enclosingFunction(node);
    const text = `t:${fn ? fn.range[0] : 0}:${this.sourceCode.getText(node).replace(/\s+/g, ' ')}`;
    return this.readsReassignedBinding(node) ? `${text}@${node.range[0]}` : text;
  }

  private readsReassignedBinding(node: TSESTree.Node): boolean {
    const stack: TSESTree.Node[] = [node];
    while (stack.length > 0) {
      const current = stack.pop() as TSESTree.Node;
      if (current.type === 'Identifier') {
        const variable = findVariable(this.sourceCode.getScope(current) as never, current as never) as Scope.Variable | null;
        if (variable?.references.some((reference) => reference.isWrite() && !reference.init)) return true;
        continue;
      }
      if (isFunctionNode(current)) continue;
      for (const [key, value] of Object.entries(current) as [string, unknown][]) {
        // `a.b`'s `b` and `{ b: 1 }`'s `b` name no binding
        if (key === 'parent' || key === 'typeAnnotation' || (key === 'property' && current.type === 'MemberExpression' && !current.computed)) continue;
        if (key === 'key' && current.type === 'Property' && !current.computed) continue;
        const items = Array.isArray(value) ? (value as unknown[]) : [value];
        for (const item of items) {
          if (item && typeof item === 'object' && typeof (item as { type?: unknown }).type === 'string') stack.push(item as TSESTree.Node);
        }
      }
    }
    return false;
  }

  /** Rewrites `this:A.pager.fd` to `this:Pager.fd` when `A.pager` holds a `Pager`. */
  canonical(key: string, node?: TSESTree.MemberExpression): string {
    const lastDot = key.lastIndexOf('.');
    if (lastDot < 0) return key;
    const head = key.slice(0, lastDot);
    const tail = key.slice(lastDot + 1);
    const headClass = this.classOfKey(head, node?.object);
    if (headClass) return `this:${headClass}.${tail}`;
    return key;
  }

  private classOfKey(key: string, node?: TSESTree.Node): string | undefined {
    if (key.startsWith('this:') && !key.includes('.')) return key.slice(5);
    if (key.startsWith('this:')) {
      const found = this.fieldClass.get(key.slice(5));
      if (found) return found;
    }
    const fromVariable = this.variableClass.get(key);
    if (fromVariable) return fromVariable;
    if (node && this.types) return this.types.classNameOf(node);
    return undefined;
  }

  isLongLived(key: string): boolean {
    if (key.startsWith('this:') || key.startsWith('g:')) return true;
    const root = key.split('.')[0] as string;
    return this.moduleVariables.has(root) || this.isFactoryClosure(root);
  }

  /**
   * A variable of a factory that the methods of an object it builds use (`function open(file) { let fd; …; return {
   * append(buf, cb) { fs.write(fd, …) } } }`): it lives as long as that object, as a field would.
   */
  private isFactoryClosure(root: string): boolean {
    const variable = this.localVariableOf.get(root);
    const declaredIn = this.localVariables.get(root);
    if (!variable || !declaredIn || this.parameters.has(root)) return false;
    return variable.references.some((reference) => {
      for (let fn = enclosingFunction(reference.identifier as TSESTree.Node); fn && fn !== declaredIn; fn = enclosingFunction(fn)) {
        if (fn.parent?.type === 'Property' && fn.parent.parent?.type === 'ObjectExpression' && containsNode(declaredIn, fn)) return true;
      }
      return false;
    });
  }

  /** The parameter a key starts from, if any: `v:7.fd` -> parameter `v:7`. */
  parameterRoot(key: string): { root: string; rest: string; fn: FunctionNode; index: number } | undefined {
    const dot = key.indexOf('.');
    const root = dot < 0 ? key : key.slice(0, dot);
    const parameter = this.parameters.get(root);
    return parameter ? { root, rest: dot < 0 ? '' : key.slice(dot), ...parameter } : undefined;
  }

  /** Keys that mean nothing outside `fn`: its own locals (parameters excepted) and expression texts. */
  isLocalTo(key: string, fn: FunctionNode): boolean {
    if (key.startsWith('t:')) return key.startsWith(`t:${fn.range[0]}:`);
    const dot = key.indexOf('.');
    const root = dot < 0 ? key : key.slice(0, dot);
    return this.localVariables.get(root) === fn && !this.parameters.has(root);
  }

  text(key: string): string {
    return this.display.get(key) ?? key.replace(/^this:[^.]+/, 'this').replace(/^t:\d+:/, '');
  }
}

/** `process.stdout.fd`, `process.stderr.fd`: a terminal or a pipe, not a file the program keeps. */
function isStdioFd(node: TSESTree.MemberExpression): boolean {
  if (propertyName(node) !== 'fd') return false;
  const object = unwrap(node.object);
  if (object.type !== 'MemberExpression' || !/^(stdout|stderr|stdin)$/.test(propertyName(object) ?? '')) return false;
  const root = unwrap(object.object);
  return root.type === 'Identifier' && root.name === 'process';
}

export function containsNode(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}
