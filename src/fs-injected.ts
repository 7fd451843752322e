/**
 * fs-like objects a module did not import, and the user's own write and rename helpers, as catalog rows.
 * Inputs: the AST and scopes of one file, the calls the import tracker found, the helper settings. Outputs: more
 * calls -> rows: an object named `fs` (a parameter, an option, `this.fs`, `ctx.fs`) or a parameter whose declared type
 * lists fs's members is resolved member by member; `writeFunctions`/`renameFunctions` calls become write/rename rows.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope } from 'eslint';
import { FS_API, fsModuleOf, type ApiRow } from './catalog.js';
import { isFunctionNode, propertyName, unwrap } from './handles.js';

type Node = TSESTree.Node;

/** The user's helpers: function or method name -> the argument positions that matter. */
export interface UserHelpers {
  writeFunctions: Map<string, { pathArg: number; dataArg: number }>;
  renameFunctions: Map<string, { sourceArg: number; targetArg: number }>;
}

/** Names an fs-like object goes by when it is passed in rather than imported. */
const FS_OBJECT_NAME = /^_?(?:fs|fsp|fse|fsPromises)$/;
/** A cheap text test before any walk: `fs.x(`, `this.fs.x(`, `ctx._fs?.x(`. */
const FS_OBJECT_CALL_TEXT = /\b_?(?:fs|fsp|fse|fsPromises)\s*\??\.\s*[A-Za-z_$][\w$]*\s*\(|\b(?:pify|promisifyAll)\s*\(/;
/** A declared type with fs's members (`openSync(path: PathLike, …): number;`). */
const FS_TYPED_TEXT = /\b(?:openSync|writeSync|writeFileSync|fsyncSync)\s*[(<:]/;
/** fs's member names, for reading a declared type: at least two of them make the object fs-like. */
const FS_MEMBER_NAMES: ReadonlySet<string> = new Set(FS_API.filter((row) => row.owner === 'fs').map((row) => row.name));
const FS_LIKE_MEMBER_COUNT = 2;
/** Functions that promisify every method of an object (pify, bluebird's promisifyAll). */
const PROMISIFY_ALL = /^(pify|promisifyAll)$/;

const WRITE_FILE = FS_API.find((row) => row.owner === 'fs' && row.name === 'writeFile') as ApiRow;

/** Whether the text may call an fs-like object it did not import (the cheap test before any analysis). */
export function mentionsFsLikeObject(text: string): boolean {
  return FS_OBJECT_CALL_TEXT.test(text) || FS_TYPED_TEXT.test(text);
}

interface SourceLike {
  ast: TSESTree.Program;
  scopeManager: Scope.ScopeManager | null;
  text: string;
  visitorKeys?: Record<string, readonly string[] | undefined>;
}

/** Every node of the file, by an explicit stack (a deep AST must not overflow the call stack). */
function eachCall(source: SourceLike, visit: (call: TSESTree.CallExpression) => void): void {
  const stack: Node[] = [source.ast];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === 'CallExpression') visit(node);
    const keys = source.visitorKeys?.[node.type] ?? Object.keys(node).filter((k) => k !== 'parent');
    for (const key of keys) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (let i = child.length - 1; i >= 0; i--) if (child[i] && typeof (child[i] as Node).type === 'string') stack.push(child[i] as Node);
      } else if (child && typeof child === 'object' && typeof (child as Node).type === 'string') stack.push(child as Node);
    }
  }
}

/** `fs.write(path, data)` on an injected object is a one-shot write by path when the first argument names a path. */
function namesPath(argument: Node | undefined): boolean {
  if (!argument) return false;
  const node = unwrap(argument);
  if (node.type === 'Literal') return typeof node.value === 'string';
  if (node.type === 'TemplateLiteral' || node.type === 'BinaryExpression') return true;
  const name = node.type === 'Identifier' ? node.name : node.type === 'MemberExpression' ? propertyName(node) : undefined;
  if (name !== undefined) return /path|file|dest|target|name/i.test(name) && !/fd|handle|descriptor/i.test(name);
  if (node.type === 'CallExpression') {
    const callee = unwrap(node.callee);
    const called = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    return called !== undefined && /^(join|resolve|normalize|format|replace|concat|toString)$|path|file/i.test(called) && !/open/i.test(called);
  }
  return false;
}

