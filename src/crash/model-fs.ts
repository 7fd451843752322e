/**
 * An in-memory model of what Linux + ext4 (data=ordered) promise across a crash, behind the real `node:fs` API. It
 * must never be kinder than the file system: what it keeps after a crash, a disk may lose.
 *
 * Every file (inode) has a durable content and size; every directory has durable entries. What is issued since is
 * pending, as operations a crash may or may not have written:
 *   - a write is one 'page' operation per 4 KiB page it touches, carrying the page as the page cache holds it after
 *     the write (write-back writes whole pages, in no particular order among pages), then, if it grew the file, one
 *     'size' operation (the journalled i_size) that may persist only with the pages it exposes (ordered mode: data
 *     before the metadata that exposes it). A page may reach the disk torn at 512-byte sector boundaries;
 *   - a truncate is a 'size' operation; sizes of one file persist in issue order (one journal);
 *   - create, rename, unlink and mkdir are 'name' operations of the directory they change (a rename across
 *     directories is two: the new entry pending on the target, the removal on the source).
 * fsync of a file makes its pending pages and sizes durable, of a directory its pending entries; a failed fsync makes
 * nothing durable: a file's pending data is dropped (fsyncgate: the pages are marked clean, the cache keeps them), a
 * directory's entries stay pending. A write through a file opened with a sync flag ('as', 'as+', 'rs+', O_SYNC,
 * O_DSYNC) makes the pages it touched and the file's size durable, not its directory entry. close() syncs nothing.
 * simulate.ts chooses which subsets of the pending operations a crash leaves.
 */
import { Buffer } from 'node:buffer';
import path from 'node:path';
import { decodeFlags } from './open-flags.js';

export { decodeFlags };

export const SIM_ROOT = '/__crashsim__';
const FIRST_FD = 1_000_000;
/** Write-back granularity. */
export const PAGE_SIZE = 4096;
/** What a disk writes atomically: a page in flight at a power loss may persist as any subset of its sectors. */
export const SECTOR_SIZE = 512;

export interface PageOp {
  kind: 'page';
  inode: number;
  /** Page number in the file. */
  page: number;
  describe: string;
  /** The page as the cache holds it after the operation (shorter than a page at the end of the file). */
  bytes: Buffer;
}
export interface SizeOp {
  kind: 'size';
  inode: number;
  describe: string;
  size: number;
  /** For a write that grew the file: its pages past the old size, which must be on disk before this size is. */
  exposes: PageOp[];
}
export interface NameOp {
  kind: 'name';
  dir: string;
  describe: string;
  apply(names: Namespace): void;
}
export type PendingOp = PageOp | SizeOp | NameOp;

/** Entries: file paths to inodes, and directories. */
export interface Namespace {
  files: Map<string, number>;
  dirs: Set<string>;
}

interface Inode {
  id: number;
  data: Buffer;
  durable: FileImage;
  /** Truncated to 0 since it was last flushed: ext4's auto_da_alloc flushes it at close. */
  truncatedToZero?: boolean;
}

/** What stat() reports besides size; not crash-modelled (an image restores the defaults). */
export interface Metadata {
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
}

export interface ModelOptions {
  /** The directory the model owns (every path under it); SIM_ROOT when absent. */
  root?: string;
  /**
   * ext4's default `auto_da_alloc`: a rename over an existing file, and the close of a file truncated to 0, flush the
   * file's data first (so the replaced file is never empty after a crash). Off: POSIX, which promises neither.
   */
  autoDaAlloc?: boolean;
}

