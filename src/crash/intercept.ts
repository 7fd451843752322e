/**
 * Puts a ModelFs behind the real `node:fs` and `node:fs/promises` without touching the code under test: every function
 * member of the builtin module objects is wrapped (so a copy taken while installed, `const { existsSync } = require('fs')`
 * or graceful-fs's clone, sees the model) and `syncBuiltinESMExports()` makes ESM named imports see them. A call on a
 * path under the model's root or an fd it allocated goes to the model, in the sync, callback or promise style (all three
 * from fs-calls.ts's table); one that is not modelled throws. Other paths reach the real fs, except that with
 * `guardOutside` a call that would change the real disk throws instead. Promise operations complete on a later turn,
 * as Node's thread pool does, so an un-awaited `fh.sync()` has not happened when the code goes on.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { promisify } from 'node:util';
import { Buffer } from 'node:buffer';
import type { ModelFs } from './model-fs.js';
import { mutates, notModelled, oneShot, readAll, statsOf, syncCalls, toBuffer, writeArgs } from './fs-calls.js';

type AnyFunction = (...args: unknown[]) => unknown;
type Callback = (error: Error | null, ...values: unknown[]) => void;

export interface InstallOptions {
  /** A call on a path outside the model's root that would change the real disk throws (see mutates()). */
  guardOutside?: boolean;
  /** Told of every call that reached the model (the tool warns when a workload's writes never did). */
  onCall?: (name: string) => void;
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
function lazySync(work: () => void): PromiseLike<void> & { catch(onRejected: (e: unknown) => unknown): Promise<unknown>; finally(f: () => void): Promise<unknown> } {
  let started: Promise<void> | undefined;
  const start = () => (started ??= later(work));
  return {
    then: (onFulfilled, onRejected) => start().then(onFulfilled, onRejected),
    catch: (onRejected) => start().catch(onRejected),
    finally: (onFinally) => start().finally(onFinally),
  };
}

export class ModelFileHandle {
  constructor(
    private readonly model: ModelFs,
    readonly fd: number,
  ) {
    // a method this class lacks is a call the model does not know: fail loudly, never reach the disk
    return new Proxy(this, {
      get(target, key, receiver) {
        if (key in target || typeof key === 'symbol' || key === 'then' || key === 'toJSON') return Reflect.get(target, key, receiver);
        throw notModelled(`FileHandle.${key}`);
      },
    });
  }
  write(data: unknown, a?: unknown, b?: unknown, c?: unknown) {
    const { bytes, position } = writeArgs([this.fd, data, a, b, c]);
    // The bytes are handed to the kernel before the promise settles; completion is reported later.
    const written = this.model.write(this.fd, bytes, position);
    return later(() => ({ bytesWritten: written, buffer: data }));
  }
  writev(buffers: Uint8Array[], position?: number | null) {
    const written = this.model.write(this.fd, Buffer.concat(buffers.map((b) => toBuffer(b))), position ?? null);
    return later(() => ({ bytesWritten: written, buffers }));
  }
  read(target: Buffer, offset = 0, length = target.length, position: number | null = null) {
    return later(() => ({ bytesRead: this.model.read(this.fd, target, offset, length, position), buffer: target }));
  }
  readFile(options?: unknown) {
    const encoding = typeof options === 'string' ? options : (options as { encoding?: string } | undefined)?.encoding;
    return later(() => (encoding ? readAll(this.model, this.fd).toString(encoding as BufferEncoding) : readAll(this.model, this.fd)));
  }
  writeFile(data: unknown, options?: unknown) {
    oneShot(this.model, 'w', false)(this.fd, data, options);
    return later(() => undefined);
  }
  appendFile(data: unknown, options?: unknown) {
    return this.writeFile(data, options);
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
    return later(() => statsOf(this.model.fstat(this.fd)));
  }
  chmod(mode: number) {
    return later(() => this.model.setMetadata(this.model.pathOf(this.fd), { mode }));
  }
  chown(uid: number, gid: number) {
    return later(() => this.model.setMetadata(this.model.pathOf(this.fd), { uid, gid }));
  }
  utimes() {
    return later(() => undefined);
  }
  close() {
    return later(() => this.model.close(this.fd));
  }
  [Symbol.asyncDispose]() {
    return this.close();
  }
}