/** The row of a member called on an fs-like object: fs's row, answering by promise unless given a callback. */
function injectedRow(member: string, call: TSESTree.CallExpression): ApiRow | undefined {
  // bluebird's promisifyAll adds `writeFileAsync` beside `writeFile`
  let row = FS_API.find((candidate) => candidate.owner === 'fs' && (candidate.name === member || `${candidate.name}Async` === member));
  if (!row) return undefined;
  if (member === 'write' && namesPath(call.arguments[0])) row = WRITE_FILE;
  return row.style === 'callback' ? { ...row, style: 'promise', optionalCallback: true } : row;
}

/** The member names a declared type lists (type literals, interfaces, intersections, local aliases), or 'fs'. */
function typeMembers(annotation: Node, program: TSESTree.Program): Set<string> | 'fs' {
  const declarations = new Map<string, Node>();
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
    if (declaration.type === 'TSTypeAliasDeclaration') declarations.set(declaration.id.name, declaration.typeAnnotation);
    if (declaration.type === 'TSInterfaceDeclaration') declarations.set(declaration.id.name, declaration);
  }
  const names = new Set<string>();
  const seen = new Set<Node>();
  const pending: Node[] = [annotation];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (seen.has(node)) continue;
    seen.add(node);
    switch (node.type) {
      case 'TSTypeQuery':
        // typeof fs, Pick<typeof fs, ...>
        if (node.exprName.type === 'Identifier' && FS_OBJECT_NAME.test(node.exprName.name.toLowerCase())) return 'fs';
        break;
      case 'TSTypeReference': {
        const name = node.typeName.type === 'Identifier' ? node.typeName.name : undefined;
        const declared = name ? declarations.get(name) : undefined;
        if (declared) pending.push(declared);
        for (const argument of node.typeArguments?.params ?? []) pending.push(argument);
        break;
      }
      case 'TSIntersectionType':
        pending.push(...node.types);
        break;
      case 'TSInterfaceDeclaration':
        pending.push(node.body);
        for (const heritage of node.extends) if (heritage.expression.type === 'Identifier' && declarations.get(heritage.expression.name)) pending.push(declarations.get(heritage.expression.name) as Node);
        break;
      case 'TSTypeLiteral':
      case 'TSInterfaceBody':
        for (const member of node.type === 'TSTypeLiteral' ? node.members : node.body) {
          if ((member.type === 'TSMethodSignature' || member.type === 'TSPropertySignature') && member.key.type === 'Identifier') names.add(member.key.name);
        }
        break;
      default:
        break;
    }
  }
  return names;
}

function isFsLikeType(annotation: TSESTree.TypeNode, program: TSESTree.Program): boolean {
  const members = typeMembers(annotation, program);
  if (members === 'fs') return true;
  let count = 0;
  for (const name of members) if (FS_MEMBER_NAMES.has(name)) count++;
  return count >= FS_LIKE_MEMBER_COUNT;
}

/** `const pfs = pify(fs)`, `Promise.promisifyAll(require('fs'))`: an object whose every fs method is promisified. */
function isPromisifiedFs(declarator: Node): boolean {
  const init = declarator.type === 'VariableDeclarator' && declarator.init ? unwrap(declarator.init) : undefined;
  if (init?.type !== 'CallExpression') return false;
  const callee = unwrap(init.callee);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  if (name === undefined || !PROMISIFY_ALL.test(name) || !init.arguments[0]) return false;
  // of fs itself: `fs`, or `require('graceful-fs')`
  const argument = unwrap(init.arguments[0]);
  if (argument.type === 'Identifier') return FS_OBJECT_NAME.test(argument.name);
  const required = argument.type === 'CallExpression' && unwrap(argument.callee).type === 'Identifier' ? argument.arguments[0] : undefined;
  return required?.type === 'Literal' && typeof required.value === 'string' && fsModuleOf(required.value)?.shape === 'fs';
}

/** Identifiers that name an fs-like object: variables named like `fs`, parameters typed with fs's members. */
function fsLikeIdentifiers(source: SourceLike): Set<Node> {
  const found = new Set<Node>();
  for (const scope of source.scopeManager?.scopes ?? []) {
    for (const variable of scope.variables) {
      const def = variable.defs[0];
      if (!def) continue;
      const declared = def.name as unknown as Node;
      const annotation = declared.type === 'Identifier' ? declared.typeAnnotation?.typeAnnotation : undefined;
      const typed = def.type === 'Parameter' && annotation !== undefined && isFsLikeType(annotation, source.ast);
      if (!typed && !FS_OBJECT_NAME.test(variable.name) && !isPromisifiedFs(def.node as Node)) continue;
      for (const reference of variable.references) found.add(reference.identifier as unknown as Node);
    }
  }
  return found;
}