/** A file's content on disk while pages and sizes are applied to it one by one. */
class FileImage {
  /** bytes(), until the next change: images share it (nothing mutates an image's buffers). */
  private cached: Buffer | undefined;
  constructor(
    public content: Buffer,
    public size: number,
  ) {}
  static of(bytes: Buffer): FileImage {
    return new FileImage(Buffer.from(bytes), bytes.length);
  }
  copy(): FileImage {
    return new FileImage(Buffer.from(this.content), this.size);
  }
  /** Before a change: an image may hold the content itself (see bytes()). */
  private unshare(): void {
    if (this.cached === this.content) this.content = Buffer.from(this.content);
    this.cached = undefined;
  }
  /** `sectors`: only these sectors of the page (a torn write); all of it otherwise. */
  applyPage(op: PageOp, sectors?: readonly number[]): void {
    this.unshare();
    const at = op.page * PAGE_SIZE;
    if (this.content.length < at + op.bytes.length) this.content = resize(this.content, at + op.bytes.length);
    if (!sectors) op.bytes.copy(this.content, at);
    else for (const s of sectors) op.bytes.copy(this.content, at + s * SECTOR_SIZE, s * SECTOR_SIZE, Math.min(op.bytes.length, (s + 1) * SECTOR_SIZE));
  }
  applySize(op: SizeOp): void {
    this.unshare();
    // a shrink frees the blocks past it: a later growth reads zeros there, not the old bytes
    if (op.size < this.size) this.content.fill(0, op.size);
    this.size = op.size;
  }
  bytes(): Buffer {
    return (this.cached ??= this.content.length === this.size ? this.content : resize(this.content, this.size));
  }
}

interface OpenFile {
  inode: number;
  path: string;
  position: number;
  append: boolean;
  sync: boolean;
  readable: boolean;
  writable: boolean;
  isDir: boolean;
}

const ERRNO: Record<string, number> = { ENOENT: -2, EIO: -5, EBADF: -9, EEXIST: -17, ENOTDIR: -20, EISDIR: -21, ENOTEMPTY: -39 };

/** An error as Node's fs raises it: `code`, `errno`, `syscall`, `path`. */
export class FsError extends Error {
  readonly errno: number;
  constructor(
    readonly code: string,
    readonly syscall: string,
    readonly path: string,
  ) {
    super(`${code}: ${syscall} '${path}'`);
    this.errno = ERRNO[code] ?? -1;
  }
}

/** A disk image: path -> durable bytes; a directory is a key ending in '/' (empty bytes). Images share buffers: read only. */
export type DiskImage = Map<string, Buffer>;

/** Which pending operations a crash image keeps, and which kept pages are torn (only these sectors written). */
export interface Keeping {
  keep(op: PendingOp, index: number): boolean;
  torn?: Map<number, readonly number[]>;
}


export class ModelFs {
  private readonly inodes = new Map<number, Inode>();
  readonly root: string;
  private readonly autoDaAlloc: boolean;
  /** Volatile namespace: what a process sees now. */
  readonly names = new Map<string, number>();
  readonly dirs: Set<string>;
  /** Durable namespace: what survives a crash without further ops. */
  private readonly durable: Namespace;
  /** By inode id, or by directory path. */
  private readonly metadata = new Map<number | string, Metadata>();
  readonly pending: PendingOp[] = [];
  private readonly fds = new Map<number, OpenFile>();
  /** Changes whenever the durable state does (and the pending list loses ops): an image is this plus what it keeps. */
  durableVersion = 0;
  private nextInode = 1;
  private nextFd = FIRST_FD;
  /** Called after every mutating operation (a crash point). */
  onMutation: ((describe: string) => void) | undefined;
  /** Fault injection: the N-th fsync (1-based) fails once with EIO; nothing it would have made durable becomes so. */
  failFsyncNumber: number | undefined;
  private fsyncCount = 0;

  constructor(image?: DiskImage, options: ModelOptions = {}) {
    this.root = options.root ?? SIM_ROOT;
    this.autoDaAlloc = options.autoDaAlloc ?? false;
    this.dirs = new Set([this.root]);
    this.durable = { files: new Map(), dirs: new Set([this.root]) };
    for (const [key, bytes] of image ?? []) {
      const isDir = key.endsWith('/');
      const name = isDir ? key.slice(0, -1) : key;
      for (let dir = isDir ? name : path.dirname(name); dir.startsWith(this.root) && !this.dirs.has(dir); dir = path.dirname(dir)) {
        this.dirs.add(dir);
        this.durable.dirs.add(dir);
      }
      if (isDir) continue;
      const inode = this.newInode(Buffer.from(bytes));
      this.names.set(name, inode.id);
      this.durable.files.set(name, inode.id);
    }
  }

  static owns(target: unknown): boolean {
    if (typeof target === 'number') return target >= FIRST_FD;
    if (typeof target === 'string') return target === SIM_ROOT || target.startsWith(`${SIM_ROOT}/`);
    return false;
  }

