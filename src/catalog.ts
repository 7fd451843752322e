/**
 * The fs API catalog: every Node API that opens, writes, syncs, closes, destroys or renames a file, as data.
 * The flow engine reads this table and nothing else; adding an API is adding a row.
 *
 * Facts encoded here (checked against Node 20.20.2 under strace, see src/catalog.strace.test.ts):
 * - no write API syncs by default and close does not sync;
 * - `flush: true` fsyncs a path-target one-shot write before close, except writeFileSync/appendFileSync when the
 *   data is a string and `encoding` is literally 'utf8'/'utf-8' (nodejs/node#60552); through a FileHandle it is
 *   ignored; on a stream it is one fsync at close;
 * - flags 'as', 'as+', 'rs+' (and numeric O_SYNC/O_DSYNC) make each write durable, not the directory entry;
 * - fs/promises has no top-level fsync: only FileHandle#sync/datasync.
 */

/** `read` is no event on a handle: it marks a file the module reads back (its state, when it also rewrites it). */
export type EventKind = 'open' | 'write' | 'sync' | 'close' | 'destroy' | 'rename' | 'read';

/**
 * Where an API lives: a module function (`fs`, `fs/promises`), a method of a handle object, or a well-known durable
 * helper package (`write-file-atomic`: the module itself is the function, `.sync` its sync form).
 */
export type ApiOwner = 'fs' | 'fs/promises' | 'FileHandle' | 'WriteStream' | 'write-file-atomic' | 'fs-extra' | 'steno' | 'AtomicWriter' | 'random-access-file' | 'RandomAccessFile' | 'user';

/** How completion is observed: returns (sync), calls its last-argument callback, or resolves a promise. */
export type ApiStyle = 'sync' | 'callback' | 'promise';

/** What kind of handle the API acts on. */
export type HandleKind = 'fd' | 'path' | 'FileHandle' | 'WriteStream' | 'RandomAccessFile' | 'AtomicWriter';

export interface ApiRow {
  owner: ApiOwner;
  name: string;
  style: ApiStyle;
  kind: EventKind;
  /** The handle the event is about: an argument index, or 'receiver' for methods. */
  handle: number | 'receiver';
  handleKind: HandleKind;
  /** open: what the call produces (returned, resolved, or passed to the callback's second parameter). */
  produces?: HandleKind;
  /** open: index of the flags argument. */
  flagsArg?: number;
  /** write/open: index of the options argument that may carry `flush`/`flags`/`encoding`. */
  optionsArg?: number;
  /** write: index of the data argument (a one-shot write of '' destroys the old contents). */
  dataArg?: number;
  /** write: `flush: true` in the options syncs this write ('sync-unless-utf8-string' is nodejs/node#60552). */
  flush?: 'sync' | 'sync-unless-utf8-string' | 'ignored' | 'sync-at-close';
  /** One-shot writes open the path themselves: default flags and whether they replace the contents. */
  oneShot?: 'replace' | 'append';
  /** rename: index of the destination argument. */
  targetArg?: number;
  /** destroy: removes the directory entry (unlink, rm), not only the contents: the directory changes. */
  removesEntry?: boolean;
  /** A promise-style API that takes a callback instead when its last argument is a function. */
  optionalCallback?: boolean;
  /**
   * write: written to a temp file, fsynced unless the options say `fsync: false`, then renamed over the target — a
   * durable write that changes the directory entry, whose directory is not synced. `unsynced`: the temp file is
   * never fsynced (steno), so the rename publishes data a crash can lose.
   */
  atomic?: boolean | 'unsynced';
  /** open: creates the file when it is missing, whatever the flags say (`ensureFile`, a random-access file). */
  creates?: boolean;
}

function callbackAndSync(
  base: Omit<ApiRow, 'owner' | 'name' | 'style'>,
  name: string,
  options: { promises?: boolean; syncFlush?: ApiRow['flush'] } = {},
): ApiRow[] {
  const rows: ApiRow[] = [
    { owner: 'fs', name: `${name}Sync`, style: 'sync', ...base, ...(options.syncFlush ? { flush: options.syncFlush } : {}) },
    { owner: 'fs', name, style: 'callback', ...base },
  ];
  if (options.promises) rows.push({ owner: 'fs/promises', name, style: 'promise', ...base });
  return rows;
}

