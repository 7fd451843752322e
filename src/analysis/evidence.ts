/**
 * Evidence of intent (design §2, "Who is durable"): whether durability is evidently meant for a handle or a directory
 * entry, the `recommended` bar. Inputs: the file inputs (settings, comments), facts, the translation, the SyncIndex.
 * Outputs: verdicts with the reason; only caches are kept.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { findVariable } from '@eslint-community/eslint-utils';
import { directoryOfEntries, isDirectoryEntries, isParentDirectory } from './handle-keys.js';
import type { FileFacts } from './facts.js';
import type { FileInputs, FunctionRecord } from './steps.js';
import type { StateFiles } from './state-files.js';
import type { SyncIndex } from './summaries.js';
import { enclosingFunctionOrMethod } from './syntax.js';
import { enclosingClass, isFunctionNode } from '../handles.js';
import { functionName, operationOf } from './state-files.js';

import type { Translation } from './translate.js';

type Node = TSESTree.Node;

export interface Verdict {
  evident: boolean;
  evidence: string | undefined;
}

/** A method of a class that extends one of Node's stream classes (`class LogStream extends Writable`). */
function isStreamImplementation(fn: Node): boolean {
  const cls = enclosingClass(fn);
  const base = cls?.superClass;
  if (!base) return false;
  const name = base.type === 'Identifier' ? base.name : base.type === 'MemberExpression' && !base.computed && base.property.type === 'Identifier' ? base.property.name : '';
  return /^(Writable|Transform|Duplex|PassThrough)$/.test(name);
}

export class Evidence {
  constructor(
    private readonly inputs: FileInputs,
    private readonly facts: FileFacts,
    private readonly translation: Translation,
    private readonly syncs: SyncIndex,
    private readonly stateFiles: StateFiles,
  ) {}

  /**
   * At an acknowledgement, also the API surface that acknowledges: a persistence-named operation is telling its
   * caller "saved" (a rename or a destroy inside it says nothing more about the data it touches).
   */
  ackEvidence(key: string, fn: FunctionRecord, anchors: ReadonlySet<Node>): Verdict {
    const verdict = this.evidence(key, fn, anchors);
    if (verdict.evident || fn.node.type === 'Program') return verdict;
    const surface = this.persistenceSurface(fn.node, anchors);
    return surface ? { evident: true, evidence: surface } : verdict;
  }

  /** Why durability is evidently intended for this handle (design §2, "Who is durable"). */
  evidence(key: string, fn: FunctionRecord, anchors: ReadonlySet<Node>): Verdict {
    const kind = this.facts.kinds.get(key);
    // The end of a module's top-level code tells no caller anything: only strict reports it.
    if (fn.node.type === 'Program') return { evident: false, evidence: undefined };
    const text = this.inputs.namer.text(key);
    if (this.inputs.settings.durableHandles.some((pattern) => pattern.test(text))) return { evident: true, evidence: 'named durable in settings' };
    if (this.syncs.keys.has(key)) return { evident: true, evidence: 'synced elsewhere' };
    if ([...anchors].some((anchor) => this.hasDurableComment(anchor))) return { evident: true, evidence: 'marked // durable' };
    if ([...anchors].some((anchor) => this.translation.flushRequested.has(anchor))) return { evident: true, evidence: 'flush option' };
    if ([...anchors].some((anchor) => this.isBackupCopy(anchor))) return { evident: true, evidence: 'backup copy' };
    if (fn.callsFlushLike) return { evident: true, evidence: 'flushed' };
    if (kind === 'WriteStream') return { evident: this.facts.flushStreams.has(key), evidence: this.facts.flushStreams.has(key) ? 'flush option' : undefined };
    // A stream implementation (a Writable subclass) keeps its file open by design and acknowledges through the stream
    // protocol (`_write`'s callback: accepted, not saved): a logger, not a store, unless the file shows more
    if (isStreamImplementation(fn.node)) return { evident: false, evidence: undefined };
    if ((kind === 'fd' || kind === 'FileHandle') && this.inputs.namer.isLongLived(key)) return { evident: true, evidence: 'long-lived handle' };
    if (this.facts.openFlags.get(key)?.some((f) => f.append) && kind !== undefined) return { evident: true, evidence: 'append-mode log' };
    return { evident: false, evidence: undefined };
  }

