/**
 * An in-memory model of what Linux + ext4 promise across a crash, behind the real `node:fs` API.
 *
 * Every file (inode) has a durable content and the data operations issued since its last fsync; every directory has
 * durable entries and the entry operations (create, rename, unlink) issued since its last fsync. Writes through a
 * file opened with a sync flag ('as', 'as+', 'rs+', O_SYNC, O_DSYNC) are durable at once; their directory entry is
 * not. close() syncs nothing. A crash keeps the durable state plus any allowed subset of the pending operations
 * (see crash.ts for which subsets).
 */
import { Buffer } from 'node:buffer';
import path from 'node:path';

export const SIM_ROOT = '/__crashsim__';
const FIRST_FD = 1_000_000;

export type PendingOp =
  | { kind: 'data'; inode: number; describe: string; apply(data: Buffer): Buffer; /** bytes written, for torn writes */ write?: { position: number; bytes: Buffer } }
  | { kind: 'name'; dir: string; describe: string; apply(names: Map<string, number>): void };

interface Inode {
  id: number;
  data: Buffer;
  durable: Buffer;
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

export class FsError extends Error {
  constructor(
    readonly code: string,
    syscall: string,
    target: string,
  ) {
    super(`${code}: ${syscall} '${target}'`);
  }
}

/** A disk image: path -> durable bytes, directories implied. */
export type DiskImage = Map<string, Buffer>;

export class ModelFs {
  private readonly inodes = new Map<number, Inode>();
  /** Volatile namespace: what a process sees now. */
  readonly names = new Map<string, number>();
  /** Durable namespace: what survives a crash without further ops. */
  private readonly durableNames = new Map<string, number>();
  readonly dirs = new Set<string>([SIM_ROOT]);
  readonly pending: PendingOp[] = [];
  private readonly fds = new Map<number, OpenFile>();
  private nextInode = 1;
  private nextFd = FIRST_FD;
  /** Called after every mutating operation (a crash point). */
  onMutation: ((describe: string) => void) | undefined;
  /** Fault injection: the N-th fsync (1-based) fails once with EIO and its pending data can never become durable. */
  failFsyncNumber: number | undefined;
  private fsyncCount = 0;

  constructor(image?: DiskImage) {
    for (const [file, bytes] of image ?? []) {
      for (let dir = path.dirname(file); dir.startsWith(SIM_ROOT) && !this.dirs.has(dir); dir = path.dirname(dir)) this.dirs.add(dir);
      const inode = this.newInode(Buffer.from(bytes));
      this.names.set(file, inode.id);
      this.durableNames.set(file, inode.id);
    }
  }

  static owns(target: unknown): boolean {
    if (typeof target === 'number') return target >= FIRST_FD;
    if (typeof target === 'string') return target === SIM_ROOT || target.startsWith(`${SIM_ROOT}/`);
    if (target instanceof URL) return false;
    return false;
  }

  private newInode(bytes = Buffer.alloc(0)): Inode {
    const inode = { id: this.nextInode++, data: Buffer.from(bytes), durable: Buffer.from(bytes) };
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
    return p.startsWith(`${SIM_ROOT}/`) ? p.slice(SIM_ROOT.length + 1) : p;
  }

  private addName(dir: string, describe: string, apply: (names: Map<string, number>) => void): void {
    apply(this.names);
    this.pending.push({ kind: 'name', dir, describe, apply });
  }

  private addData(inode: Inode, describe: string, apply: (data: Buffer) => Buffer, sync: boolean, write?: { position: number; bytes: Buffer }): void {
    inode.data = apply(inode.data);
    if (sync) {
      // An O_SYNC/O_DSYNC write commits the file's metadata with it (ext4: the journal commit of the write's fsync
      // range), so a pending truncate of the same file is durable before it; other ranges' pending writes are not.
      const keep: PendingOp[] = [];
      for (const op of this.pending) {
        if (op.kind === 'data' && op.inode === inode.id && op.write === undefined) inode.durable = op.apply(inode.durable);
        else keep.push(op);
      }
      this.pending.splice(0, this.pending.length, ...keep);
      inode.durable = apply(inode.durable);
    } else this.pending.push({ kind: 'data', inode: inode.id, describe, apply, write });
  }

