/**
 * Mutants of the correct reference engines: one change each, made with ts-morph on the source text — remove a sync,
 * drop the `await` before a sync, move a sync past the next truncate/unlink/rename (or the statement that
 * acknowledges), remove a sync open flag or a `flush: true` option, or swallow the failure of a sync. Nobody tuned
 * these to the rules.
 */
import { Node, Project, SyntaxKind, type CallExpression, type SourceFile, type Statement } from 'ts-morph';

/**
 * What the removed or moved sync protected: file data ('data', the core rules' scope), a directory entry
 * ('directory': a sync inside a directory-sync helper or of a directory fd), or a file about to be renamed into place
 * ('before-rename'). The last two belong to require-dir-fsync / require-fsync-before-rename. 'fsync-error': the sync
 * is kept and its failure swallowed (no-ignored-fsync-error's scope); such a mutant can only lose data when that sync
 * fails, so validate.ts judges it under an injected fsync failure.
 */
export type SyncCategory = 'data' | 'directory' | 'before-rename' | 'fsync-error';

export interface Mutant {
  /** Stable id: `<file>:<line>:<operator>[:n]`. */
  id: string;
  operator: MutationOperator;
  category: SyncCategory;
  /** Human words: "remove `fsyncSync(this.fd)` (line 88)". */
  description: string;
  line: number;
  /** The whole mutated file. */
  text: string;
  /**
   * 'swallow-sync-error' only: the sync call whose failure the mutant swallows, as a range of the original text, so
   * that validate.ts can find which fsyncs that call issues (and make those fail).
   */
  syncSite?: { start: number; end: number };
}

export type MutationOperator =
  | 'remove-sync'
  | 'drop-await-on-sync'
  | 'move-sync-after-destroy'
  | 'move-sync-after-ack'
  | 'remove-sync-flag'
  | 'remove-flush-option'
  | 'swallow-sync-error';

// Callback forms are left alone: removing `fsync(fd, cb)` would remove the continuation, not just the sync.
const SYNC_FUNCTIONS = new Set(['fsyncSync', 'fdatasyncSync']);
const SYNC_METHODS = new Set(['sync', 'datasync']);
const DESTROY_FUNCTIONS = new Set([
  'ftruncateSync', 'truncateSync', 'unlinkSync', 'rmSync', 'renameSync',
  'ftruncate', 'truncate', 'unlink', 'rm', 'rename',
]);
const SYNC_FLAGS: Record<string, string> = { as: 'a', 'as+': 'a+', sa: 'a', 'sa+': 'a+', 'rs+': 'r+', 'sr+': 'r+' };

function calleeName(call: CallExpression): string | undefined {
  const expression = call.getExpression();
  if (Node.isIdentifier(expression)) return expression.getText();
  if (Node.isPropertyAccessExpression(expression)) return expression.getName();
  return undefined;
}

/** A helper of the engine's own that syncs: `this.syncToDisk()`, `syncDirectory(dir)`, `this.pager.sync()`. */
const SYNC_HELPER = /^(sync|fsync|fdatasync)([A-Z]\w*)?$/;

function isFsSyncCall(call: CallExpression): boolean {
  const name = calleeName(call);
  if (!name) return false;
  if ((name === 'fsync' || name === 'fdatasync') && call.getArguments().length >= 2) return false; // fs.fsync(fd, cb): a callback form
  if (SYNC_HELPER.test(name) && !SYNC_METHODS.has(name) && !SYNC_FUNCTIONS.has(name)) return true;
  const expression = call.getExpression();
  if (Node.isPropertyAccessExpression(expression) && SYNC_METHODS.has(name)) return call.getArguments().length === 0;
  return SYNC_FUNCTIONS.has(name);
}

/** The sync call a statement consists of: `fsyncSync(fd);`, `await fh.sync();`, `this.pager.sync();` is not (a helper). */
function syncCallOf(statement: Statement): CallExpression | undefined {
  if (!Node.isExpressionStatement(statement)) return undefined;
  let expression = statement.getExpression();
  if (Node.isAwaitExpression(expression)) expression = expression.getExpression();
  if (!Node.isCallExpression(expression) || !isFsSyncCall(expression)) return undefined;
  return expression;
}

function containsDestroy(statement: Statement): boolean {
  const calls = statement.getDescendantsOfKind(SyntaxKind.CallExpression);
  if (Node.isCallExpression(statement)) calls.push(statement);
  return calls.some((call) => {
    const name = calleeName(call);
    if (!name || !DESTROY_FUNCTIONS.has(name)) return false;
    // fh.truncate(0) / fs.truncate(p): a method named truncate on anything counts
    return true;
  });
}