/** Which arguments of a call name a file (a path or an fd). */
function targets(name: string, args: unknown[]): unknown[] {
  const base = name.replace(/Sync$/, '');
  if (base === 'rename' || base === 'copyFile' || base === 'link' || base === 'cp') return [args[0], args[1]];
  if (base === 'symlink') return [args[1]];
  return [args[0]];
}

/** fs.promises calls that act before their promise settles (the model's operation is issued at the call). */
const ISSUED_AT_CALL = new Set(['rename', 'unlink', 'rm', 'writeFile', 'appendFile']);

export function installModel(model: ModelFs, options: InstallOptions = {}): () => void {
  let installed = true;
  const owns = (target: unknown) => target instanceof ModelFileHandle || model.owns(target);
  const calls = syncCalls(model);
  /** The callback API: the call runs on a later turn (Node's thread pool), then its callback; a callback still queued when the run ends never runs. */
  const onLaterTurn = (work: () => unknown, cb: Callback, spread: (value: unknown) => unknown[] = (value) => [value]): void => {
    setImmediate(() => {
      if (!installed) return;
      let value: unknown;
      try {
        value = work();
      } catch (error) {
        cb(error as Error);
        return;
      }
      cb(null, ...spread(value));
    });
  };
  const callbackStyle = (name: string): AnyFunction | undefined => {
    const sync = calls[`${name}Sync`];
    if (name === 'exists') return (p, cb) => setImmediate(() => installed && (cb as (exists: boolean) => void)(model.exists(p as string)));
    if (!sync) return undefined;
    return (...args: unknown[]) => {
      const cb = args.pop();
      if (typeof cb !== 'function') throw new TypeError(`durability-crash: fs.${name} needs a callback`);
      // write and read call back with (error, bytes, buffer), writev with (error, bytes, buffers)
      const spread = name === 'write' || name === 'read' || name === 'writev' ? (n: unknown) => [n, args[1]] : undefined;
      onLaterTurn(() => sync(...args), cb as Callback, spread);
    };
  };
  const promiseStyle = (name: string): AnyFunction | undefined => {
    if (name === 'open') return (p, flags) => later(() => new ModelFileHandle(model, model.open(p as string, (flags as string | number | undefined) ?? 'r')));
    if (name === 'writeFile' || name === 'appendFile')
      return (target, data, opts) => {
        if (target instanceof ModelFileHandle) return target.writeFile(data, opts);
        oneShot(model, name === 'writeFile' ? 'w' : 'a', false)(target, data, opts);
        return later(() => undefined);
      };
    if (name === 'readFile') return (target, opts) => (target instanceof ModelFileHandle ? target.readFile(opts) : later(() => calls.readFileSync!(target, opts)));
    const sync = calls[`${name}Sync`];
    if (!sync) return undefined;
    if (ISSUED_AT_CALL.has(name))
      return (...args: unknown[]) => {
        sync(...args);
        return later(() => undefined);
      };
    return (...args: unknown[]) => later(() => sync(...args));
  };

  // fs.createWriteStream / createReadStream: Node's own streams (queueing, write callbacks, 'finish', `flush: true`'s
  // fsync before 'close') with their `fs` option pointed at the model, each call on a later turn as above. No writev:
  // each queued chunk is its own write (more crash points than Node's batching, never fewer).
  const streamFs = {
    open: (p: string, flags: string | number, _mode: unknown, cb: Callback) => onLaterTurn(() => model.open(p, flags ?? 'w'), cb),
    write: (fd: number, buffer: Buffer, offset: number, length: number, position: number | null, cb: Callback) =>
      onLaterTurn(() => model.write(fd, buffer.subarray(offset, offset + length), position), cb),
    read: (fd: number, buffer: Buffer, offset: number, length: number, position: number | null, cb: Callback) =>
      onLaterTurn(() => model.read(fd, buffer, offset, length, position), cb, (n) => [n, buffer]),
    fsync: (fd: number, cb: Callback) => onLaterTurn(() => model.fsync(fd), cb),
    close: (fd: number, cb: Callback) => onLaterTurn(() => model.close(fd), cb),
  };
  const stream = (original: AnyFunction) => (p: unknown, streamOptions: unknown) => {
    const opts = typeof streamOptions === 'string' ? { encoding: streamOptions } : { ...(streamOptions as object | undefined) };
    if ('fs' in opts) throw notModelled('a stream with an `fs` option');
    return original.call(fs, p, { ...opts, fs: streamFs });
  };

  const restores: (() => void)[] = [];
  const wrapMember = (host: Record<string, unknown>, name: string, modelled: AnyFunction | undefined, label: string): void => {
    const original = host[name] as AnyFunction;
    const wrapper = function (this: unknown, ...args: unknown[]) {
      if (!installed) return original.apply(this, args);
      if (targets(name, args).some(owns)) {
        if (!modelled) throw notModelled(label);
        options.onCall?.(label);
        return modelled.apply(this, args);
      }
      if (options.guardOutside && mutates(name, args))
        throw new Error(`durability-crash: ${label} on ${String(targets(name, args)[0])}, outside the throw-away directory ${model.root}: a workload keeps its files under \`dir\``);
      return original.apply(this, args);
    };
    // realpath.native, fs.read's promisify arguments: what the original carries, the copy carries
    for (const key of Reflect.ownKeys(original)) {
      if (key in wrapper && key !== 'native') continue;
      // promisify(fs.exists) must not reach the original: its custom form is the wrapper's
      if (key === promisify.custom) Object.defineProperty(wrapper, key, { value: (p: unknown) => new Promise((resolve) => wrapper(p, resolve)), configurable: true });
      else Object.defineProperty(wrapper, key, Object.getOwnPropertyDescriptor(original, key) as PropertyDescriptor);
    }
    host[name] = wrapper;
    restores.push(() => (host[name] = original));
  };

  const fsHost = fs as unknown as Record<string, unknown>;
  for (const name of Object.keys(fsHost)) {
    const member = fsHost[name];
    if (typeof member !== 'function' || /^[A-Z_]/.test(name) || name === 'promises') continue;
    const modelled =
      name === 'createWriteStream' || name === 'createReadStream' ? stream(member as AnyFunction) : name.endsWith('Sync') ? calls[name] : callbackStyle(name);
    wrapMember(fsHost, name, modelled, `fs.${name}`);
    const native = (member as unknown as { native?: AnyFunction }).native;
    if (typeof native === 'function') wrapMember(fsHost[name] as unknown as Record<string, unknown>, 'native', modelled, `fs.${name}.native`);
  }
  const fspHost = fsp as unknown as Record<string, unknown>;
  for (const name of Object.keys(fspHost)) {
    if (typeof fspHost[name] !== 'function' || name === 'constants') continue;
    wrapMember(fspHost, name, promiseStyle(name), `fs.promises.${name}`);
  }
  syncBuiltinESMExports();

  return () => {
    installed = false;
    for (const restore of restores.reverse()) restore();
    syncBuiltinESMExports();
  };
}

/** Runs `work` with `model` behind node:fs, restoring the real fs afterwards. */
export async function withModel<T>(model: ModelFs, work: () => Promise<T>, options?: InstallOptions): Promise<T> {
  const restore = installModel(model, options);
  try {
    return await work();
  } finally {
    restore();
  }
}
