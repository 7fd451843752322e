/**
 * Syntactic predicates the stages share: literals and options objects, option, platform and creation guards, catch
 * clauses that only log, whether a promise is awaited, and the enclosing function or statement of a node. Inputs:
 * AST nodes. Outputs: answers; nothing here keeps state.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isFunctionNode, propertyName, unwrap } from '../handles.js';

type Node = TSESTree.Node;

/** `catch (e) { throw e; }`: the catch only passes the failure on. */
export function rethrowsItsError(handler: TSESTree.CatchClause): boolean {
  const statements = handler.body.body;
  const only = statements.length === 1 ? statements[0] : undefined;
  if (only?.type !== 'ThrowStatement' || handler.param?.type !== 'Identifier') return false;
  const thrown = unwrap(only.argument);
  return thrown.type === 'Identifier' && thrown.name === handler.param.name;
}

/**
 * Statements that only log, set a flag (`this.canSync = false`) or nothing at all: what a catch that swallows an error
 * holds (turning syncing off after a failed fsync answers nothing to the caller who was told the data is saved).
 */
export function isLoggingOnly(statements: readonly TSESTree.Statement[]): boolean {
  return statements.every((statement) => {
    if (statement.type === 'EmptyStatement') return true;
    if (statement.type !== 'ExpressionStatement') return false;
    const expression = unwrap(statement.expression);
    if (expression.type === 'AssignmentExpression') {
      const value = unwrap(expression.right);
      return expression.operator === '=' && value.type === 'Literal' && typeof value.value === 'boolean' && (expression.left.type === 'Identifier' || expression.left.type === 'MemberExpression');
    }
    if (expression.type !== 'CallExpression') return false;
    const callee = unwrap(expression.callee);
    if (callee.type === 'Identifier') return /^(log|warn|debug|trace|logError|logWarning)$/i.test(callee.name);
    if (callee.type !== 'MemberExpression') return false;
    // console.error(e), logger.warn(e), this.logger.error(e), this.log.info(e), debug.log(e)
    const method = propertyName(callee) ?? '';
    const object = unwrap(callee.object);
    const objectName = object.type === 'Identifier' ? object.name : object.type === 'MemberExpression' ? (propertyName(object) ?? '') : '';
    return /^(log|warn|warning|error|info|debug|trace)$/i.test(method) && /console|log|debug/i.test(objectName);
  });
}

/** Methods whose function argument runs before the caller's next step (or before the awaited promise settles). */
export const CALLBACK_RUNS_HERE = new Set([
  'forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast',
  'findLastIndex', 'sort', 'then', 'catch', 'finally',
]);

export const CALLBACK_PARAM_NAMES = /^(cb|callback|done|next|cont|continuation|onDone|onComplete|ack)$/i;

/** Properties under which a record keeps a completion for later (`request.callback(err)`, `pending.resolve()`). */
export const RECORD_CALLBACK_NAMES = /^(cb|callback|onDone|onComplete|resolve)$/i;

/** Methods whose function arguments are handlers or continuations of a promise, never steps of a chain. */
const NOT_STEP_METHODS = new Set([...CALLBACK_RUNS_HERE, 'on', 'once', 'addListener', 'prependListener']);

/**
 * A step of a continuation chain: `async.waterfall([function (next) {…}, …], done)`, `async.forEachOfLimit(items, n,
 * function (item, key, next) {…}, done)`, `queue.add(function (cb) {…}, done)`. `fn` is a function literal passed to a
 * call (in an array argument or as an argument), `index` its last parameter, and the call has a later element or a
 * last argument after it: calling that parameter hands off to the next element (or, from the last, to the call's
 * last argument), which is returned when it is a function literal, a name or a call (a wrapper of a callback). Not an acknowledgement of the function
 * that wrote the chain.
 */