/** A statement that tells the caller "done": a return, or a call of a completion callback. */
function isAcknowledgement(statement: Statement): boolean {
  if (Node.isReturnStatement(statement)) return true;
  if (!Node.isExpressionStatement(statement)) return false;
  const expression = statement.getExpression();
  return Node.isCallExpression(expression) && /^(cb|callback|done|resolve)$/.test(calleeName(expression) ?? '');
}

function categoryOf(statement: Statement, sync: CallExpression): SyncCategory {
  const fn = statement.getFirstAncestor((node) => Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node));
  const fnName = fn && (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) ? (fn.getName() ?? '') : '';
  if (/dir/i.test(calleeName(sync) ?? '') || /dir/i.test(fnName)) return 'directory';
  const body = fn?.getText() ?? '';
  const after = body.slice(statement.getEnd() - (fn?.getStart() ?? 0));
  if (/\brename(Sync)?\s*\(/.test(after)) return 'before-rename';
  return 'data';
}

function describe(node: Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function generateMutants(fileName: string, text: string): Mutant[] {
  const project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true });
  const mutants: Mutant[] = [];
  const seen = new Map<string, number>();

  /** Applies one change to a fresh copy of the file, found again by position. */
  let category: SyncCategory = 'data';
  const make = (operator: MutationOperator, line: number, description: string, change: (file: SourceFile) => void, syncSite?: Mutant['syncSite']): void => {
    const file = project.createSourceFile(`/m/${mutants.length}-${fileName.replace(/[\\/]/g, '_')}`, text, { overwrite: true });
    change(file);
    const mutated = file.getFullText();
    project.removeSourceFile(file);
    if (mutated === text) return;
    const base = `${fileName}:${line}:${operator}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    mutants.push({ id: count === 0 ? base : `${base}:${count}`, operator, category, description, line, text: mutated, ...(syncSite ? { syncSite } : {}) });
  };

  const original = project.createSourceFile(`/original/${fileName.replace(/[\\/]/g, '_')}`, text, { overwrite: true });
  const findStatement = (file: SourceFile, start: number, statementText: string): Statement | undefined =>
    file.getDescendants().find((node): node is Statement => Node.isStatement(node) && node.getStart() === start && node.getText() === statementText);

  for (const statement of original.getDescendants().filter((node): node is Statement => Node.isStatement(node))) {
    const sync = syncCallOf(statement);
    if (!sync) continue;
    const start = statement.getStart();
    const statementText = statement.getText();
    const line = statement.getStartLineNumber();
    category = categoryOf(statement, sync);

    make('remove-sync', line, `remove \`${describe(statement)}\` (line ${line})`, (file) => {
      const target = findStatement(file, start, statementText);
      // the body of an if without braces cannot just disappear
      if (target && (Node.isBlock(target.getParent()) || Node.isSourceFile(target.getParent()))) target.remove();
      else target?.replaceWithText('{}');
    });

    const expression = (statement as import('ts-morph').ExpressionStatement).getExpression();
    if (Node.isAwaitExpression(expression)) {
      make('drop-await-on-sync', line, `drop the await of \`${describe(statement)}\` (line ${line})`, (file) => {
        const target = findStatement(file, start, statementText);
        if (target && Node.isExpressionStatement(target)) {
          const awaited = target.getExpression();
          if (Node.isAwaitExpression(awaited)) awaited.replaceWithText(awaited.getExpression().getText());
        }
      });
    }

    // move the sync past the next destroy, or past the acknowledgement that follows it, in the same block
    if (!Node.isBlock(statement.getParent())) continue;
    const siblings = statement.getNextSiblings().filter((node): node is Statement => Node.isStatement(node));
    const destroyIndex = siblings.findIndex(containsDestroy);
    if (destroyIndex >= 0) {
      const destroyLine = siblings[destroyIndex]!.getStartLineNumber();
      make('move-sync-after-destroy', line, `move \`${describe(statement)}\` (line ${line}) after the destroy on line ${destroyLine}`, (file) => {
        const target = findStatement(file, start, statementText);
        if (!target) return;
        const after = target.getNextSiblings().filter((node): node is Statement => Node.isStatement(node))[destroyIndex];
        if (!after) return;
        const moved = target.getText();
        after.replaceWithText(`${after.getText()}\n${moved}`);
        target.remove();
      });
    }
    const ackIndex = siblings.findIndex(isAcknowledgement);
    if (ackIndex >= 0 && Node.isExpressionStatement(siblings[ackIndex]!)) {
      // only a callback acknowledgement can have a statement after it; after a return the sync would be dead code
      const ackLine = siblings[ackIndex]!.getStartLineNumber();
      make('move-sync-after-ack', line, `move \`${describe(statement)}\` (line ${line}) after the acknowledgement on line ${ackLine}`, (file) => {
        const target = findStatement(file, start, statementText);
        if (!target) return;
        const after = target.getNextSiblings().filter((node): node is Statement => Node.isStatement(node))[ackIndex];
        if (!after) return;
        after.replaceWithText(`${after.getText()}\n${target.getText()}`);
        target.remove();
      });
    }
  }

  category = 'data';
  // sync open flags
  for (const literal of original.getDescendantsOfKind(SyntaxKind.StringLiteral)) {
    const replacement = SYNC_FLAGS[literal.getLiteralText()];
    const parent = literal.getParent();
    if (!replacement || !Node.isCallExpression(parent) || !/open/i.test(calleeName(parent) ?? '')) continue;
    const start = literal.getStart();
    const line = literal.getStartLineNumber();
    make('remove-sync-flag', line, `open with '${replacement}' instead of '${literal.getLiteralText()}' (line ${line})`, (file) => {
      const target = file.getDescendantAtPos(start);
      if (target && Node.isStringLiteral(target)) target.replaceWithText(`'${replacement}'`);
    });
  }
  for (const access of original.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
    if (!/^O_D?SYNC$/.test(access.getName())) continue;
    const binary = access.getParentIfKind(SyntaxKind.BinaryExpression);
    if (!binary || binary.getOperatorToken().getKind() !== SyntaxKind.BarToken) continue;
    const start = binary.getStart();
    const line = binary.getStartLineNumber();
    const keep = binary.getLeft() === access ? binary.getRight().getText() : binary.getLeft().getText();
    const binaryText = binary.getText();
    make('remove-sync-flag', line, `drop ${access.getName()} from the open flags (line ${line})`, (file) => {
      const target = file.getDescendantsOfKind(SyntaxKind.BinaryExpression).find((b) => b.getStart() === start && b.getText() === binaryText);
      target?.replaceWithText(keep);
    });
  }
  // flush: true
  for (const property of original.getDescendantsOfKind(SyntaxKind.PropertyAssignment)) {
    if (property.getName() !== 'flush' || property.getInitializer()?.getText() !== 'true') continue;
    const start = property.getStart();
    const line = property.getStartLineNumber();
    make('remove-flush-option', line, `remove \`flush: true\` (line ${line})`, (file) => {
      file.getDescendantsOfKind(SyntaxKind.PropertyAssignment).find((p) => p.getStart() === start)?.remove();
    });
  }

  // swallow the failure of a sync: the sync stays, its error is lost
  category = 'fsync-error';
  const findCall = (file: SourceFile, start: number, callText: string): CallExpression | undefined =>
    file.getDescendantsOfKind(SyntaxKind.CallExpression).find((call) => call.getStart() === start && call.getText() === callText);
  for (const call of original.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const form = primitiveSyncForm(call);
    if (!form) continue;
    const start = call.getStart();
    const callText = call.getText();
    const line = call.getStartLineNumber();
    const site = { start, end: call.getEnd() };
    if (form === 'callback') {
      const callback = call.getArguments()[1]!;
      const replacement = callbackIgnoringError(callback);
      if (replacement === undefined) continue;
      const callbackStart = callback.getStart();
      make('swallow-sync-error', line, `the callback of \`${describe(call)}\` (line ${line}) ignores its error`, (file) => {
        const target = findCall(file, start, callText)?.getArguments()[1];
        if (target && target.getStart() === callbackStart) target.replaceWithText(replacement);
      }, site);
      continue;
    }
    // `fsyncSync(fd);` and `await fh.sync();` as statements: wrapped in an empty try/catch
    const statement = call.getParentIfKind(SyntaxKind.AwaitExpression)?.getParentIfKind(SyntaxKind.ExpressionStatement) ?? call.getParentIfKind(SyntaxKind.ExpressionStatement);
    const awaited = statement !== undefined && Node.isAwaitExpression(statement.getExpression());
    if (statement && (form === 'function' || awaited)) {
      const statementStart = statement.getStart();
      const statementText = statement.getText();
      make('swallow-sync-error', line, `swallow the failure of \`${describe(statement)}\` (line ${line}): try/catch`, (file) => {
        findStatement(file, statementStart, statementText)?.replaceWithText(`try { ${statementText} } catch {}`);
      }, site);
    } else if (form === 'promise') {
      // any other sync promise (returned, in Promise.all, not awaited): its rejection dropped
      make('swallow-sync-error', line, `swallow the failure of \`${describe(call)}\` (line ${line}): .catch(() => {})`, (file) => {
        findCall(file, start, callText)?.replaceWithText(`${callText}.catch(() => {})`);
      }, site);
    }
  }
  return mutants;
}

