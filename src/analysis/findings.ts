/**
 * What the analysis answers, the outputs every rule reads: findings at report points (acknowledgements, destroys,
 * renames, directory entries, stream syncs) and sync-error findings. Inputs: none, this module is only types and the
 * constants rules share with the analysis.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { HandleKind } from '../catalog.js';

type Node = TSESTree.Node;

export interface ExitPoint {
  /** The node to point at: a `return`, a callback call, or the function itself (fell off its end). */
  node: Node;
  /** "the return on line 42", "the end of `append()`", "the call to `cb` on line 12". */
  description: string;
  /** The function whose completion acknowledges. */
  functionName: string;
  /** Where a sync can be inserted: before this statement (a `return`, or an expression statement with the ack). */
  insertBefore?: Node;
  /** Or at the end of this block (a function body that falls off its end). */
  insertAtEndOf?: TSESTree.BlockStatement;
  isAsync: boolean;
}

export interface UnsyncedAck {
  /** The write that left the handle dirty (innermost, in this file). */
  anchor: Node;
  key: string;
  handleText: string;
  handleKind: HandleKind | undefined;
  exit: ExitPoint;
  /** Durability is evident for this handle (the `recommended` bar); otherwise only `strict` reports it. */
  evident: boolean;
  /** Reason it is evident, for messages and tests. */
  evidence: string | undefined;
}

/** A handle still dirty at a report point's statement (a destroy, a rename). */
export interface DirtyAtStatement {
  dirtyKey: string;
  dirtyText: string;
  dirtyKind: HandleKind | undefined;
  /** The write that left the handle dirty. */
  anchor: Node;
  evident: boolean;
  /** Where a sync of the dirty handle can go: before this statement. */
  insertBefore?: Node;
  isAsync: boolean;
}

export interface DestroyWhileDirty extends DirtyAtStatement {
  destroy: Node;
  destroyedText: string;
  /** The destroy is a rename over the log: its old contents are replaced, not truncated or removed. */
  replaced: boolean;
}

/** A directory entry changed (a file created, renamed into place, removed) and acknowledged before a directory fsync. */
export interface UnsyncedDirectoryEntry {
  /** The call that changed the entry. */
  anchor: Node;
  operation: 'create' | 'rename' | 'remove';
  /** `dir:<key of the directory>` */
  key: string;
  directoryText: string;
  exit: ExitPoint;
  evident: boolean;
  evidence: string | undefined;
}

/** `rename(tmp, target)` while what was written to `tmp` may not be on disk: atomic, not durable. */
export interface RenameOfDirty extends DirtyAtStatement {
  rename: Node;
  sourceText: string;
  targetText: string;
}

/**
 * A file the module reads back (its state) replaced in place: `writeFile(p, data)`, `copyFile(src, p)` or a
 * truncating open of `p`. A crash between the truncation and the end of the write leaves the only copy empty or partial,
 * synced or not: the new contents belong in a temp file, synced and renamed over `p`.
 */
export interface InPlaceOverwrite {
  write: TSESTree.CallExpression;
  how: 'write' | 'copy' | 'open';
  pathText: string;
  /** Where the module reads the file back. */
  readAt: Node;
  isAsync: boolean;
  /** The `recommended` bar: not a cache. */
  evident: boolean;
  evidence: string | undefined;
}

/**
 * `fsync(ws.fd)` that cannot sync what the stream was given: its data may still be queued in the stream ('queued':
 * before the write's callback or 'finish'), the stream was ended and closes its fd ('ended'), or the sync starts from
 * 'finish' / `end(cb)` just before the stream's own auto-close ('closing').
 */
export interface MisplacedStreamSync {
  call: TSESTree.CallExpression;
  key: string;
  streamText: string;
  /** The fd as the sync names it: `ws.fd`, or the fd the stream was created over. */
  fdText: string;
  reason: 'queued' | 'ended' | 'closing';
  /** The writes the sync fails to cover: their acknowledgement findings are this one bug. */
  anchors: ReadonlySet<Node>;
}

export interface Findings {
  unsyncedAcks: UnsyncedAck[];
  destroysWhileDirty: DestroyWhileDirty[];
  unsyncedDirectoryEntries: UnsyncedDirectoryEntry[];
  renamesOfDirty: RenameOfDirty[];
  misplacedStreamSyncs: MisplacedStreamSync[];
}

/** The name of a function that fsyncs the directory it is given. */
export const DIRECTORY_SYNC_HELPER = /^f?sync\w*dir/i;

/** A sync whose failure is lost or retried. */
export interface SyncErrorFinding {
  /** `helperSwallowed`: a helper of this file that fsyncs (`this.pager.sync()`) is called in a try that swallows. */
  kind: 'callbackIgnoresError' | 'swallowed' | 'directorySwallowed' | 'notAwaited' | 'retried' | 'helperSwallowed';
  call: TSESTree.CallExpression;
  handleText: string;
  /** The catch clause or handler that swallows the error, or the first sync a retry repeats. */
  where?: Node;
  /** `notAwaited` in an async function: the expression to put `await` before. */
  awaitable?: Node;
  /** `helperSwallowed`: the helper as called (`this.pager.sync`). */
  helperText?: string;
}

/** Keys of the pseudo-handle "the entries of this directory" (handle-keys.ts makes and reads them). */
export { DIRECTORY_KEY_PREFIX } from './handle-keys.js';

/** `findings()` caches per value of this one field, and `optionsKey` keys fixed points by it: a new field joins both. */
export interface SolveOptions {
  /** `if (this.syncWrites) fsyncSync(fd)`: count the guarded sync as a sync (the documented trade-off). */
  optionGuardedSyncCounts: boolean;
}