/** Calls of fs members on an fs-like object the import tracker did not resolve. */
export function findInjectedFsCalls(source: SourceLike, known: ReadonlyMap<TSESTree.CallExpression, ApiRow>): Map<TSESTree.CallExpression, ApiRow> {
  const found = new Map<TSESTree.CallExpression, ApiRow>();
  if (!mentionsFsLikeObject(source.text)) return found;
  const identifiers = fsLikeIdentifiers(source);
  eachCall(source, (call) => {
    if (known.has(call)) return;
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') return;
    const member = propertyName(callee);
    const object = unwrap(callee.object);
    const fsLike =
      (object.type === 'Identifier' && identifiers.has(object)) ||
      (object.type === 'MemberExpression' && FS_OBJECT_NAME.test(propertyName(object) ?? ''));
    const row = member && fsLike ? injectedRow(member, call) : undefined;
    if (row) found.set(call, row);
  });
  return found;
}

/** Calls of the user's write and rename helpers (`settings.durability.writeFunctions`/`renameFunctions`). */
export function userHelperRows(source: SourceLike, helpers: UserHelpers, known: ReadonlyMap<TSESTree.CallExpression, ApiRow>): Map<TSESTree.CallExpression, ApiRow> {
  const found = new Map<TSESTree.CallExpression, ApiRow>();
  const names = [...helpers.writeFunctions.keys(), ...helpers.renameFunctions.keys()];
  if (!names.some((name) => source.text.includes(name))) return found;
  eachCall(source, (call) => {
    if (known.has(call)) return;
    const callee = unwrap(call.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    if (!name || isFunctionNode(callee)) return;
    const write = helpers.writeFunctions.get(name);
    const rename = helpers.renameFunctions.get(name);
    // a promise when awaited, a callback when given one, else a plain call: the write happens either way
    const base = { owner: 'user', name, style: 'promise', optionalCallback: true, handleKind: 'path' } as const;
    if (write) found.set(call, { ...base, kind: 'write', handle: write.pathArg, dataArg: write.dataArg, oneShot: 'replace' });
    else if (rename) found.set(call, { ...base, kind: 'rename', handle: rename.sourceArg, targetArg: rename.targetArg });
  });
  return found;
}

/** `promisify(fs.fsync)` and `util.promisify(fsync)`: the call that wraps a catalogued function. */
function promisifyCallOf(value: Node): TSESTree.CallExpression | undefined {
  const parent = value.parent;
  if (parent?.type !== 'CallExpression' || parent.arguments[0] !== value) return undefined;
  const callee = unwrap(parent.callee);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  return name === 'promisify' ? parent : undefined;
}

/**
 * Calls of promisified fs functions, as the promise form of the row: `promisify(fs.fdatasync)(fd)`, `const f =
 * promisify(fs.write); f(fd, b)`, and `pfs.fsync(fd)` on `const pfs = { fsync: promisify(fs.fsync) }`.
 */
export function promisifiedCalls(source: SourceLike, values: ReadonlyMap<Node, ApiRow>): Map<TSESTree.CallExpression, ApiRow> {
  const found = new Map<TSESTree.CallExpression, ApiRow>();
  const calledThrough = (declarator: TSESTree.VariableDeclarator, property: string | undefined, row: ApiRow): void => {
    for (const variable of source.scopeManager?.getDeclaredVariables(declarator as never) ?? []) {
      for (const reference of variable.references) {
        let callee = reference.identifier as unknown as Node;
        if (property !== undefined) {
          const member = callee.parent;
          if (member?.type !== 'MemberExpression' || member.object !== callee || propertyName(member) !== property) continue;
          callee = member;
        }
        const call = callee.parent;
        if (call?.type === 'CallExpression' && call.callee === callee) found.set(call, row);
      }
    }
  };
  for (const [value, catalogued] of values) {
    const wrap = catalogued.style === 'callback' ? promisifyCallOf(value) : undefined;
    if (!wrap) continue;
    const row: ApiRow = { ...catalogued, style: 'promise' };
    const outer = wrap.parent;
    if (outer?.type === 'CallExpression' && outer.callee === wrap) found.set(outer, row);
    else if (outer?.type === 'VariableDeclarator' && outer.init === wrap) calledThrough(outer, undefined, row);
    else if (outer?.type === 'Property' && outer.value === wrap && !outer.computed && outer.key.type === 'Identifier') {
      const object = outer.parent;
      const declarator = object?.parent;
      if (object?.type === 'ObjectExpression' && declarator?.type === 'VariableDeclarator' && declarator.init === object) calledThrough(declarator, outer.key.name, row);
    }
  }
  return found;
}