export function stepCallbackOf(fn: Node, index: number): Node | undefined {
  if (!isFunctionNode(fn) || fn.type === 'FunctionDeclaration' || index !== fn.params.length - 1) return undefined;
  let holder: Node = fn;
  let next: Node | undefined;
  const array = fn.parent?.type === 'ArrayExpression' ? fn.parent : undefined;
  if (array) {
    const position = array.elements.indexOf(fn);
    next = array.elements[position + 1] ?? undefined;
    holder = array;
  }
  const call = holder.parent;
  if (call?.type !== 'CallExpression' || !call.arguments.includes(holder as TSESTree.CallExpressionArgument)) return undefined;
  const callee = unwrap(call.callee);
  if (callee.type === 'MemberExpression' && NOT_STEP_METHODS.has(propertyName(callee) ?? '')) return undefined;
  const last = call.arguments[call.arguments.length - 1];
  if (!next && last !== holder) next = last;
  const target = next ? unwrap(next) : undefined;
  return target && (isFunctionNode(target) || target.type === 'Identifier' || target.type === 'CallExpression') ? target : undefined;
}

/**
 * The one promise-chain walker: from a promise-valued expression up through the calls chained on it (`.then(…)`,
 * `.catch(…)`, `.finally(…)`, as `follow` allows) and through `Promise.all([…])`/`allSettled` (the array as any
 * argument, or only as the first); returns the expression the chain ends in. `wrappers` are passed through on the way
 * (`x!`, `x?.y`, `x as T`). A loop, not recursion: a long `.then()` chain must not grow the stack.
 */
export function promiseChainEnd(
  node: Node,
  follow: (method: string, call: TSESTree.CallExpression) => boolean,
  options: { wrappers: readonly string[]; all?: 'any' | 'first' },
): Node {
  let current = node;
  for (;;) {
    while (current.parent && options.wrappers.includes(current.parent.type)) current = current.parent;
    const parent: Node | undefined = current.parent;
    const chained = parent?.type === 'MemberExpression' && parent.object === current ? parent.parent : undefined;
    if (parent?.type === 'MemberExpression' && chained?.type === 'CallExpression' && chained.callee === parent && follow(propertyName(parent) ?? '', chained)) {
      current = chained;
      continue;
    }
    const outer = parent?.type === 'ArrayExpression' ? parent.parent : undefined;
    if (options.all && outer?.type === 'CallExpression' && (options.all === 'any' || outer.arguments[0] === parent)) {
      const callee = unwrap(outer.callee);
      if (callee.type === 'MemberExpression' && /^(all|allSettled)$/.test(propertyName(callee) ?? '')) {
        current = outer;
        continue;
      }
    }
    return current;
  }
}

/** Awaited, returned or yielded, directly or as part of a promise chain or `Promise.all`: the caller waits for it. */
export function isAwaitedOrReturned(call: Node): boolean {
  // fh.sync().then(...): the chain settles after the sync, so awaiting or returning the chain waits for it
  const end = promiseChainEnd(call, (method) => /^(then|catch|finally)$/.test(method), {
    wrappers: ['ChainExpression', 'TSNonNullExpression', 'TSAsExpression'],
    all: 'any',
  });
  const parent = end.parent;
  if (parent?.type === 'AwaitExpression' || parent?.type === 'ReturnStatement' || parent?.type === 'YieldExpression') return true;
  return parent?.type === 'ArrowFunctionExpression' && parent.body === end;
}

export function literalString(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'string') return inner.value;
  if (inner.type === 'TemplateLiteral' && inner.expressions.length === 0) return inner.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export function objectProperty(object: Node | undefined, name: string): Node | undefined {
  if (!object || unwrap(object).type !== 'ObjectExpression') return undefined;
  for (const property of (unwrap(object) as TSESTree.ObjectExpression).properties) {
    if (property.type !== 'Property' || property.computed) continue;
    const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : undefined;
    if (key === name) return property.value;
  }
  return undefined;
}

export function isFalseLiteral(node: Node | undefined): boolean {
  const inner = node ? unwrap(node) : undefined;
  return inner?.type === 'Literal' && inner.value === false;
}

export function isTrueLiteral(node: Node | undefined): boolean {
  return node !== undefined && unwrap(node).type === 'Literal' && (unwrap(node) as TSESTree.Literal).value === true;
}

function nameLooksLikeOption(text: string): boolean {
  return /sync|durab|flush|safe/i.test(text);
}