  /**
   * A changed directory entry is evidently meant to survive when the file syncs that directory elsewhere, or syncs
   * the data of the file whose entry changed (a synced file that may not exist after a crash).
   */
  directoryEvidence(key: string, files: string[], fn: FunctionRecord, operation: 'create' | 'rename'): Verdict {
    if (fn.node.type === 'Program') return { evident: false, evidence: undefined };
    if (this.syncs.keys.has(key)) return { evident: true, evidence: 'directory synced elsewhere' };
    if (this.syncsADirectory()) return { evident: true, evidence: 'a directory synced elsewhere' };
    // a directory the code never names (only `path.dirname()` of a path passed in whole): the caller may well have
    // made the file; only a directory sync elsewhere shows that the author thinks about directory entries
    if (isParentDirectory(directoryOfEntries(key))) return { evident: false, evidence: undefined };
    // A temp file synced before its rename is the atomic-replace idiom, which says nothing about the rename having to
    // last (pnpm's lockfile writes): a rename needs the file to sync data in place somewhere (a log, a data file), or
    // to rename a synced file into a directory it keeps (a field or module variable: a store's own directory)
    if (operation === 'rename') {
      if (this.syncsDataInPlace()) return { evident: true, evidence: 'data synced in place elsewhere' };
      if (!this.inputs.namer.isLongLived(directoryOfEntries(key))) return { evident: false, evidence: undefined };
    }
    for (const file of files) {
      if (this.syncs.keys.has(file)) return { evident: true, evidence: 'file data synced' };
      for (const [fd, path] of this.facts.openedFrom) if (path === file && this.syncs.keys.has(fd)) return { evident: true, evidence: 'file data synced' };
    }
    return { evident: false, evidence: undefined };
  }

  /**
   * The atomic-replace idiom (AR): `rename(tmp, target)` where the source is a temp file (its name, or the name it is
   * made from, says tmp/temp, or it is the target's name with something added). Its author means the target to
   * survive a crash; an unsynced temp makes the replace atomic only for readers.
   */
  isAtomicReplace(rename: Node): boolean {
    if (rename.type !== 'CallExpression') return false;
    const row = this.inputs.fs.calls.get(rename);
    const source = rename.arguments[0];
    const target = row?.kind === 'rename' && row.targetArg !== undefined ? rename.arguments[row.targetArg] : undefined;
    if (!source || !target || source.type === 'SpreadElement' || target.type === 'SpreadElement') return false;
    // a cache replaced atomically can still be rebuilt; a script's or a test's files are not a store's
    if (this.stateFiles.isDisposable(rename, target) || !this.stateFiles.isLibraryCode(rename)) return false;
    const sourceText = this.definingText(source);
    const targetText = this.definingText(target);
    return /tmp|temp(?!late)/i.test(sourceText) || (sourceText !== targetText && sourceText.includes(targetText));
  }

  /**
   * API: the write is acknowledged by an operation whose name says it persists (`save`, `persist`, `commit`:
   * `saveSettings()`, `Store.prototype.persist`), in library code (a module that exports something, not its top
   * level), for a file that is not a cache, a lock or a temp file.
   */
  private persistenceSurface(fnNode: Node, anchors: ReadonlySet<Node>): string | undefined {
    const operation = operationOf(fnNode);
    if (!operation || !isFunctionNode(operation) || !this.stateFiles.isLibraryCode(operation)) return undefined;
    for (const anchor of anchors) {
      const path = anchor.type === 'CallExpression' ? this.pathArgument(anchor) : undefined;
      if (path && this.stateFiles.isDisposable(anchor, path)) return undefined;
    }
    // class names (`*Store`, `*DB`) found no bug on the real-world corpus that these names miss: not used
    return /^_*(save|persist|commit)/i.test(functionName(operation) ?? '') ? 'persistence-named operation' : undefined;
  }

  /** The path a catalogued one-shot write or copy names. */
  private pathArgument(call: TSESTree.CallExpression): Node | undefined {
    const row = this.inputs.fs.calls.get(call);
    const path = row && row.handleKind === 'path' && typeof row.handle === 'number' ? call.arguments[row.handle] : undefined;
    return path && path.type !== 'SpreadElement' ? path : undefined;
  }

