/**
 * The `node:fs` surface over a ModelFs, as synchronous functions named as Node names them (`openSync`, `statSync` ...):
 * intercept.ts derives the callback and promise styles from this one table. A call missing here is not modelled and
 * fails loudly when it names a path or fd of the model.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Buffer } from 'node:buffer';
import { FsError, type ModelFs } from './model-fs.js';
import { decodeFlags } from './open-flags.js';

type Call = (...args: unknown[]) => unknown;

export function notModelled(what: string): Error {
  return new Error(`durability-crash: ${what} is not modelled (the call would have escaped the model)`);
}

export function toBuffer(data: unknown, encoding?: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(String(data), (typeof encoding === 'string' ? encoding : 'utf8') as BufferEncoding);
}

/** writeSync(fd, buffer, offset?, length?, position?), writeSync(fd, buffer, { offset, length, position }), writeSync(fd, string, position?, encoding?) */
export function writeArgs(args: unknown[]): { bytes: Buffer; position: number | null } {
  const [, data, a, b, c] = args;
  if (typeof data === 'string') return { bytes: toBuffer(data, b), position: typeof a === 'number' ? a : null };
  const buffer = toBuffer(data);
  if (a !== null && typeof a === 'object') {
    const options = a as { offset?: number; length?: number; position?: number | null };
    const offset = options.offset ?? 0;
    return { bytes: buffer.subarray(offset, offset + (options.length ?? buffer.length - offset)), position: options.position ?? null };
  }
  const offset = typeof a === 'number' ? a : 0;
  const length = typeof b === 'number' ? b : buffer.length - offset;
  return { bytes: buffer.subarray(offset, offset + length), position: typeof c === 'number' ? c : null };
}

/** A real `fs.Stats` (instanceof, isFile(), isDirectory() read the mode bits) with the model's size, mode and owner. */
export function statsOf(stat: { size: number; isDirectory: boolean; ino: number; mode: number; uid: number; gid: number; mtimeMs: number }): fs.Stats {
  const stats = Object.create(fs.Stats.prototype) as Record<string, unknown>;
  const time = new Date(stat.mtimeMs);
  Object.assign(stats, {
    dev: 1, ino: stat.ino, mode: stat.mode, nlink: 1, uid: stat.uid, gid: stat.gid, rdev: 0, size: stat.size, blksize: 4096,
    blocks: Math.ceil(stat.size / 512), atimeMs: stat.mtimeMs, mtimeMs: stat.mtimeMs, ctimeMs: stat.mtimeMs, birthtimeMs: stat.mtimeMs,
    atime: time, mtime: time, ctime: time, birthtime: time,
  });
  return stats as unknown as fs.Stats;
}

function dirent(name: string, parentPath: string, isDirectory: boolean): fs.Dirent {
  const entry = Object.create(fs.Dirent.prototype) as Record<string | symbol, unknown>;
  // Node's Dirent keeps its type under an internal symbol; these answer for it
  Object.assign(entry, { name, parentPath, path: parentPath, isDirectory: () => isDirectory, isFile: () => !isDirectory, isSymbolicLink: () => false, isFIFO: () => false, isSocket: () => false, isBlockDevice: () => false, isCharacterDevice: () => false });
  return entry as unknown as fs.Dirent;
}

type Options = { encoding?: string | null; flag?: string; flush?: boolean; recursive?: boolean; force?: boolean; withFileTypes?: boolean; throwIfNoEntry?: boolean; bigint?: boolean; mode?: number };
const optionsOf = (options: unknown): Options => (typeof options === 'string' ? { encoding: options } : ((options as Options | null | undefined) ?? {}));
const modeOf = (mode: unknown): number => (typeof mode === 'string' ? parseInt(mode, 8) : (mode as number));
const timeOf = (t: unknown): number => (t instanceof Date ? t.getTime() : typeof t === 'number' ? t * 1000 : Number(t) * 1000);
const encode = (bytes: Buffer, encoding: string | null | undefined): Buffer | string => (encoding ? bytes.toString(encoding as BufferEncoding) : bytes);