/**
 * How a call is one of node:fs's own syncs (not a helper of the engine's): `fsyncSync(fd)` / `fdatasyncSync(fd)`
 * ('function'), `fh.sync()` / `fh.datasync()` ('promise'; a call that resolves to a method declared in the file, such
 * as a pager's `sync()`, is the engine's own helper), `fsync(fd, cb)` / `fdatasync(fd, cb)` ('callback').
 */
function primitiveSyncForm(call: CallExpression): 'function' | 'promise' | 'callback' | undefined {
  const name = calleeName(call);
  if (!name) return undefined;
  const args = call.getArguments();
  const expression = call.getExpression();
  if (SYNC_FUNCTIONS.has(name)) return 'function';
  if ((name === 'fsync' || name === 'fdatasync') && args.length >= 2) return 'callback';
  if (!SYNC_METHODS.has(name) || !Node.isPropertyAccessExpression(expression) || args.length > 0) return undefined;
  const helper = (expression.getNameNode().getSymbol()?.getDeclarations() ?? []).some((declaration) => Node.isMethodDeclaration(declaration));
  return helper ? undefined : 'promise';
}

/**
 * The text of a sync callback that ignores its error: `(err) => cb(err ?? null, n)` becomes `() => cb(null, n)`,
 * `(err) => { if (err) return cb(err); cb(null); }` becomes `() => { cb(null); }` (an `if (err) A else B` keeps B), a
 * callback passed by name becomes `() => cb(null)`. Undefined when the callback has no error to ignore.
 */