  /** A path under this model's root, or an fd it allocated. */
  owns(target: unknown): boolean {
    if (typeof target === 'number') return target >= FIRST_FD;
    if (typeof target === 'string') return target === this.root || target.startsWith(`${this.root}/`);
    return false;
  }

  private newInode(bytes = Buffer.alloc(0)): Inode {
    const inode = { id: this.nextInode++, data: Buffer.from(bytes), durable: FileImage.of(bytes) };
    this.inodes.set(inode.id, inode);
    return inode;
  }

  private file(fd: number, syscall: string): OpenFile {
    const open = this.fds.get(fd);
    if (!open) throw new FsError('EBADF', syscall, String(fd));
    return open;
  }

  private mutated(describe: string): void {
    this.onMutation?.(describe);
  }

  private short(p: string): string {
    return p.startsWith(`${this.root}/`) ? p.slice(this.root.length + 1) : p;
  }

  private addName(dir: string, describe: string, apply: (names: Namespace) => void): void {
    apply({ files: this.names, dirs: this.dirs });
    this.pending.push({ kind: 'name', dir, describe, apply });
  }

  /** Makes the pending operations `commit` selects durable, in issue order, and drops them from the pending list. */
  private commit(commit: (op: PendingOp, index: number) => boolean): void {
    this.durableVersion++;
    const keep: PendingOp[] = [];
    for (const [index, op] of this.pending.entries()) {
      if (!commit(op, index)) keep.push(op);
      else if (op.kind === 'name') op.apply(this.durable);
      else if (op.kind === 'page') (this.inodes.get(op.inode) as Inode).durable.applyPage(op);
      else (this.inodes.get(op.inode) as Inode).durable.applySize(op);
    }
    this.pending.splice(0, this.pending.length, ...keep);
  }

  /** Every pending operation made durable: the state a run starts from. */
  settle(): void {
    this.commit(() => true);
  }

  /** The volatile file becomes `next`: the pages of [from, to) and, if its size changed, the size are pending. */
  private changeData(inode: Inode, describe: string, next: Buffer, from: number, to: number, sync: boolean): void {
    const oldSize = inode.data.length;
    inode.data = next;
    const pages: PageOp[] = [];
    for (let page = Math.floor(from / PAGE_SIZE); page * PAGE_SIZE < Math.min(to, next.length); page++) {
      const bytes = Buffer.from(next.subarray(page * PAGE_SIZE, Math.min(next.length, (page + 1) * PAGE_SIZE)));
      pages.push({ kind: 'page', inode: inode.id, page, describe: pages.length === 0 ? describe : `${describe}, page ${page}`, bytes });
    }
    this.pending.push(...pages);
    if (next.length !== oldSize) {
      const size: SizeOp = { kind: 'size', inode: inode.id, describe: `${describe}: size ${next.length}`, size: next.length, exposes: pages.filter((p) => (p.page + 1) * PAGE_SIZE > oldSize) };
      this.pending.push(size);
    }
    if (!sync) return;
    // O_SYNC/O_DSYNC: the write returns once its pages and the file's size are on disk, and with the size (one journal
    // commit, ordered mode) every earlier size of the file and the pages those expose. A page is written as the cache
    // holds it, so the earlier pending versions of a written page are on disk too: all of them leave the pending list,
    // or a crash image could replay an older version over the newer one.
    const position = new Map(this.pending.map((op, index) => [op, index]));
    const through = new Map<number, number>(); // page -> position of its newest version made durable
    const mark = (op: PageOp) => through.set(op.page, Math.max(through.get(op.page) ?? -1, position.get(op) ?? -1));
    pages.forEach(mark);
    for (const op of this.pending) if (op.kind === 'size' && op.inode === inode.id) op.exposes.forEach(mark);
    this.commit((op, index) => op.kind !== 'name' && op.inode === inode.id && (op.kind === 'size' || index <= (through.get(op.page) ?? -1)));
  }

  // ---- namespace ----

  exists(p: string): boolean {
    return this.names.has(p) || this.dirs.has(p);
  }

