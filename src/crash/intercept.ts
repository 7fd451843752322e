/**
 * Puts a ModelFs behind the real `node:fs` and `node:fs/promises` without touching the engine's source: the builtin
 * module objects get wrapped members and `syncBuiltinESMExports()` makes ESM named imports see them. Only paths under
 * SIM_ROOT and fds the model allocated go to the model; everything else (vitest, tsx) reaches the real fs.
 * Promise operations complete on a later turn of the event loop, as Node's thread pool does, so an un-awaited
 * `fh.sync()` has not happened when the code goes on.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { Buffer } from 'node:buffer';
import { ModelFs } from './model-fs.js';

type AnyFunction = (...args: unknown[]) => unknown;

function toBuffer(data: unknown, encoding?: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(String(data), (typeof encoding === 'string' ? encoding : 'utf8') as BufferEncoding);
}

function later<T>(work: () => T): Promise<T> {
  return new Promise((resolve, reject) => {
    setImmediate(() => {
      try {
        resolve(work());
      } catch (error) {
        reject(error);
      }
    });
  });
}

/**
 * An fsync whose promise nobody awaits may still be running in the thread pool when the process goes on, and when
 * it crashes: the model lets it complete only once someone waits for it (then/catch/finally), never before.
 */
function lazySync(work: () => void): PromiseLike<void> & { catch(onRejected: (e: unknown) => unknown): Promise<unknown> } {
  let started: Promise<void> | undefined;
  const start = () => (started ??= later(work));
  return {
    then: (onFulfilled, onRejected) => start().then(onFulfilled, onRejected),
    catch: (onRejected) => start().catch(onRejected),
  };
}

function statOf(size: number, isDirectory: boolean) {
  return { size, isFile: () => !isDirectory, isDirectory: () => isDirectory, mtimeMs: 0 };
}

