/**
 * Suggestions that insert a sync: the code to insert, in the file's own import names, and where.
 * Suggestions, not fixes: the user decides where the cost of an fsync goes.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { FS_MODULES } from './catalog.js';
import type { HandleKind } from './catalog.js';

type Node = TSESTree.Node;

export interface SyncInsertion {
  code: string;
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

/** Inserts `code` as a statement before `statement`, or as the last statement of `block`. */
export function insertion(
  sourceCode: TSESLint.SourceCode,
  code: { code: string; importFix?: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix },
  where: { insertBefore?: Node; insertAtEndOf?: TSESTree.BlockStatement },
): SyncInsertion | undefined {
  if (where.insertBefore) {
    const statement = where.insertBefore;
    const indent = indentationOf(sourceCode, statement);
    return {
      code: code.code,
      fix: (fixer) => [
        ...(code.importFix ? [code.importFix(fixer)] : []),
        fixer.insertTextBeforeRange([statement.range[0], statement.range[0]], `${code.code}\n${indent}`),
      ],
    };
  }
  if (where.insertAtEndOf) {
    const block = where.insertAtEndOf;
    // A sync after the handle's close would fail (EBADF): go before the trailing close statements.
    let end = block.body.length;
    while (end > 1 && /\bclose(Sync)?\s*\(/.test(sourceCode.getText(block.body[end - 1] as Node))) end--;
    if (end < block.body.length) return insertion(sourceCode, code, { insertBefore: block.body[end] as Node });
    const last = block.body[block.body.length - 1];
    if (!last) return undefined;
    const indent = indentationOf(sourceCode, last);
    return {
      code: code.code,
      fix: (fixer) => [
        ...(code.importFix ? [code.importFix(fixer)] : []),
        fixer.insertTextAfterRange([last.range[1], last.range[1]], `\n${indent}${code.code}`),
      ],
    };
  }
  return undefined;
}
