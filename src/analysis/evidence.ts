/**
 * Evidence of intent (design §2, "Who is durable"): whether durability is evidently meant for a handle or a directory
 * entry, the `recommended` bar. Inputs: the file inputs (settings, comments), facts, the translation, the SyncIndex.
 * Outputs: verdicts with the reason; only caches are kept.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { directoryOfEntries, isDirectoryEntries, isParentDirectory } from './handle-keys.js';
import type { FileFacts } from './facts.js';
import type { FileInputs, FunctionRecord } from './steps.js';
import type { SyncIndex } from './summaries.js';
import { enclosingFunctionOrMethod } from './syntax.js';
import type { Translation } from './translate.js';

type Node = TSESTree.Node;

export interface Verdict {
  evident: boolean;
  evidence: string | undefined;
}

export class Evidence {
  constructor(
    private readonly inputs: FileInputs,
    private readonly facts: FileFacts,
    private readonly translation: Translation,
    private readonly syncs: SyncIndex,
  ) {}

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
    if (fn.callsFlushLike) return { evident: true, evidence: 'flushed' };
    if (kind === 'WriteStream') return { evident: this.facts.flushStreams.has(key), evidence: this.facts.flushStreams.has(key) ? 'flush option' : undefined };
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