/** writeSync(fd, buffer, offset?, length?, position?) and writeSync(fd, string, position?, encoding?) */
function writeArgs(args: unknown[]): { bytes: Buffer; position: number | null } {
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

class ModelFileHandle {
  constructor(
    private readonly model: ModelFs,
    readonly fd: number,
  ) {}
  write(data: unknown, a?: unknown, b?: unknown, c?: unknown) {
    const { bytes, position } = writeArgs([this.fd, data, a, b, c]);
    // The bytes are handed to the kernel before the promise settles; completion is reported later.
    const written = this.model.write(this.fd, bytes, position);
    return later(() => ({ bytesWritten: written, buffer: data }));
  }
  read(target: Buffer, offset = 0, length = target.length, position: number | null = null) {
    return later(() => ({ bytesRead: this.model.read(this.fd, target, offset, length, position), buffer: target }));
  }
  readFile() {
    return later(() => {
      const size = this.model.size(this.fd);
      const out = Buffer.alloc(size);
      this.model.read(this.fd, out, 0, size, 0);
      return out;
    });
  }
  sync() {
    return lazySync(() => this.model.fsync(this.fd));
  }
  datasync() {
    return lazySync(() => this.model.fsync(this.fd));
  }
  truncate(length = 0) {
    return later(() => this.model.ftruncate(this.fd, length));
  }
  stat() {
    return later(() => statOf(this.model.size(this.fd), false));
  }
  close() {
    return later(() => this.model.close(this.fd));
  }
}

type Callback = (error: Error | null, value?: unknown) => void;

export function installModel(model: ModelFs): () => void {
  let installed = true;
  const onLaterTurn = (work: () => unknown, cb: unknown): void => {
    setImmediate(() => {
      if (!installed) return;
      let value: unknown;
      try {
        value = work();
      } catch (error) {
        (cb as Callback)(error as Error);
        return;
      }
      (cb as Callback)(null, value);
    });
  };
  const originals = new Map<string, AnyFunction>();
  const originalPromises = new Map<string, AnyFunction>();
  const owns = ModelFs.owns;

  const wrap = (name: string, impl: (...args: unknown[]) => unknown): void => {
    const original = (fs as unknown as Record<string, AnyFunction>)[name] as AnyFunction;
    originals.set(name, original);
    (fs as unknown as Record<string, AnyFunction>)[name] = function (this: unknown, ...args: unknown[]) {
      return owns(args[0]) ? impl(...args) : original.apply(this, args);
    };
  };
  const wrapPromise = (name: string, impl: (...args: unknown[]) => Promise<unknown>): void => {
    const original = (fsp as unknown as Record<string, AnyFunction>)[name] as AnyFunction;
    originalPromises.set(name, original);
    (fsp as unknown as Record<string, AnyFunction>)[name] = function (this: unknown, ...args: unknown[]) {
      return owns(args[0]) ? impl(...args) : original.apply(this, args);
    };
  };
  const unsupported = (name: string) => () => {
    throw new Error(`crash-sim: fs.${name} is not modelled`);
  };

  wrap('openSync', (p, flags) => model.open(p as string, (flags as string | number | undefined) ?? 'r'));
  wrap('closeSync', (fd) => model.close(fd as number));
  wrap('writeSync', (...args) => {
    const { bytes, position } = writeArgs(args);
    return model.write(args[0] as number, bytes, position);
  });
  wrap('readSync', (fd, target, a, b, c) => {
    const buffer = target as Buffer;
    if (a !== null && typeof a === 'object') {
      const o = a as { offset?: number; length?: number; position?: number | null };
      return model.read(fd as number, buffer, o.offset ?? 0, o.length ?? buffer.length, o.position ?? null);
    }
    return model.read(fd as number, buffer, (a as number) ?? 0, (b as number) ?? buffer.length, (c as number | null) ?? null);
  });
  wrap('fsyncSync', (fd) => model.fsync(fd as number));
  wrap('fdatasyncSync', (fd) => model.fsync(fd as number));
  wrap('ftruncateSync', (fd, length) => model.ftruncate(fd as number, (length as number) ?? 0));
  wrap('truncateSync', (p, length) => model.truncate(p as string, (length as number) ?? 0));
  wrap('fstatSync', (fd) => statOf(model.size(fd as number), false));
  wrap('statSync', (p) => (model.dirs.has(p as string) ? statOf(0, true) : statOf(model.sizeOf(p as string), false)));
  wrap('existsSync', (p) => model.exists(p as string));
  wrap('readdirSync', (p) => model.readdir(p as string));
  wrap('mkdirSync', (p, options) => model.mkdir(p as string, Boolean((options as { recursive?: boolean } | undefined)?.recursive)));
  wrap('renameSync', (from, to) => model.rename(from as string, to as string));
  wrap('unlinkSync', (p) => model.unlink(p as string));
  wrap('rmSync', (p, options) => {
    if (!model.exists(p as string)) {
      if ((options as { force?: boolean } | undefined)?.force) return;
    }
    model.unlink(p as string);
  });
  wrap('readFileSync', (p, options) => {
    const fd = model.open(p as string, 'r');
    try {
      const out = Buffer.alloc(model.size(fd));
      model.read(fd, out, 0, out.length, 0);
      const encoding = typeof options === 'string' ? options : (options as { encoding?: string } | undefined)?.encoding;
      return encoding ? out.toString(encoding as BufferEncoding) : out;
    } finally {
      model.close(fd);
    }
  });
  const oneShot = (flags: string) => (p: unknown, data: unknown, options: unknown) => {
    const opts = (typeof options === 'string' ? { encoding: options } : (options ?? {})) as { encoding?: string; flush?: boolean };
    const fd = model.open(p as string, flags);
    try {
      model.write(fd, toBuffer(data, opts.encoding), null);
      // Node 20.20.2 skips `flush` for string data with encoding 'utf8' (nodejs/node#60552)
      const skipped = typeof data === 'string' && /^utf-?8$/i.test(opts.encoding ?? '');
      if (opts.flush && !skipped) model.fsync(fd);
    } finally {
      model.close(fd);
    }
  };
  wrap('writeFileSync', oneShot('w'));
  wrap('appendFileSync', oneShot('a'));
  // The callback API on model fds: the call runs on a later turn (Node's thread pool), then its callback. A callback
  // still queued when the run ends never runs: the process is gone.
  wrap('fsync', (fd, cb) => onLaterTurn(() => model.fsync(fd as number), cb));
  wrap('fdatasync', (fd, cb) => onLaterTurn(() => model.fsync(fd as number), cb));
  // fs.createWriteStream: Node's own WriteStream (queueing, 'open', write callbacks, 'finish', `flush: true`'s fsync
  // before 'close'), with its `fs` option pointed at the model, each call on a later turn as above.
  const streamFs = {
    open: (p: string, flags: string | number, _mode: unknown, cb: Callback) => onLaterTurn(() => model.open(p, flags ?? 'w'), cb),
    write: (fd: number, buffer: Buffer, offset: number, length: number, position: number | null, cb: Callback) =>
      onLaterTurn(() => model.write(fd, buffer.subarray(offset, offset + length), position), cb),
    fsync: (fd: number, cb: Callback) => onLaterTurn(() => model.fsync(fd), cb),
    close: (fd: number, cb: Callback) => onLaterTurn(() => model.close(fd), cb),
  };
  wrap('createWriteStream', (p, options) => {
    const opts = typeof options === 'string' ? { encoding: options } : { ...(options as object | undefined) };
    if ('fs' in opts) throw new Error('crash-sim: createWriteStream with an `fs` option is not modelled');
    return (originals.get('createWriteStream') as AnyFunction).call(fs, p, { ...opts, fs: streamFs });
  });
  for (const name of ['open', 'write', 'close', 'writeFile', 'appendFile', 'rename', 'unlink']) {
    wrap(name, unsupported(name));
  }

  wrapPromise('open', (p, flags) => later(() => new ModelFileHandle(model, model.open(p as string, (flags as string) ?? 'r'))));
  wrapPromise('readdir', (p) => later(() => model.readdir(p as string)));
  wrapPromise('mkdir', (p, options) => later(() => model.mkdir(p as string, Boolean((options as { recursive?: boolean } | undefined)?.recursive))));
  wrapPromise('rename', (from, to) => {
    model.rename(from as string, to as string);
    return later(() => undefined);
  });
  wrapPromise('unlink', (p) => {
    model.unlink(p as string);
    return later(() => undefined);
  });
  wrapPromise('rm', (p, options) => {
    if (!model.exists(p as string) && (options as { force?: boolean } | undefined)?.force) return later(() => undefined);
    model.unlink(p as string);
    return later(() => undefined);
  });
  wrapPromise('stat', (p) => later(() => (model.dirs.has(p as string) ? statOf(0, true) : statOf(model.sizeOf(p as string), false))));
  wrapPromise('readFile', (p, options) =>
    later(() => (fs.readFileSync as unknown as AnyFunction)(p, options)),
  );
  wrapPromise('writeFile', (p, data, options) => {
    oneShot('w')(p, data, typeof data === 'string' ? { ...(options as object), encoding: undefined } : options);
    return later(() => undefined);
  });
  wrapPromise('truncate', (p, length) => later(() => model.truncate(p as string, (length as number) ?? 0)));
  syncBuiltinESMExports();

  return () => {
    installed = false;
    for (const [name, original] of originals) (fs as unknown as Record<string, AnyFunction>)[name] = original;
    for (const [name, original] of originalPromises) (fsp as unknown as Record<string, AnyFunction>)[name] = original;
    syncBuiltinESMExports();
  };
}

/** Runs `work` with `model` behind node:fs, restoring the real fs afterwards. */
export async function withModel<T>(model: ModelFs, work: () => Promise<T>): Promise<T> {
  const restore = installModel(model);
  try {
    return await work();
  } finally {
    restore();
  }
}