/** The table. Sync, callback and promise forms of the same operation are rows built from one description. */
export const FS_API: readonly ApiRow[] = [
  // open
  ...callbackAndSync({ kind: 'open', handle: 0, handleKind: 'path', produces: 'fd', flagsArg: 1 }, 'open'),
  { owner: 'fs/promises', name: 'open', style: 'promise', kind: 'open', handle: 0, handleKind: 'path', produces: 'FileHandle', flagsArg: 1 },
  { owner: 'fs', name: 'createWriteStream', style: 'sync', kind: 'open', handle: 0, handleKind: 'path', produces: 'WriteStream', optionsArg: 1, flush: 'sync-at-close' },

  // write through an fd
  ...callbackAndSync({ kind: 'write', handle: 0, handleKind: 'fd' }, 'write'),
  ...callbackAndSync({ kind: 'write', handle: 0, handleKind: 'fd' }, 'writev'),

  // one-shot writes: a path (or an fd, or a FileHandle) as the first argument
  ...callbackAndSync(
    { kind: 'write', handle: 0, handleKind: 'path', dataArg: 1, optionsArg: 2, oneShot: 'replace', flush: 'sync' },
    'writeFile',
    { promises: true, syncFlush: 'sync-unless-utf8-string' },
  ),
  ...callbackAndSync(
    { kind: 'write', handle: 0, handleKind: 'path', dataArg: 1, optionsArg: 2, oneShot: 'append', flush: 'sync' },
    'appendFile',
    { promises: true, syncFlush: 'sync-unless-utf8-string' },
  ),

  // a copy writes its destination (argument 1) as a one-shot replace does, and syncs nothing (checked under strace)
  ...callbackAndSync({ kind: 'write', handle: 1, handleKind: 'path', oneShot: 'replace' }, 'copyFile', { promises: true }),
  ...callbackAndSync({ kind: 'write', handle: 1, handleKind: 'path', oneShot: 'replace' }, 'cp', { promises: true }),

  // reads by path: no event, but a file read back by the module that rewrites it holds its state
  ...callbackAndSync({ kind: 'read', handle: 0, handleKind: 'path' }, 'readFile', { promises: true }),
  { owner: 'fs', name: 'createReadStream', style: 'sync', kind: 'read', handle: 0, handleKind: 'path' },

  // sync
  ...callbackAndSync({ kind: 'sync', handle: 0, handleKind: 'fd' }, 'fsync'),
  ...callbackAndSync({ kind: 'sync', handle: 0, handleKind: 'fd' }, 'fdatasync'),

  // close: never a sync
  ...callbackAndSync({ kind: 'close', handle: 0, handleKind: 'fd' }, 'close'),

  // destroy: the old contents are gone
  ...callbackAndSync({ kind: 'destroy', handle: 0, handleKind: 'fd' }, 'ftruncate'),
  ...callbackAndSync({ kind: 'destroy', handle: 0, handleKind: 'path' }, 'truncate', { promises: true }),
  ...callbackAndSync({ kind: 'destroy', handle: 0, handleKind: 'path', removesEntry: true }, 'unlink', { promises: true }),
  ...callbackAndSync({ kind: 'destroy', handle: 0, handleKind: 'path', removesEntry: true }, 'rm', { promises: true }),

  // rename: publishes the source under the target (and destroys what the target held)
  ...callbackAndSync({ kind: 'rename', handle: 0, handleKind: 'path', targetArg: 1 }, 'rename', { promises: true }),

  // FileHandle methods
  { owner: 'FileHandle', name: 'write', style: 'promise', kind: 'write', handle: 'receiver', handleKind: 'FileHandle' },
  { owner: 'FileHandle', name: 'writev', style: 'promise', kind: 'write', handle: 'receiver', handleKind: 'FileHandle' },
  { owner: 'FileHandle', name: 'writeFile', style: 'promise', kind: 'write', handle: 'receiver', handleKind: 'FileHandle', dataArg: 0, optionsArg: 1, flush: 'ignored' },
  { owner: 'FileHandle', name: 'appendFile', style: 'promise', kind: 'write', handle: 'receiver', handleKind: 'FileHandle', dataArg: 0, optionsArg: 1, flush: 'ignored' },
  { owner: 'FileHandle', name: 'sync', style: 'promise', kind: 'sync', handle: 'receiver', handleKind: 'FileHandle' },
  { owner: 'FileHandle', name: 'datasync', style: 'promise', kind: 'sync', handle: 'receiver', handleKind: 'FileHandle' },
  { owner: 'FileHandle', name: 'truncate', style: 'promise', kind: 'destroy', handle: 'receiver', handleKind: 'FileHandle' },
  { owner: 'FileHandle', name: 'close', style: 'promise', kind: 'close', handle: 'receiver', handleKind: 'FileHandle' },

  // WriteStream methods: writes are queued in user space; end() closes (and syncs once if opened with flush: true)
  { owner: 'WriteStream', name: 'write', style: 'callback', kind: 'write', handle: 'receiver', handleKind: 'WriteStream' },
  { owner: 'WriteStream', name: 'end', style: 'callback', kind: 'close', handle: 'receiver', handleKind: 'WriteStream' },

  // write-file-atomic (npm): writeFileAtomic(path, data, options?, cb?) and writeFileAtomic.sync(path, data, options?)
  { owner: 'write-file-atomic', name: 'default', style: 'promise', optionalCallback: true, kind: 'write', handle: 0, handleKind: 'path', dataArg: 1, optionsArg: 2, oneShot: 'replace', atomic: true },
  { owner: 'write-file-atomic', name: 'sync', style: 'sync', kind: 'write', handle: 0, handleKind: 'path', dataArg: 1, optionsArg: 2, oneShot: 'replace', atomic: true },

  // fs-extra's own members (beside fs's): each returns a promise unless given a callback; the Sync forms return
  ...['outputFile', 'outputJson', 'outputJSON', 'writeJson', 'writeJSON'].flatMap((name) => extraAndSync(name, { kind: 'write', handle: 0, handleKind: 'path', dataArg: 1, optionsArg: 2, oneShot: 'replace' })),
  // move: a rename on one device, a copy and a remove across devices; unsynced either way
  ...extraAndSync('move', { kind: 'rename', handle: 0, handleKind: 'path', targetArg: 1 }),
  // copy: the destination is written (a new file, or the old one replaced), nothing synced
  ...extraAndSync('copy', { kind: 'write', handle: 1, handleKind: 'path', oneShot: 'replace' }),
  // ensureFile: creates an empty file when it is missing (a new directory entry, no data)
  ...extraAndSync('ensureFile', { kind: 'open', handle: 0, handleKind: 'path', creates: true }),
  ...extraAndSync('remove', { kind: 'destroy', handle: 0, handleKind: 'path', removesEntry: true }),

  // steno (npm): `new Writer(path).write(data)` writes a temp file and renames it over the path, with no fsync
  { owner: 'steno', name: 'Writer', style: 'sync', kind: 'open', handle: 0, handleKind: 'path', produces: 'AtomicWriter' },
  { owner: 'AtomicWriter', name: 'write', style: 'promise', kind: 'write', handle: 'receiver', handleKind: 'AtomicWriter', dataArg: 0, atomic: 'unsynced' },

  // random-access-file and its polymorphic twin: the constructor opens the path (creating it), the object exposes
  // `.fd` for callers to fsync; write(offset, data, cb), del/truncate destroy, close never syncs
  { owner: 'random-access-file', name: 'default', style: 'sync', kind: 'open', handle: 0, handleKind: 'path', produces: 'RandomAccessFile', creates: true },
  { owner: 'RandomAccessFile', name: 'write', style: 'callback', kind: 'write', handle: 'receiver', handleKind: 'RandomAccessFile', dataArg: 1 },
  { owner: 'RandomAccessFile', name: 'del', style: 'callback', kind: 'destroy', handle: 'receiver', handleKind: 'RandomAccessFile' },
  { owner: 'RandomAccessFile', name: 'truncate', style: 'callback', kind: 'destroy', handle: 'receiver', handleKind: 'RandomAccessFile' },
  { owner: 'RandomAccessFile', name: 'close', style: 'callback', kind: 'close', handle: 'receiver', handleKind: 'RandomAccessFile' },
];