  // ---- namespace ----

  exists(p: string): boolean {
    return this.names.has(p) || this.dirs.has(p);
  }

  mkdir(p: string, recursive: boolean): void {
    if (this.dirs.has(p)) {
      if (!recursive) throw new FsError('EEXIST', 'mkdir', p);
      return;
    }
    if (!this.dirs.has(path.dirname(p))) {
      if (!recursive) throw new FsError('ENOENT', 'mkdir', p);
      this.mkdir(path.dirname(p), true);
    }
    // Directories are modelled as always durable: the engines run inside a directory that exists before the run.
    this.dirs.add(p);
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
      this.addName(path.dirname(p), `create ${this.short(p)}`, (names) => names.set(p, created));
      this.mutated(`create ${this.short(p)}`);
    } else if (mode.truncate) {
      const inode = this.inodes.get(id) as Inode;
      this.addData(inode, `truncate ${this.short(p)} to 0 (open '${String(flags)}')`, () => Buffer.alloc(0), false);
      this.mutated(`open(${this.short(p)}, '${String(flags)}')`);
    }
    const fd = this.nextFd++;
    this.fds.set(fd, { inode: id, path: p, position: 0, append: mode.append, sync: mode.sync, readable: mode.readable, writable: mode.writable, isDir: false });
    return fd;
  }

  close(fd: number): void {
    this.file(fd, 'close');
    this.fds.delete(fd);
  }

  write(fd: number, bytes: Buffer, position: number | null | undefined): number {
    const open = this.file(fd, 'write');
    if (!open.writable) throw new FsError('EBADF', 'write', open.path);
    const inode = this.inodes.get(open.inode) as Inode;
    const at = open.append ? inode.data.length : (position ?? open.position);
    const copy = Buffer.from(bytes);
    const apply = (data: Buffer): Buffer => {
      const size = Math.max(data.length, at + copy.length);
      const next = Buffer.alloc(size);
      data.copy(next);
      copy.copy(next, at);
      return next;
    };
    const describe = `write(${this.short(open.path)}, ${copy.length} bytes @${at})`;
    this.addData(inode, describe, apply, open.sync, { position: at, bytes: copy });
    if (open.append || position === null || position === undefined) open.position = at + copy.length;
    this.mutated(describe);
    return copy.length;
  }