export function readAll(model: ModelFs, fd: number): Buffer {
  const out = Buffer.alloc(model.size(fd));
  model.read(fd, out, 0, out.length, 0);
  return out;
}

/**
 * A one-shot write (writeFileSync, appendFileSync, fsp.writeFile): open, write, flush, close. `utf8FlushSkipped`:
 * Node 20 skips `flush` for utf8 string data in the sync API (nodejs/node#60552).
 */
export function oneShot(model: ModelFs, defaultFlag: string, utf8FlushSkipped: boolean) {
  return (target: unknown, data: unknown, options: unknown): void => {
    const opts = optionsOf(options);
    const bytes = toBuffer(data, opts.encoding);
    if (typeof target === 'number') {
      model.write(target, bytes, null);
      return;
    }
    const fd = model.open(target as string, opts.flag ?? defaultFlag);
    try {
      model.write(fd, bytes, null);
      const skipped = utf8FlushSkipped && typeof data === 'string' && /^utf-?8$/i.test(opts.encoding ?? '');
      if (opts.flush && !skipped) model.fsync(fd);
    } finally {
      model.close(fd);
    }
  };
}

function removeTree(model: ModelFs, p: string): void {
  if (!model.dirs.has(p)) return model.unlink(p);
  for (const name of model.readdir(p)) removeTree(model, path.join(p, name));
  model.rmdir(p);
}