/** An fs-extra member: the promise form (a callback when one is passed) and the Sync form. */
function extraAndSync(name: string, base: Omit<ApiRow, 'owner' | 'name' | 'style'>): ApiRow[] {
  return [
    { owner: 'fs-extra', name, style: 'promise', optionalCallback: true, ...base },
    { owner: 'fs-extra', name: `${name}Sync`, style: 'sync', ...base },
  ];
}

/**
 * Modules with the shape of `fs` or `fs/promises`, and how the callback forms of their fs members complete when
 * called without a callback: `callback` (fs itself), `promise-or-callback` (fs-extra, mz/fs: a promise unless a
 * callback is passed), `promise` (bfile: fs's names, promise only). `members`: the owner of the module's own rows.
 */
export interface FsModule {
  name: string;
  shape: 'fs' | 'fs/promises';
  callbacks?: 'callback' | 'promise-or-callback' | 'promise';
  members?: ApiOwner;
}

export const FS_MODULE_TABLE: readonly FsModule[] = [
  { name: 'fs', shape: 'fs', callbacks: 'callback' },
  { name: 'node:fs', shape: 'fs', callbacks: 'callback' },
  { name: 'graceful-fs', shape: 'fs', callbacks: 'callback' },
  { name: 'fs-extra', shape: 'fs', callbacks: 'promise-or-callback', members: 'fs-extra' },
  { name: 'mz/fs', shape: 'fs', callbacks: 'promise-or-callback' },
  { name: 'bfile', shape: 'fs', callbacks: 'promise' },
  { name: 'fs/promises', shape: 'fs/promises' },
  { name: 'node:fs/promises', shape: 'fs/promises' },
];