/** A condition that reads a configuration option about syncing: `this.syncWrites`, `opts.fsync`, `mode === 'sync'`. */
export function isOptionGuard(test: Node): boolean {
  const node = unwrap(test);
  switch (node.type) {
    case 'Identifier':
      return nameLooksLikeOption(node.name);
    case 'MemberExpression':
      return nameLooksLikeOption(propertyName(node) ?? '');
    case 'UnaryExpression':
      return node.operator === '!' && isOptionGuard(node.argument);
    case 'BinaryExpression':
      return (
        ['===', '==', '!==', '!='].includes(node.operator) &&
        [node.left, node.right].some((side) => isOptionGuard(side) || /sync|durab/i.test(literalString(side) ?? ''))
      );
    case 'LogicalExpression':
      return isOptionGuard(node.left) || isOptionGuard(node.right);
    default:
      return false;
  }
}

/** `process.platform === 'win32'` (or any test of the platform). */
export function isPlatformGuard(test: Node): boolean {
  const node = unwrap(test);
  if (node.type === 'LogicalExpression') return isPlatformGuard(node.left) || isPlatformGuard(node.right);
  if (node.type !== 'BinaryExpression') return false;
  return [node.left, node.right].some((side) => {
    const inner = unwrap(side);
    return inner.type === 'MemberExpression' && propertyName(inner) === 'platform' && unwrap(inner.object).type === 'Identifier' && (unwrap(inner.object) as TSESTree.Identifier).name === 'process';
  });
}

/** A test of whether a file was just created: `isNew`, `created`, `!existsSync(p)`, `!names.includes('wal.log')`. */
export function isCreationGuard(test: Node, sourceCode: { getText(node: Node): string }): boolean {
  const text = sourceCode.getText(test).trim();
  const negated = /^!|===\s*false|!==\s*true/.test(text);
  // `!existsSync(p)`, `!names.includes(x)`: the file was not there; `isNew`, `created`: it was just made
  if (/exist|includes|\bhas\(|isFile/i.test(text)) return negated;
  return /new|creat|fresh/i.test(text) && !negated;
}

export function exportName(node: Node): string {
  return node.type === 'Identifier' ? node.name : node.type === 'Literal' ? String(node.value) : '';
}

export function isNegatedOptionGuard(test: Node): boolean {
  const node = unwrap(test);
  if (node.type === 'UnaryExpression') return node.operator === '!' && isOptionGuard(node.argument);
  if (node.type === 'BinaryExpression') {
    if (['!==', '!='].includes(node.operator)) return isOptionGuard(node);
    const falseSide = [node.left, node.right].some((side) => unwrap(side).type === 'Literal' && (unwrap(side) as TSESTree.Literal).value === false);
    return ['===', '=='].includes(node.operator) && falseSide && isOptionGuard(node);
  }
  if (node.type === 'LogicalExpression' && node.operator === '||') return isNegatedOptionGuard(node.left) || isNegatedOptionGuard(node.right);
  return false;
}

export function statementOf(node: Node): Node | undefined {
  let current: Node | undefined = node;
  while (current?.parent && current.parent.type !== 'BlockStatement' && current.parent.type !== 'Program' && current.parent.type !== 'SwitchCase') {
    if (isFunctionNode(current.parent)) return undefined;
    current = current.parent;
  }
  return current;
}

/** Whether the function a node is in is async (top-level code is not). */
export function enclosingAsync(node: Node): boolean {
  return enclosingFunction(node)?.async ?? false;
}

/** The function a node is in, or the Program for top-level code. */
export function enclosingFunctionOrProgram(node: Node): Node | undefined {
  const fn = enclosingFunction(node);
  if (fn) return fn;
  let current: Node | undefined = node.parent;
  while (current && current.type !== 'Program') current = current.parent;
  return current;
}

/** The function a node is in, as its method definition when it is a method (where its doc comment is). */
export function enclosingFunctionOrMethod(node: Node): Node | undefined {
  const fn = enclosingFunction(node);
  return fn?.parent?.type === 'MethodDefinition' ? fn.parent : fn;
}