  read(fd: number, target: Buffer, offset: number, length: number, position: number | null | undefined): number {
    const open = this.file(fd, 'read');
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
      const keep: PendingOp[] = [];
      for (const op of this.pending) {
        if (op.kind === 'name' && op.dir === open.path) op.apply(this.durableNames);
        else keep.push(op);
      }
      this.pending.splice(0, this.pending.length, ...keep);
    } else {
      const inode = this.inodes.get(open.inode) as Inode;
      const keep: PendingOp[] = [];
      for (const op of this.pending) {
        if (op.kind === 'data' && op.inode === inode.id) {
          // fsyncgate: a failed fsync marks the pages clean; the data is in the cache but never reaches the disk
          if (!failing) inode.durable = op.apply(inode.durable);
        } else keep.push(op);
      }
      this.pending.splice(0, this.pending.length, ...keep);
    }
    this.mutated(`fsync(${this.short(open.path)})`);
    if (failing) throw new FsError('EIO', 'fsync', open.path);
  }

  ftruncate(fd: number, length: number): void {
    const open = this.file(fd, 'ftruncate');
    const inode = this.inodes.get(open.inode) as Inode;
    const describe = `ftruncate(${this.short(open.path)}, ${length})`;
    this.addData(inode, describe, (data) => resize(data, length), open.sync);
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
    // ext4 commits a rename within one directory atomically; across directories both entries are pending on both.
    this.addName(path.dirname(to), describe, (names) => {
      names.delete(from);
      names.set(to, id);
    });
    this.mutated(describe);
  }

  unlink(p: string): void {
    if (!this.names.has(p)) throw new FsError('ENOENT', 'unlink', p);
    const describe = `unlink(${this.short(p)})`;
    this.addName(path.dirname(p), describe, (names) => names.delete(p));
    this.mutated(describe);
  }

  /** What the process sees now (the page cache): with a failed fsync, data that no crash image holds. */
  volatileImage(): DiskImage {
    const image: DiskImage = new Map();
    for (const [name, id] of this.names) image.set(name, Buffer.from((this.inodes.get(id) as Inode).data));
    return image;
  }

  /** The image a crash leaves when exactly the pending ops with `keep(op, index)` true reach the disk. */
  imageKeeping(keep: (op: PendingOp, index: number) => boolean, torn?: { index: number; bytes: number }): DiskImage {
    const names = new Map(this.durableNames);
    const data = new Map<number, Buffer>();
    const dataOf = (id: number): Buffer => data.get(id) ?? (this.inodes.get(id) as Inode).durable;
    this.pending.forEach((op, index) => {
      if (!keep(op, index)) return;
      if (op.kind === 'name') op.apply(names);
      else if (torn && torn.index === index && op.write) {
        const part = op.write.bytes.subarray(0, torn.bytes);
        const current = dataOf(op.inode);
        const next = Buffer.alloc(Math.max(current.length, op.write.position + part.length));
        current.copy(next);
        part.copy(next, op.write.position);
        data.set(op.inode, next);
      } else data.set(op.inode, op.apply(dataOf(op.inode)));
    });
    const image: DiskImage = new Map();
    for (const [name, id] of names) image.set(name, Buffer.from(dataOf(id)));
    return image;
  }
}

function resize(data: Buffer, length: number): Buffer {
  const next = Buffer.alloc(length);
  data.copy(next, 0, 0, Math.min(length, data.length));
  return next;
}

const O = { WRONLY: 1, RDWR: 2, CREAT: 0o100, EXCL: 0o200, TRUNC: 0o1000, APPEND: 0o2000, DSYNC: 0o10000, SYNC: 0o4010000 };

export function decodeFlags(flags: string | number | undefined) {
  if (typeof flags === 'number') {
    const access = flags & 3;
    return {
      readable: access !== O.WRONLY,
      writable: access !== 0,
      create: (flags & O.CREAT) !== 0,
      exclusive: (flags & O.EXCL) !== 0,
      truncate: (flags & O.TRUNC) !== 0,
      append: (flags & O.APPEND) !== 0,
      sync: (flags & O.DSYNC) !== 0,
    };
  }
  const f = flags ?? 'r';
  const known: Record<string, [boolean, boolean, boolean, boolean, boolean, boolean, boolean]> = {
    //        read   write  create excl   trunc  append sync
    r: [true, false, false, false, false, false, false],
    rs: [true, false, false, false, false, false, false],
    'r+': [true, true, false, false, false, false, false],
    'rs+': [true, true, false, false, false, false, true],
    w: [false, true, true, false, true, false, false],
    wx: [false, true, true, true, true, false, false],
    'w+': [true, true, true, false, true, false, false],
    'wx+': [true, true, true, true, true, false, false],
    a: [false, true, true, false, false, true, false],
    ax: [false, true, true, true, false, true, false],
    as: [false, true, true, false, false, true, true],
    'a+': [true, true, true, false, false, true, false],
    'ax+': [true, true, true, true, false, true, false],
    'as+': [true, true, true, false, false, true, true],
  };
  // Node accepts each of these letters in either order ('sa' is 'as', 'xw+' is 'wx+')
  const row = known[f] ?? known[{ sr: 'rs', 'sr+': 'rs+', xw: 'wx', 'xw+': 'wx+', xa: 'ax', 'xa+': 'ax+', sa: 'as', 'sa+': 'as+' }[f] ?? ''];
  if (!row) throw new Error(`crash-sim: open flags '${f}' are not modelled`);
  const [readable, writable, create, exclusive, truncate, append, sync] = row;
  return { readable, writable, create, exclusive, truncate, append, sync };
}