/**
 * The table entry of an import specifier: an exact name, or a project's re-export of a drop-in
 * (`@scope/core/shared/fs-extra`: its last segment names the package it re-exports).
 */
export function fsModuleOf(specifier: string): FsModule | undefined {
  const exact = FS_MODULE_TABLE.find((entry) => entry.name === specifier);
  if (exact) return exact;
  const last = specifier.slice(specifier.lastIndexOf('/') + 1);
  return specifier.includes('/') && (last === 'fs-extra' || last === 'graceful-fs') ? FS_MODULE_TABLE.find((entry) => entry.name === last) : undefined;
}

/** Packages whose rows are owned by the package name: `default` is the module called (or constructed) itself. */
export const PACKAGE_MODULES: ReadonlyMap<string, ApiOwner> = new Map<string, ApiOwner>([
  ['write-file-atomic', 'write-file-atomic'],
  ['steno', 'steno'],
  ['random-access-file', 'random-access-file'],
  ['polyraf', 'random-access-file'],
]);

/** Module names whose exports have all of fs's sync members (how a suggestion calls `fsyncSync`). */
export const FS_MODULES = ['fs', 'node:fs', 'fs-extra', 'graceful-fs', 'mz/fs'] as const;
/** Handle kinds whose objects expose the fd they write through as `.fd`: an fsync of `x.fd` syncs `x`. */
export const FD_EXPOSING_KINDS: ReadonlySet<HandleKind> = new Set<HandleKind>(['RandomAccessFile']);