function callbackIgnoringError(callback: Node): string | undefined {
  if (Node.isIdentifier(callback) || Node.isPropertyAccessExpression(callback)) return `() => ${callback.getText()}(null)`;
  if (!Node.isArrowFunction(callback) && !Node.isFunctionExpression(callback)) return undefined;
  const [parameter, ...rest] = callback.getParameters();
  const nameNode = parameter?.getNameNode();
  if (!parameter || !nameNode || !Node.isIdentifier(nameNode)) return undefined;
  const name = nameNode.getText();
  const base = callback.getStart();
  const edits: { start: number; end: number; text: string }[] = [];
  const covered = (node: Node) => edits.some((edit) => node.getStart() >= edit.start && node.getEnd() <= edit.end);
  const body = callback.getBody();
  for (const node of body.getDescendants()) {
    if (covered(node)) continue;
    if (Node.isIfStatement(node) && node.getExpression().getText() === name) {
      const otherwise = node.getElseStatement();
      edits.push({ start: node.getStart(), end: node.getEnd(), text: otherwise ? otherwise.getText() : '' });
    } else if (Node.isBinaryExpression(node) && node.getLeft().getText() === name && ['??', '||'].includes(node.getOperatorToken().getText())) {
      edits.push({ start: node.getStart(), end: node.getEnd(), text: node.getRight().getText() });
    } else if (Node.isIdentifier(node) && node.getText() === name) {
      const parent = node.getParent();
      if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === node) continue; // x.err is another name
      edits.push({ start: node.getStart(), end: node.getEnd(), text: 'null' });
    }
  }
  // the parameter: gone when it is the only one, renamed `_` (the next ones keep their positions) otherwise
  edits.push(rest.length === 0
    ? callback.getParameters().length === 1 && Node.isArrowFunction(callback) && !callback.getFirstChildByKind(SyntaxKind.OpenParenToken)
      ? { start: parameter.getStart(), end: parameter.getEnd(), text: '()' }
      : { start: parameter.getStart(), end: parameter.getEnd(), text: '' }
    : { start: nameNode.getStart(), end: nameNode.getEnd(), text: '_' });
  let text = callback.getText();
  for (const edit of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start - base) + edit.text + text.slice(edit.end - base);
  return text;
}