  /**
   * `copyFile(p, p + '.bak')`: a backup is made to survive what comes next (an in-place rewrite of `p`); unsynced, a
   * crash can lose it together with the original.
   */
  private isBackupCopy(anchor: Node): boolean {
    if (anchor.type !== 'CallExpression') return false;
    const row = this.inputs.fs.calls.get(anchor);
    const destination = row && /^(copyFile|cp)(Sync)?$/.test(row.name) && typeof row.handle === 'number' ? anchor.arguments[row.handle] : undefined;
    return destination !== undefined && /backup|(?<![a-z])bak(?![a-z])|\.old\b|\.orig\b/i.test(this.definingText(destination));
  }

  /** The text of a path argument and, for a `const`, of its initialiser. */
  private definingText(node: Node): string {
    const text = this.inputs.sourceCode.getText(node as never);
    if (node.type !== 'Identifier') return text;
    const variable = findVariable(this.inputs.sourceCode.getScope(node as never) as never, node as never);
    const declarator = variable?.defs[0]?.type === 'Variable' ? (variable.defs[0].node as TSESTree.VariableDeclarator) : undefined;
    return declarator?.init ? `${text} ${this.inputs.sourceCode.getText(declarator.init as never)}` : text;
  }

  private directorySyncSeen: boolean | undefined;

  /**
   * Whether this file syncs a directory anywhere: an fsync of an fd opened read-only (the directory idiom), a
   * directory-sync helper of another module, or one whose summary says it syncs a directory.
   */
  syncsADirectory(): boolean {
    if (this.directorySyncSeen !== undefined) return this.directorySyncSeen;
    let seen = false;
    for (const steps of this.translation.steps.values()) {
      for (const step of steps) {
        if (step.kind === 'sync' && (isDirectoryEntries(step.key) || this.facts.openedReadOnly(step.key))) seen = true;
        if (step.kind === 'external' && step.summary.syncs.some((handle) => handle.directory)) seen = true;
      }
    }
    this.directorySyncSeen = seen;
    return seen;
  }

  /** The file syncs the data of some file that it does not rename away: a log or a data file kept in place. */
  private syncsDataInPlace(): boolean {
    for (const key of this.syncs.keys) {
      if (!isDirectoryEntries(key) && !this.facts.openedReadOnly(key) && !this.isRenamedFile(key)) return true;
    }
    return false;
  }

  /** A file this file renames away (a temp file), named by its path or by a handle opened on that path. */
  isRenamedFile(key: string): boolean {
    const path = this.facts.openedFrom.get(key);
    return this.translation.renamedSources.has(key) || (path !== undefined && this.translation.renamedSources.has(path));
  }

  isRenamedAway(change: { operation: string; files: string[] }): boolean {
    return change.operation === 'create' && change.files.some((file) => this.isRenamedFile(file));
  }

  /** The directory key a recorded entry change dirties. */
  directoryOfChange(node: Node): string | undefined {
    for (const step of this.translation.steps.get(node) ?? []) if (step.kind === 'write' && isDirectoryEntries(step.key)) return step.key;
    return undefined;
  }

  private readonly durableComments = new Map<Node, boolean>();

  private hasDurableComment(anchor: Node): boolean {
    const cached = this.durableComments.get(anchor);
    if (cached !== undefined) return cached;
    const result = this.findDurableComment(anchor);
    this.durableComments.set(anchor, result);
    return result;
  }

  private findDurableComment(anchor: Node): boolean {
    const sourceCode = this.inputs.sourceCode;
    const line = anchor.loc.start.line;
    for (const comment of sourceCode.getAllComments()) {
      if (!/\bdurable\b/i.test(comment.value) || /expect:/.test(comment.value)) continue;
      if (comment.loc.end.line === line || comment.loc.end.line === line - 1 || comment.loc.start.line === line) return true;
    }
    const fn = anchor.parent ? enclosingFunctionOrMethod(anchor) : undefined;
    if (fn) {
      const before = sourceCode.getCommentsBefore(fn as never);
      if (before.some((comment) => /\bdurable\b/i.test(comment.value))) return true;
    }
    return false;
  }
}