  mkdir(p: string, recursive: boolean): void {
    if (this.names.has(p)) throw new FsError('EEXIST', 'mkdir', p);
    if (this.dirs.has(p)) {
      if (!recursive) throw new FsError('EEXIST', 'mkdir', p);
      return;
    }
    if (!this.dirs.has(path.dirname(p))) {
      if (!recursive) throw new FsError('ENOENT', 'mkdir', p);
      this.mkdir(path.dirname(p), true);
    }
    // a new directory is an entry of its parent: pending until the parent is synced
    const describe = `mkdir ${this.short(p)}`;
    this.addName(path.dirname(p), describe, (names) => names.dirs.add(p));
    this.mutated(describe);
  }

  readdir(p: string): string[] {
    if (!this.dirs.has(p)) throw new FsError('ENOENT', 'scandir', p);
    const entries = new Set<string>();
    for (const name of this.names.keys()) if (path.dirname(name) === p) entries.add(path.basename(name));
    for (const dir of this.dirs) if (path.dirname(dir) === p && dir !== p) entries.add(path.basename(dir));
    return [...entries].sort();
  }

  open(p: string, flags: string | number): number {
    const mode = decodeFlags(flags);
    if (this.dirs.has(p)) {
      if (mode.writable) throw new FsError('EISDIR', 'open', p);
      const fd = this.nextFd++;
      this.fds.set(fd, { inode: 0, path: p, position: 0, append: false, sync: false, readable: true, writable: false, isDir: true });
      return fd;
    }
    let id = this.names.get(p);
    if (id !== undefined && mode.exclusive) throw new FsError('EEXIST', 'open', p);
    if (id === undefined) {
      if (!mode.create) throw new FsError('ENOENT', 'open', p);
      if (!this.dirs.has(path.dirname(p))) throw new FsError('ENOENT', 'open', p);
      const inode = this.newInode();
      id = inode.id;
      const created = id;
      this.addName(path.dirname(p), `create ${this.short(p)}`, (names) => names.files.set(p, created));
      this.mutated(`create ${this.short(p)}`);
    } else if (mode.truncate) {
      const inode = this.inodes.get(id) as Inode;
      if (inode.data.length > 0) inode.truncatedToZero = true;
      this.changeData(inode, `truncate ${this.short(p)} to 0 (open '${String(flags)}')`, Buffer.alloc(0), 0, 0, false);
      this.mutated(`open(${this.short(p)}, '${String(flags)}')`);
    }
    const fd = this.nextFd++;
    this.fds.set(fd, { inode: id, path: p, position: 0, append: mode.append, sync: mode.sync, readable: mode.readable, writable: mode.writable, isDir: false });
    return fd;
  }

  close(fd: number): void {
    const open = this.file(fd, 'close');
    this.fds.delete(fd);
    const inode = this.inodes.get(open.inode);
    if (this.autoDaAlloc && inode?.truncatedToZero) {
      // auto_da_alloc: the close of a file truncated to 0 starts write-back of its new data ahead of the next commit
      inode.truncatedToZero = false;
      this.commit((op) => op.kind !== 'name' && op.inode === inode.id);
      this.mutated(`close(${this.short(open.path)}): data flushed (auto_da_alloc)`);
    }
  }

  /** Any pending data of `inode` made durable (auto_da_alloc's early write-back). */
  private flushData(inode: number): void {
    if (this.pending.some((op) => op.kind !== 'name' && op.inode === inode)) this.commit((op) => op.kind !== 'name' && op.inode === inode);
  }

  write(fd: number, bytes: Buffer, position: number | null | undefined): number {
    const open = this.file(fd, 'write');
    if (!open.writable) throw new FsError('EBADF', 'write', open.path);
    const inode = this.inodes.get(open.inode) as Inode;
    const at = open.append ? inode.data.length : (position ?? open.position);
    const copy = Buffer.from(bytes);
    const next = resize(inode.data, Math.max(inode.data.length, at + copy.length));
    copy.copy(next, at);
    const describe = `write(${this.short(open.path)}, ${copy.length} bytes @${at})`;
    if (copy.length > 0) this.changeData(inode, describe, next, at, at + copy.length, open.sync);
    if (open.append || position === null || position === undefined) open.position = at + copy.length;
    this.mutated(describe);
    return copy.length;
  }

  read(fd: number, target: Buffer, offset: number, length: number, position: number | null | undefined): number {
    const open = this.file(fd, 'read');
    if (open.isDir) throw new FsError('EISDIR', 'read', open.path);
    const inode = this.inodes.get(open.inode) as Inode;
    const at = position ?? open.position;
    const count = Math.max(0, Math.min(length, inode.data.length - at));
    if (count > 0) inode.data.copy(target, offset, at, at + count); // at or past the end: 0 bytes, as read(2)
    if (position === null || position === undefined) open.position = at + count;
    return count;
  }