/** The synchronous calls, by Node's name; each takes Node's arguments. */
export function syncCalls(model: ModelFs): Record<string, Call> {
  let tempCount = 0;
  const stat = (p: unknown, options: unknown) => {
    const opts = optionsOf(options);
    if (opts.bigint) throw notModelled('stat with { bigint: true }');
    if (opts.throwIfNoEntry === false && !model.exists(p as string)) return undefined;
    return statsOf(model.stat(p as string));
  };
  const calls: Record<string, Call> = {
    openSync: (p, flags) => model.open(p as string, (flags as string | number | undefined) ?? 'r'),
    closeSync: (fd) => model.close(fd as number),
    writeSync: (...args) => {
      const { bytes, position } = writeArgs(args);
      return model.write(args[0] as number, bytes, position);
    },
    writevSync: (fd, buffers, position) => model.write(fd as number, Buffer.concat((buffers as Uint8Array[]).map((b) => toBuffer(b))), (position as number | null | undefined) ?? null),
    readSync: (fd, target, a, b, c) => {
      const buffer = target as Buffer;
      if (a !== null && typeof a === 'object') {
        const o = a as { offset?: number; length?: number; position?: number | null };
        return model.read(fd as number, buffer, o.offset ?? 0, o.length ?? buffer.length, o.position ?? null);
      }
      return model.read(fd as number, buffer, (a as number) ?? 0, (b as number) ?? buffer.length, (c as number | null) ?? null);
    },
    fsyncSync: (fd) => model.fsync(fd as number),
    fdatasyncSync: (fd) => model.fsync(fd as number),
    ftruncateSync: (fd, length) => model.ftruncate(fd as number, (length as number) ?? 0),
    truncateSync: (p, length) => (typeof p === 'number' ? model.ftruncate(p, (length as number) ?? 0) : model.truncate(p as string, (length as number) ?? 0)),
    fstatSync: (fd) => statsOf(model.fstat(fd as number)),
    statSync: stat,
    lstatSync: stat,
    existsSync: (p) => model.exists(p as string),
    accessSync: (p) => {
      if (!model.exists(p as string)) throw new FsError('ENOENT', 'access', p as string);
    },
    realpathSync: (p) => model.realpath(p as string),
    readdirSync: (p, options) => {
      const opts = optionsOf(options);
      if (opts.recursive) throw notModelled('readdir with { recursive: true }');
      const names = model.readdir(p as string);
      return opts.withFileTypes ? names.map((name) => dirent(name, p as string, model.dirs.has(path.join(p as string, name)))) : names;
    },
    mkdirSync: (p, options) => {
      const recursive = typeof options === 'object' && options !== null && Boolean((options as Options).recursive);
      let first: string | undefined;
      for (let dir = p as string; recursive && !model.exists(dir); dir = path.dirname(dir)) first = dir;
      model.mkdir(p as string, recursive);
      return recursive ? first : undefined;
    },
    mkdtempSync: (prefix) => {
      const dir = `${prefix as string}${String(++tempCount).padStart(6, '0')}`;
      model.mkdir(dir, false);
      return dir;
    },
    renameSync: (from, to) => model.rename(from as string, to as string),
    unlinkSync: (p) => {
      if (model.dirs.has(p as string)) throw new FsError('EISDIR', 'unlink', p as string);
      model.unlink(p as string);
    },
    rmdirSync: (p, options) => (optionsOf(options).recursive ? removeTree(model, p as string) : model.rmdir(p as string)),
    rmSync: (p, options) => {
      const opts = optionsOf(options);
      if (!model.exists(p as string)) {
        if (opts.force) return;
        throw new FsError('ENOENT', 'rm', p as string);
      }
      if (model.dirs.has(p as string) && !opts.recursive) throw new FsError('EISDIR', 'rm', p as string);
      removeTree(model, p as string);
    },
    readFileSync: (p, options) => {
      const opts = optionsOf(options);
      if (typeof p === 'number') return encode(readAll(model, p), opts.encoding);
      if (model.dirs.has(p as string)) throw new FsError('EISDIR', 'read', p as string);
      const fd = model.open(p as string, opts.flag ?? 'r');
      try {
        return encode(readAll(model, fd), opts.encoding);
      } finally {
        model.close(fd);
      }
    },
    writeFileSync: oneShot(model, 'w', true),
    appendFileSync: oneShot(model, 'a', true),
    copyFileSync: (from, to, mode) => {
      const bytes = calls.readFileSync!(from) as Buffer;
      oneShot(model, ((mode as number) ?? 0) & fs.constants.COPYFILE_EXCL ? 'wx' : 'w', false)(to, bytes, undefined);
    },
    chmodSync: (p, mode) => model.setMetadata(p as string, { mode: modeOf(mode) }),
    fchmodSync: (fd, mode) => model.setMetadata(model.pathOf(fd as number), { mode: modeOf(mode) }),
    chownSync: (p, uid, gid) => model.setMetadata(p as string, { uid: uid as number, gid: gid as number }),
    lchownSync: (p, uid, gid) => model.setMetadata(p as string, { uid: uid as number, gid: gid as number }),
    fchownSync: (fd, uid, gid) => model.setMetadata(model.pathOf(fd as number), { uid: uid as number, gid: gid as number }),
    utimesSync: (p, _atime, mtime) => model.setMetadata(p as string, { mtimeMs: timeOf(mtime) }),
    lutimesSync: (p, _atime, mtime) => model.setMetadata(p as string, { mtimeMs: timeOf(mtime) }),
    futimesSync: (fd, _atime, mtime) => model.setMetadata(model.pathOf(fd as number), { mtimeMs: timeOf(mtime) }),
  };
  return calls;
}

/** Does this call change the file system (so it must not reach the real disk outside the throw-away directory)? */
export function mutates(name: string, args: unknown[]): boolean {
  const base = name.replace(/Sync$/, '');
  if (base === 'open') {
    try {
      const mode = decodeFlags((args[1] as string | number | undefined) ?? 'r');
      return mode.writable || mode.create;
    } catch {
      return true;
    }
  }
  return MUTATING.has(base);
}

const MUTATING = new Set(['writeFile', 'appendFile', 'mkdir', 'mkdtemp', 'rename', 'unlink', 'rm', 'rmdir', 'truncate', 'chmod', 'lchmod', 'chown', 'lchown', 'utimes', 'lutimes', 'copyFile', 'cp', 'link', 'symlink', 'createWriteStream']);