/** Open flags whose writes reach stable storage before returning (data only, not the directory entry). */
export const SYNC_OPEN_FLAGS: ReadonlySet<string> = new Set(['as', 'as+', 'sa', 'sa+', 'rs+', 'sr+']);
/** Open flags that truncate an existing file: opening with them destroys the old contents. */
export const TRUNCATING_OPEN_FLAGS: ReadonlySet<string> = new Set(['w', 'w+', 'wx', 'xw', 'wx+', 'xw+']);
/** Open flags that create the file when it is missing: a new directory entry. */
export const CREATING_OPEN_FLAGS: ReadonlySet<string> = new Set(['w', 'w+', 'wx', 'xw', 'wx+', 'xw+', 'a', 'a+', 'ax', 'xa', 'ax+', 'xa+', 'as', 'as+', 'sa', 'sa+']);
/** Open flags that write at the end: the mark of a log. */
export const APPEND_OPEN_FLAGS: ReadonlySet<string> = new Set(['a', 'a+', 'ax', 'xa', 'ax+', 'xa+', 'as', 'as+', 'sa', 'sa+']);
/** Names in `fs.constants` that make an open sync. */
export const SYNC_FLAG_CONSTANTS: ReadonlySet<string> = new Set(['O_SYNC', 'O_DSYNC']);
/** Names in `fs.constants` that truncate on open. */
export const TRUNCATE_FLAG_CONSTANTS: ReadonlySet<string> = new Set(['O_TRUNC']);
/** Encodings for which writeFileSync/appendFileSync skip `flush` with string data (nodejs/node#60552). */
export const FLUSH_SKIPPING_ENCODINGS: ReadonlySet<string> = new Set(['utf8', 'utf-8']);

/** Method names that mean "push buffered data towards the OS", a sign that durability was on the author's mind. */
export const FLUSH_LIKE_METHODS: ReadonlySet<string> = new Set(['flush', 'flushSync', 'flushBuffer', 'flushToDisk', 'persist', 'commit']);

/**
 * `pipeline(source, …transforms, destination[, callback])`: every chunk is written to the destination stream, which
 * is ended (a file stream closes its fd) when the pipeline completes: through its callback (`stream`), or its promise
 * (`stream/promises`, `stream.promises`).
 */
export const STREAM_PIPELINE = {
  name: 'pipeline',
  callbackModules: ['stream', 'node:stream'],
  promiseModules: ['stream/promises', 'node:stream/promises'],
} as const;

/**
 * Functions that call their function argument later, with the arguments that follow it (`process.nextTick(cb, null,
 * n)`, `setImmediate(cb)`, `queueMicrotask(cb)`, `setTimeout(cb, ms, …)`): a call of the callback, not a handler of
 * unknown timing. The value is the index of the first argument passed on; `nextTick` only as `process.nextTick`.
 */
export const SCHEDULERS: Readonly<Record<string, number>> = { nextTick: 1, setImmediate: 1, queueMicrotask: 1, setTimeout: 2 };

/**
 * A WriteStream (the row that produces one, `flush: 'sync-at-close'`): the options of `createWriteStream` the analysis
 * reads, and the events and helpers that tell where the stream is.
 */
export const WRITE_STREAM = {
  options: {
    /** `flush: true`: one fsync, after the last write and before 'close'. */
    flush: 'flush',
    /** `autoClose: false`: the fd stays open after 'finish' (and a flush stream never syncs). */
    autoClose: 'autoClose',
    /** `fd`: the stream writes through an fd opened elsewhere; syncing that fd syncs what the stream handed it. */
    fd: 'fd',
  },
  events: {
    /** Every write has reached the fd (also `end(cb)`); a flush stream has not synced yet. */
    finish: 'finish',
    /** The stream closed its fd, after a flush stream's fsync. */
    close: 'close',
  },
  /** Methods that register an event handler on a stream. */
  listen: ['on', 'once'],
  /**
   * Events whose emission tells listeners the data is stored (`this.emit('saved')`, a wrapper stream's own
   * `'finish'`): an acknowledgement, like a completion callback's call. Emitted with `emit`.
   */
  acknowledging: ['finish', 'close', 'saved', 'persisted', 'flushed'],
  emit: 'emit',
  /** `source.pipe(out)`: every chunk of the source is written to `out`, which is ended after the last. */
  pipe: 'pipe',
  /** `await finished(ws)` (stream/promises) and `await once(ws, 'close')` (events): the stream has closed. */
  closed: { finished: undefined, once: 'close' },
} as const;
