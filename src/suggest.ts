/**
 * Suggestions that insert a sync: the code to insert, in the file's own import names, and where.
 * Suggestions, not fixes: the user decides where the cost of an fsync goes.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { FS_MODULES } from './catalog.js';
import type { HandleKind } from './catalog.js';
import type { DirtyAtStatement } from './analysis/findings.js';
import { containsNode, enclosingFunction, isFunctionNode } from './handles.js';

type Node = TSESTree.Node;

export interface SyncInsertion {
  code: string;
  /** The sync was placed before a statement that closes the handle, not right at the report point. */
  beforeClose?: boolean;
  fix: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[];
}

/** How to call `fsyncSync` in this file: an existing name, `fs.fsyncSync` through a namespace, or a new named import. */
function fsyncSyncCallee(sourceCode: TSESLint.SourceCode): { callee: string; importFix?: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix } | undefined {
  for (const statement of sourceCode.ast.body) {
    if (statement.type !== 'ImportDeclaration' || !(FS_MODULES as readonly string[]).includes(String(statement.source.value))) continue;
    if (statement.importKind === 'type') continue;
    const named = statement.specifiers.find(
      (s): s is TSESTree.ImportSpecifier => s.type === 'ImportSpecifier' && s.imported.type === 'Identifier' && s.imported.name === 'fsyncSync',
    );
    if (named) return { callee: named.local.name };
    const namespace = statement.specifiers.find((s) => s.type === 'ImportNamespaceSpecifier' || s.type === 'ImportDefaultSpecifier');
    if (namespace) return { callee: `${namespace.local.name}.fsyncSync` };
  }
  for (const statement of sourceCode.ast.body) {
    if (statement.type !== 'ImportDeclaration' || !(FS_MODULES as readonly string[]).includes(String(statement.source.value))) continue;
    if (statement.importKind === 'type') continue;
    const last = statement.specifiers[statement.specifiers.length - 1];
    if (last?.type === 'ImportSpecifier') {
      return { callee: 'fsyncSync', importFix: (fixer) => fixer.insertTextAfter(last, ', fsyncSync') };
    }
  }
  // CommonJS: const fs = require('fs')
  const match = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\(\s*['"](?:node:)?fs['"]\s*\)/.exec(sourceCode.text);
  if (match) return { callee: `${match[1]}.fsyncSync` };
  return undefined;
}

export function syncCode(
  sourceCode: TSESLint.SourceCode,
  kind: HandleKind | undefined,
  handleText: string,
  isAsync: boolean,
): { code: string; importFix?: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix } | undefined {
  if (kind === 'FileHandle') return isAsync ? { code: `await ${handleText}.sync();` } : undefined;
  if (kind === 'fd') {
    const callee = fsyncSyncCallee(sourceCode);
    return callee ? { code: `${callee.callee}(${handleText});`, importFix: callee.importFix } : undefined;
  }
  return undefined;
}

function indentationOf(sourceCode: TSESLint.SourceCode, node: Node): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/.exec(line)?.[0] ?? '';
}

/**
 * Where the sync goes: before a statement, after the last statement of a block, or around a braceless body;
 * `beforeClose` when it was moved before a statement that closes the handle.
 */
type Place = ({ before: Node } | { after: Node } | { wrap: Node }) & { beforeClose?: boolean };

function statementList(parent: Node | undefined): readonly Node[] | undefined {
  if (parent?.type === 'BlockStatement' || parent?.type === 'Program') return parent.body;
  if (parent?.type === 'SwitchCase') return parent.consequent;
  return undefined;
}

/**
 * The place at the end of `list` (`count` statements), moved back before every statement that closes the handle
 * after the write (`after`: the write's end offset): a sync after its close fails with EBADF, and whatever follows
 * the close (a truncate of the log it protected) must come after the sync too. A `try` whose `finally` closes it
 * takes the sync at the end of its `try` block.
 */
function placeAtEnd(list: readonly Node[], count: number, closes: (statement: Node) => boolean, after = -1): Place | undefined {
  const firstClose = list.slice(0, count).findIndex((statement) => statement.range[0] >= after && closes(statement));
  let items = list;
  let end = firstClose >= 0 ? firstClose + 1 : count;
  let beforeClose = false;
  for (;;) {
    const last = items[end - 1];
    if (!last) return items[end] ? { before: items[end] as Node, beforeClose } : undefined;
    if (last.type === 'TryStatement' && last.finalizer && closes(last.finalizer) && !closes(last.block)) {
      items = last.block.body;
      end = items.length;
      beforeClose = true;
      continue;
    }
    if (!closes(last)) return end < items.length ? { before: items[end] as Node, beforeClose } : { after: last, beforeClose };
    beforeClose = true;
    end--;
  }
}

function placeBefore(statement: Node, closes: (statement: Node) => boolean, after: number): Place | undefined {
  const list = statementList(statement.parent);
  if (!list) return statement.parent?.type === 'IfStatement' || /Loop|While|ForStatement|ForIn|ForOf/.test(statement.parent?.type ?? '') ? { wrap: statement } : undefined;
  return placeAtEnd(list, list.indexOf(statement), closes, after);
}

/**
 * Inserts `code` as a statement before `insertBefore`, or as the last statement of `insertAtEndOf`, but before the
 * first statement after the write (`after`, its end offset) that closes the handle (`closes`).
 */
export function insertion(
  sourceCode: TSESLint.SourceCode,
  code: { code: string; importFix?: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix },
  where: { insertBefore?: Node; insertAtEndOf?: TSESTree.BlockStatement },
  closes: (statement: Node) => boolean = () => false,
  after = -1,
): (SyncInsertion & { offset: number }) | undefined {
  const place = where.insertBefore
    ? placeBefore(where.insertBefore, closes, after)
    : where.insertAtEndOf
      ? placeAtEnd(where.insertAtEndOf.body, where.insertAtEndOf.body.length, closes, after)
      : undefined;
  if (!place) return undefined;
  const imports = (fixer: TSESLint.RuleFixer) => (code.importFix ? [code.importFix(fixer)] : []);
  if ('before' in place) {
    const indent = indentationOf(sourceCode, place.before);
    const at = place.before.range[0];
    return { code: code.code, offset: at, beforeClose: place.beforeClose, fix: (fixer) => [...imports(fixer), fixer.insertTextBeforeRange([at, at], `${code.code}\n${indent}`)] };
  }
  if ('after' in place) {
    const indent = indentationOf(sourceCode, place.after);
    const at = place.after.range[1];
    return { code: code.code, offset: at, beforeClose: place.beforeClose, fix: (fixer) => [...imports(fixer), fixer.insertTextAfterRange([at, at], `\n${indent}${code.code}`)] };
  }
  // `if (x) return false;`: the body becomes a block holding the sync and the statement
  const body = place.wrap;
  const outer = indentationOf(sourceCode, body.parent as Node);
  const inner = `${outer}  `;
  const text = `{\n${inner}${code.code}\n${inner}${sourceCode.getText(body as never)}\n${outer}}`;
  return { code: code.code, offset: body.range[0], fix: (fixer) => [...imports(fixer), fixer.replaceText(body as never, text)] };
}

/**
 * The suggestion to sync a dirty handle before the statement of a report point, and before the statements after the
 * write that close it. Offered only where the handle's name means the same thing: a field (`this.fd`), a local of the
 * function that wrote it (and then only when the sync lands after the write), or a variable of the report point's
 * function or of the module that a helper wrote through.
 */
export function syncBeforeStatement(
  sourceCode: TSESLint.SourceCode,
  closesHandle: (statement: Node, key: string) => boolean,
  finding: DirtyAtStatement,
): (SyncInsertion & { offset: number }) | undefined {
  const statement = finding.insertBefore;
  if (!statement) return undefined;
  const field = finding.dirtyText.startsWith('this.');
  const sameFunction = sameFunctionAsExit(finding.anchor, statement);
  if (!field && !sameFunction && !declaredInFunctionOf(sourceCode, finding.dirtyText, statement)) return undefined;
  const code = syncCode(sourceCode, finding.dirtyKind, finding.dirtyText, finding.isAsync);
  if (!code) return undefined;
  const after = sameFunction ? finding.anchor.range[1] : -1;
  const insert = insertion(sourceCode, code, { insertBefore: statement }, (candidate) => closesHandle(candidate, finding.dirtyKey), after);
  // a local cannot be synced before the write that (in textual order) introduces it; a field written on a loop's
  // previous round can
  if (insert && sameFunction && !field && insert.offset <= after) return undefined;
  return insert;
}

/** Whether `name` at `node` names a variable of the function `node` is in, or of the module (never a global). */
function declaredInFunctionOf(sourceCode: TSESLint.SourceCode, name: string, node: Node): boolean {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return false;
  const fn = enclosingFunction(node);
  for (let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(node as never) as TSESLint.Scope.Scope; scope; scope = scope.upper) {
    const variable = scope.set.get(name);
    if (variable) return variable.defs.length > 0 && (scope.type === 'module' || scope.type === 'global' || (fn !== undefined && variable.defs.every((def) => containsNode(fn, def.name as Node))));
  }
  return false;
}

/** Whether the write and the exit are in one function (top-level code counts as one): a local named at the write is
 * in scope at the exit. */
export function sameFunctionAsExit(anchor: Node, exitNode: Node): boolean {
  const exitFunction = isFunctionNode(exitNode) ? exitNode : enclosingFunction(exitNode);
  return enclosingFunction(anchor) === exitFunction;
}

/**
 * Whether `name`, as written where `anchor` is, still names the same thing at `exitNode`: the exit is in the anchor's
 * function, or in a callback nested inside it whose own parameters do not shadow the name.
 */
export function visibleAtExit(name: string, anchor: Node, exitNode: Node): boolean {
  if (sameFunctionAsExit(anchor, exitNode)) return true;
  const anchorFunction = enclosingFunction(anchor);
  if (!anchorFunction) return false;
  for (let current: Node | undefined = /Function/.test(exitNode.type) ? exitNode : exitNode.parent; current; current = current.parent) {
    if (current === anchorFunction) return true;
    if (!/Function/.test(current.type)) continue;
    const params = (current as TSESTree.FunctionLike).params;
    if (params.some((param) => param.type === 'Identifier' && param.name === name)) return false;
  }
  return false;
}

/** The local name of the `path` module: `import path from 'node:path'`, `import * as path`, `const path = require('path')`. */
function pathModuleName(sourceCode: TSESLint.SourceCode): string | undefined {
  for (const statement of sourceCode.ast.body) {
    if (statement.type !== 'ImportDeclaration' || !/^(node:)?path$/.test(String(statement.source.value)) || statement.importKind === 'type') continue;
    const binding = statement.specifiers.find((s) => s.type === 'ImportNamespaceSpecifier' || s.type === 'ImportDefaultSpecifier');
    if (binding) return binding.local.name;
  }
  return /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\(\s*['"](?:node:)?path['"]\s*\)/.exec(sourceCode.text)?.[1];
}

const REPLACE_NAMES = ['durableTarget', 'durableTemp', 'durableFd', 'durableDir'];

/**
 * `fs.writeFileSync(p, data, options?);` as a statement, through an fs namespace, in a file that binds the `path`
 * module: the same write through a temp file (written and fsynced through its fd, renamed over `p`, its directory
 * fsynced). Other forms (promises, callbacks, named imports) get no suggestion: their rewrite changes more than a block.
 */
export function atomicReplaceSuggestion(sourceCode: TSESLint.SourceCode, call: TSESTree.CallExpression): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.object.type !== 'Identifier' || callee.property.type !== 'Identifier') return undefined;
  if (callee.property.name !== 'writeFileSync' || call.parent?.type !== 'ExpressionStatement' || call.arguments.length < 2 || call.arguments.length > 3) return undefined;
  if (call.arguments.some((argument) => argument.type === 'SpreadElement')) return undefined;
  const pathModule = pathModuleName(sourceCode);
  if (!pathModule) return undefined;
  const [target, ...rest] = call.arguments.map((argument) => sourceCode.getText(argument as never));
  // the block's own names must not capture a name the arguments use
  if ([target, ...rest].some((text) => REPLACE_NAMES.some((name) => text?.includes(name)))) return undefined;
  const fs = callee.object.name;
  const indent = indentationOf(sourceCode, call.parent);
  const lines = [
    '{',
    `  const durableTarget = ${target};`,
    '  const durableTemp = `${durableTarget}.tmp-${process.pid}`;',
    `  const durableFd = ${fs}.openSync(durableTemp, 'w');`,
    '  try {',
    `    ${fs}.writeFileSync(durableFd, ${rest.join(', ')});`,
    `    ${fs}.fsyncSync(durableFd);`,
    '  } finally {',
    `    ${fs}.closeSync(durableFd);`,
    '  }',
    `  ${fs}.renameSync(durableTemp, durableTarget);`,
    `  const durableDir = ${fs}.openSync(${pathModule}.dirname(durableTarget), 'r');`,
    '  try {',
    `    ${fs}.fsyncSync(durableDir);`,
    '  } finally {',
    `    ${fs}.closeSync(durableDir);`,
    '  }',
    '}',
  ];
  const statement = call.parent;
  return (fixer) => fixer.replaceText(statement as never, lines.map((line, i) => (i === 0 ? line : `${indent}${line}`)).join('\n'));
}