  size(fd: number): number {
    const open = this.file(fd, 'fstat');
    return open.isDir ? 0 : (this.inodes.get(open.inode) as Inode).data.length;
  }

  sizeOf(p: string): number {
    const id = this.names.get(p);
    if (id === undefined) throw new FsError('ENOENT', 'stat', p);
    return (this.inodes.get(id) as Inode).data.length;
  }

  fsync(fd: number): void {
    const open = this.file(fd, 'fsync');
    this.fsyncCount++;
    const failing = this.fsyncCount === this.failFsyncNumber;
    if (open.isDir) {
      // a failed fsync says nothing became durable: the entries stay pending, a crash may keep or lose them
      if (!failing) this.commit((op) => op.kind === 'name' && op.dir === open.path);
    } else if (failing) {
      // fsyncgate: a failed fsync marks the pages clean; the data stays in the cache but never reaches the disk
      this.pending.splice(0, this.pending.length, ...this.pending.filter((op) => op.kind === 'name' || op.inode !== open.inode));
      this.durableVersion++;
    } else this.commit((op) => op.kind !== 'name' && op.inode === open.inode);
    this.mutated(`fsync(${this.short(open.path)})`);
    if (failing) throw new FsError('EIO', 'fsync', open.path);
  }

  ftruncate(fd: number, length: number): void {
    const open = this.file(fd, 'ftruncate');
    const inode = this.inodes.get(open.inode) as Inode;
    const describe = `ftruncate(${this.short(open.path)}, ${length})`;
    if (length === 0 && inode.data.length > 0) inode.truncatedToZero = true;
    // growing exposes zeros, no pages; shrinking cuts the partial last page in the cache, which the size op zeroes
    this.changeData(inode, describe, resize(inode.data, length), 0, 0, open.sync);
    this.mutated(describe);
  }

  truncate(p: string, length: number): void {
    const fd = this.open(p, 'r+');
    try {
      this.ftruncate(fd, length);
    } finally {
      this.close(fd);
    }
  }

  rename(from: string, to: string): void {
    const id = this.names.get(from);
    if (id === undefined) throw new FsError('ENOENT', 'rename', from);
    const describe = `rename(${this.short(from)} -> ${this.short(to)})`;
    if (this.dirs.has(from)) throw new Error(`durability-crash: renaming a directory (${from}) is not modelled`);
    // auto_da_alloc: replacing an existing file by rename writes the new file's data back before the rename commits
    if (this.autoDaAlloc && this.names.has(to)) this.flushData(id);
    if (path.dirname(from) === path.dirname(to)) {
      // one directory: the entry moves atomically when that directory is synced
      this.addName(path.dirname(to), describe, (names) => {
        names.files.delete(from);
        names.files.set(to, id);
      });
    } else {
      // across directories each directory's change is pending until that directory is synced: a crash may keep
      // both names, or neither
      this.addName(path.dirname(to), `${describe}: new entry`, (names) => names.files.set(to, id));
      this.addName(path.dirname(from), `${describe}: old entry removed`, (names) => {
        if (names.files.get(from) === id) names.files.delete(from);
      });
    }
    this.mutated(describe);
  }

  unlink(p: string): void {
    if (!this.names.has(p)) throw new FsError('ENOENT', 'unlink', p);
    const describe = `unlink(${this.short(p)})`;
    this.addName(path.dirname(p), describe, (names) => names.files.delete(p));
    this.mutated(describe);
  }

  // ---- metadata (stat, chmod, chown): what a process sees, not what a crash keeps ----

  private metaOf(key: number | string, isDir: boolean): Metadata {
    let meta = this.metadata.get(key);
    if (!meta) this.metadata.set(key, (meta = { mode: isDir ? 0o40755 : 0o100644, uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, mtimeMs: 0 }));
    return meta;
  }

  /** stat(2) of a path: size, kind, mode, uid, gid, inode number. */
  stat(p: string): { size: number; isDirectory: boolean; ino: number } & Metadata {
    if (this.dirs.has(p)) return { size: 4096, isDirectory: true, ino: 0, ...this.metaOf(p, true) };
    const id = this.names.get(p);
    if (id === undefined) throw new FsError('ENOENT', 'stat', p);
    return { size: (this.inodes.get(id) as Inode).data.length, isDirectory: false, ino: id, ...this.metaOf(id, false) };
  }

  fstat(fd: number): { size: number; isDirectory: boolean; ino: number } & Metadata {
    const open = this.file(fd, 'fstat');
    return open.isDir ? this.stat(open.path) : { size: (this.inodes.get(open.inode) as Inode).data.length, isDirectory: false, ino: open.inode, ...this.metaOf(open.inode, false) };
  }

  pathOf(fd: number): string {
    return this.file(fd, 'fstat').path;
  }

  /** chmod/chown: the permission bits of `mode` and the owner are kept for stat, not for a crash image. */
  setMetadata(p: string, change: Partial<Metadata>): void {
    const { isDirectory, ino } = this.stat(p);
    const meta = this.metaOf(isDirectory ? p : ino, isDirectory);
    if (change.mode !== undefined) meta.mode = (meta.mode & ~0o7777) | (change.mode & 0o7777);
    if (change.uid !== undefined && change.uid !== -1) meta.uid = change.uid;
    if (change.gid !== undefined && change.gid !== -1) meta.gid = change.gid;
    if (change.mtimeMs !== undefined) meta.mtimeMs = change.mtimeMs;
  }

  /** No symbolic links are modelled: an existing path is its own real path. */
  realpath(p: string): string {
    if (!this.exists(p)) throw new FsError('ENOENT', 'realpath', p);
    return p;
  }

  rmdir(p: string): void {
    if (!this.dirs.has(p)) throw new FsError(this.names.has(p) ? 'ENOTDIR' : 'ENOENT', 'rmdir', p);
    if (p === this.root) throw new Error(`durability-crash: removing the model's root (${p}) is not modelled`);
    if (this.readdir(p).length > 0) throw new FsError('ENOTEMPTY', 'rmdir', p);
    const describe = `rmdir ${this.short(p)}`;
    this.addName(path.dirname(p), describe, (names) => names.dirs.delete(p));
    this.mutated(describe);
  }

  /** What the process sees now (the page cache): with a failed fsync, data that no crash image holds. */
  volatileImage(): DiskImage {
    return toImage(this.root, { files: this.names, dirs: this.dirs }, (id) => (this.inodes.get(id) as Inode).data);
  }

  /** The image a crash leaves when exactly the pending ops `keeping.keep` selects reach the disk, torn as it says. */
  imageKeeping({ keep, torn }: Keeping): DiskImage {
    const names: Namespace = { files: new Map(this.durable.files), dirs: new Set(this.durable.dirs) };
    const files = new Map<number, FileImage>();
    const fileOf = (id: number): FileImage => {
      let file = files.get(id);
      if (!file) files.set(id, (file = (this.inodes.get(id) as Inode).durable.copy()));
      return file;
    };
    this.pending.forEach((op, index) => {
      if (!keep(op, index)) return;
      if (op.kind === 'name') op.apply(names);
      else if (op.kind === 'page') fileOf(op.inode).applyPage(op, torn?.get(index));
      else fileOf(op.inode).applySize(op);
    });
    return toImage(this.root, names, (id) => (files.get(id) ?? (this.inodes.get(id) as Inode).durable).bytes());
  }
}

/** Only entries reachable from the root through directories that exist in `names`. */
function toImage(root: string, names: Namespace, bytesOf: (id: number) => Buffer): DiskImage {
  const reachable = (p: string): boolean => {
    for (let dir = path.dirname(p); dir !== root; dir = path.dirname(dir)) if (!names.dirs.has(dir) || dir === path.dirname(dir)) return false;
    return true;
  };
  const image: DiskImage = new Map();
  for (const dir of [...names.dirs].sort()) if (dir !== root && reachable(dir)) image.set(`${dir}/`, Buffer.alloc(0));
  for (const [name, id] of names.files) if (reachable(name)) image.set(name, bytesOf(id));
  return image;
}

function resize(data: Buffer, length: number): Buffer {
  const next = Buffer.allocUnsafe(length);
  const copied = data.copy(next, 0, 0, Math.min(length, data.length));
  next.fill(0, copied);
  return next;
}
