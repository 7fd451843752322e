/**
 * require-fsync-before-rename: `rename(tmp, target)` while what was written to `tmp` (through an fd or FileHandle
 * opened on it, or a one-shot writeFile) may still be only in the page cache. Expected results follow design.md §2,
 * grouped by construct; reports point at the rename call. `recommended` reports where durability is evident (the
 * handle synced elsewhere, long-lived, flushed, `// durable`, the target's directory synced); `strict` reports every
 * case. The code of every case starts at line 1, column 1.
 *
 * A case that states the intended semantics but fails on the current analysis runs as an expected failure
 * (`it.fails`), so that a fix or a regression shows.
 */
import { describe, expect, it } from 'vitest';
import requireFsyncBeforeRename, { type Options } from './require-fsync-before-rename.js';
import { lintWithPlugin, testedRule, typedRuleTester, untypedRuleTester } from './test-setup.js';

const rule = testedRule(requireFsyncBeforeRename);

/** The `strict` config's options. The default options are `recommended`'s. */
const STRICT: Options = [{ report: 'all', optionGuardedSync: 'report' }];

const ruleTester = untypedRuleTester();

describe('styles: renameSync, fs.rename with a callback, fs/promises rename; fd and FileHandle', () => {
  ruleTester.run('require-fsync-before-rename', rule, {
    valid: [
      {
        name: 'writeSync, fsyncSync, closeSync, renameSync',
        code: `import { openSync, writeSync, fsyncSync, closeSync, renameSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  fsyncSync(fd);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
      },
      {
        name: 'fdatasyncSync counts as a sync of the data',
        code: `import { openSync, writeSync, fdatasyncSync, closeSync, renameSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  fdatasyncSync(fd);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
        options: STRICT,
      },
      {
        name: 'FileHandle: write, datasync, close in finally, then rename',
        code: `import { open, rename } from 'node:fs/promises';
export async function save(data: string) {
  const fh = await open('state.json.tmp', 'w');
  try {
    await fh.writeFile(data);
    await fh.datasync();
  } finally {
    await fh.close();
  }
  await rename('state.json.tmp', 'state.json');
}`,
        options: STRICT,
      },
      {
        name: 'callback chain: write, fsync, close, then fs.rename inside the fsync callback',
        code: `import * as fs from 'node:fs';
export function save(data: Buffer, done: (err: Error | null) => void) {
  fs.open('state.json.tmp', 'w', (err, fd) => {
    if (err) return done(err);
    fs.write(fd, data, (err) => {
      if (err) return done(err);
      fs.fsync(fd, (err) => {
        if (err) return done(err);
        fs.close(fd, () => fs.rename('state.json.tmp', 'state.json', done));
      });
    });
  });
}`,
        options: STRICT,
      },
      {
        name: 'fs.write callback, fs.fsync callback, rename inside it',
        code: `import * as fs from 'node:fs';
export function save(data: Buffer, done: (err: Error | null) => void) {
  const fd = fs.openSync('state.json.tmp', 'w');
  fs.write(fd, data, (err) => {
    if (err) return done(err);
    fs.fsync(fd, (err) => {
      if (err) return done(err);
      fs.closeSync(fd);
      fs.rename('state.json.tmp', 'state.json', done);
    });
  });
}`,
        options: STRICT,
      },
      {
        name: 'a one-shot writeFile with flush: true (promise) is synced before close',
        code: `import { writeFile, rename } from 'node:fs/promises';
export async function save(data: string) {
  await writeFile('state.json.tmp', data, { flush: true });
  await rename('state.json.tmp', 'state.json');
}`,
        options: STRICT,
      },
      {
        name: 'writeFileSync of a Buffer with flush: true',
        code: `import { writeFileSync, renameSync } from 'node:fs';
export function save(data: Buffer) {
  writeFileSync('state.json.tmp', data, { flush: true });
  renameSync('state.json.tmp', 'state.json');
}`,
        options: STRICT,
      },
      {
        name: 'a one-shot write synced through an fd reopened on the same path',
        code: `import { writeFileSync, openSync, fsyncSync, closeSync, renameSync } from 'node:fs';
export function save(data: string) {
  writeFileSync('state.json.tmp', data);
  const fd = openSync('state.json.tmp', 'r+');
  fsyncSync(fd);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
        options: STRICT,
      },
      {
        name: 'a file opened with \'as\' is written synchronously to disk',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'as');
  writeSync(fd, data);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
        options: STRICT,
      },
      {
        name: 'two FileHandles synced with await Promise.all before both renames',
        code: `import { open, rename } from 'node:fs/promises';
export async function save(a: string, b: string) {
  const fa = await open('a.tmp', 'w');
  const fb = await open('b.tmp', 'w');
  await fa.write(a);
  await fb.write(b);
  await Promise.all([fa.sync(), fb.sync()]);
  await rename('a.tmp', 'a');
  await rename('b.tmp', 'b');
}`,
        options: STRICT,
      },
      {
        name: 'recommended: writeSync, closeSync, renameSync with no sync (a short-lived fd: strict only)',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('incoming.json', 'w');
  writeSync(fd, data);
  closeSync(fd);
  renameSync('incoming.json', 'state.json');
}`,
      },
      {
        name: 'recommended: FileHandle written and closed, then renamed: the sync goes before the close',
        code: `import { open, rename } from 'node:fs/promises';
export async function save(data: string) {
  const fh = await open('incoming.json', 'w');
  await fh.writeFile(data);
  await fh.close();
  await rename('incoming.json', 'state.json');
}`,
      },
      {
        name: 'recommended: fs.rename with a completion callback',
        code: `import * as fs from 'node:fs';
export function save(data: Buffer, done: (err: Error | null) => void) {
  const fd = fs.openSync('incoming.json', 'w');
  fs.writeSync(fd, data);
  fs.closeSync(fd);
  fs.rename('incoming.json', 'state.json', done);
}`,
      },
      {
        name: 'recommended: callback chain without fs.fsync: no suggestion inside an arrow body',
        code: `import * as fs from 'node:fs';
export function save(data: Buffer, done: (err: Error | null) => void) {
  fs.open('incoming.json', 'w', (err, fd) => {
    if (err) return done(err);
    fs.write(fd, data, (err) => {
      if (err) return done(err);
      fs.close(fd, () => fs.rename('incoming.json', 'state.json', done));
    });
  });
}`,
      },
      {
        name: 'recommended: a one-shot writeFileSync(tmp) then renameSync: no handle to sync, no suggestion',
        code: `import { writeFileSync, renameSync } from 'node:fs';
export function save(data: string) {
  writeFileSync('incoming.json', data);
  renameSync('incoming.json', 'state.json');
}`,
      },
      {
        name: 'recommended: fs.writeFile callback, rename in its callback',
        code: `import * as fs from 'node:fs';
export function save(data: string, cb: (err: Error | null) => void) {
  fs.writeFile('incoming.json', data, (err) => {
    if (err) return cb(err);
    fs.rename('incoming.json', 'state.json', cb);
  });
}`,
      },
      {
        name: 'recommended: fs/promises writeFile(...).then(() => rename(...))',
        code: `import { writeFile, rename } from 'node:fs/promises';
export function save(data: string) {
  return writeFile('incoming.json', data).then(() => rename('incoming.json', 'state.json'));
}`,
      },
      {
        name: 'recommended: fs/promises appendFile then rename',
        code: `import { appendFile, rename } from 'node:fs/promises';
export async function save(line: string) {
  await appendFile('incoming.log', line);
  await rename('incoming.log', 'journal');
}`,
      },
      {
        name: 'recommended: writevSync then rename',
        code: `import { openSync, writevSync, closeSync, renameSync } from 'node:fs';
export function save(parts: Buffer[]) {
  const fd = openSync('incoming.json', 'w');
  writevSync(fd, parts);
  closeSync(fd);
  renameSync('incoming.json', 'state.json');
}`,
      },
      {
        name: 'recommended: only one of two FileHandles synced: the second rename is reported',
        code: `import { open, rename } from 'node:fs/promises';
export async function save(a: string, b: string) {
  const fa = await open('first.bin', 'w');
  const fb = await open('second.bin', 'w');
  await fa.write(a);
  await fb.write(b);
  await fa.sync();
  await rename('first.bin', 'a');
  await rename('second.bin', 'b');
}`,
      },
    ],
    invalid: [
      {
        // the fsync started shows the data is meant to be durable: recommended reports the rename that does not wait
        name: 'recommended: fs.fsync(fd, cb) has not completed when the rename after it runs',
        code: `import * as fs from 'node:fs';
export function save(data: Buffer, done: (err: Error | null) => void) {
  const fd = fs.openSync('state.json.tmp', 'w');
  fs.writeSync(fd, data);
  fs.fsync(fd, () => {});
  fs.renameSync('state.json.tmp', 'state.json');
  done(null);
}`,
        errors: [
          {
            messageId: 'renameWhileDirty',
            line: 6,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import * as fs from 'node:fs';
export function save(data: Buffer, done: (err: Error | null) => void) {
  const fd = fs.openSync('state.json.tmp', 'w');
  fs.writeSync(fd, data);
  fs.fsync(fd, () => {});
  fs.fsyncSync(fd);
  fs.renameSync('state.json.tmp', 'state.json');
  done(null);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'strict: writeSync, closeSync, renameSync with no sync (a short-lived fd: strict only)',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  fsyncSync(fd);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'strict: FileHandle written and closed, then renamed: the sync goes before the close',
        code: `import { open, rename } from 'node:fs/promises';
export async function save(data: string) {
  const fh = await open('state.json.tmp', 'w');
  await fh.writeFile(data);
  await fh.close();
  await rename('state.json.tmp', 'state.json');
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { open, rename } from 'node:fs/promises';
export async function save(data: string) {
  const fh = await open('state.json.tmp', 'w');
  await fh.writeFile(data);
  await fh.sync();
  await fh.close();
  await rename('state.json.tmp', 'state.json');
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'strict: fs.rename with a completion callback',
        code: `import * as fs from 'node:fs';
export function save(data: Buffer, done: (err: Error | null) => void) {
  const fd = fs.openSync('state.json.tmp', 'w');
  fs.writeSync(fd, data);
  fs.closeSync(fd);
  fs.rename('state.json.tmp', 'state.json', done);
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import * as fs from 'node:fs';
export function save(data: Buffer, done: (err: Error | null) => void) {
  const fd = fs.openSync('state.json.tmp', 'w');
  fs.writeSync(fd, data);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.rename('state.json.tmp', 'state.json', done);
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'strict: callback chain without fs.fsync: no suggestion inside an arrow body',
        code: `import * as fs from 'node:fs';
export function save(data: Buffer, done: (err: Error | null) => void) {
  fs.open('state.json.tmp', 'w', (err, fd) => {
    if (err) return done(err);
    fs.write(fd, data, (err) => {
      if (err) return done(err);
      fs.close(fd, () => fs.rename('state.json.tmp', 'state.json', done));
    });
  });
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 7,
          column: 26,
          suggestions: [],
        },
      ],
      },
      {
        name: 'strict: a one-shot writeFileSync(tmp) then renameSync: no handle to sync, no suggestion',
        code: `import { writeFileSync, renameSync } from 'node:fs';
export function save(data: string) {
  writeFileSync('state.json.tmp', data);
  renameSync('state.json.tmp', 'state.json');
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirtyFile',
          line: 4,
          column: 3,
          suggestions: [],
        },
      ],
      },
      {
        name: 'strict: fs.writeFile callback, rename in its callback',
        code: `import * as fs from 'node:fs';
export function save(data: string, cb: (err: Error | null) => void) {
  fs.writeFile('state.json.tmp', data, (err) => {
    if (err) return cb(err);
    fs.rename('state.json.tmp', 'state.json', cb);
  });
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirtyFile',
          line: 5,
          column: 5,
          suggestions: [],
        },
      ],
      },
      {
        name: 'strict: fs/promises writeFile(...).then(() => rename(...))',
        code: `import { writeFile, rename } from 'node:fs/promises';
export function save(data: string) {
  return writeFile('state.json.tmp', data).then(() => rename('state.json.tmp', 'state.json'));
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirtyFile',
          line: 3,
          column: 55,
          suggestions: [],
        },
      ],
      },
      {
        name: 'strict: fs/promises appendFile then rename',
        code: `import { appendFile, rename } from 'node:fs/promises';
export async function save(line: string) {
  await appendFile('journal.tmp', line);
  await rename('journal.tmp', 'journal');
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirtyFile',
          line: 4,
          column: 9,
          suggestions: [],
        },
      ],
      },
      {
        name: 'strict: writevSync then rename',
        code: `import { openSync, writevSync, closeSync, renameSync } from 'node:fs';
export function save(parts: Buffer[]) {
  const fd = openSync('state.json.tmp', 'w');
  writevSync(fd, parts);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { openSync, writevSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(parts: Buffer[]) {
  const fd = openSync('state.json.tmp', 'w');
  writevSync(fd, parts);
  fsyncSync(fd);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'strict: only one of two FileHandles synced: the second rename is reported',
        code: `import { open, rename } from 'node:fs/promises';
export async function save(a: string, b: string) {
  const fa = await open('a.tmp', 'w');
  const fb = await open('b.tmp', 'w');
  await fa.write(a);
  await fb.write(b);
  await fa.sync();
  await rename('a.tmp', 'a');
  await rename('b.tmp', 'b');
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 9,
          column: 9,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { open, rename } from 'node:fs/promises';
export async function save(a: string, b: string) {
  const fa = await open('a.tmp', 'w');
  const fb = await open('b.tmp', 'w');
  await fa.write(a);
  await fb.write(b);
  await fa.sync();
  await rename('a.tmp', 'a');
  await fb.sync();
  await rename('b.tmp', 'b');
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'strict: fs.fsync(fd, cb) has not completed when the rename after it runs',
        code: `import * as fs from 'node:fs';
export function save(data: Buffer, done: (err: Error | null) => void) {
  const fd = fs.openSync('state.json.tmp', 'w');
  fs.writeSync(fd, data);
  fs.fsync(fd, () => {});
  fs.renameSync('state.json.tmp', 'state.json');
  done(null);
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import * as fs from 'node:fs';
export function save(data: Buffer, done: (err: Error | null) => void) {
  const fd = fs.openSync('state.json.tmp', 'w');
  fs.writeSync(fd, data);
  fs.fsync(fd, () => {});
  fs.fsyncSync(fd);
  fs.renameSync('state.json.tmp', 'state.json');
  done(null);
}`,
            },
          ],
        },
      ],
      },
    ],
  });
});

describe('evidence: what makes recommended report (synced elsewhere, long-lived, flushed, // durable, directory synced)', () => {
  ruleTester.run('require-fsync-before-rename', rule, {
    valid: [

    ],
    invalid: [
      {
        name: 'the fd is synced on one branch only (synced elsewhere in the file)',
        code: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(data: Buffer, big: boolean) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  if (big) {
    fsyncSync(fd);
  }
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
        errors: [
        {
          messageId: 'renameWhileDirty',
          data: { source: '\'state.json.tmp\'', target: '\'state.json\'', dirty: 'fd', line: '4' },
          line: 9,
          column: 3,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(data: Buffer, big: boolean) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  if (big) {
    fsyncSync(fd);
  }
  fsyncSync(fd);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'a write marked // durable',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data); // durable
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
        errors: [
        {
          messageId: 'renameWhileDirty',
          data: { source: '\'state.json.tmp\'', target: '\'state.json\'', dirty: 'fd', line: '4' },
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data); // durable
  fsyncSync(fd);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'a long-lived FileHandle field',
        code: `import { open, rename, type FileHandle } from 'node:fs/promises';
export class Snapshot {
  private fh?: FileHandle;
  async begin() {
    this.fh = await open('snapshot.tmp', 'w');
  }
  async commit(data: Buffer) {
    await this.fh!.write(data);
    await rename('snapshot.tmp', 'snapshot');
  }
}`,
        errors: [
        {
          messageId: 'renameWhileDirty',
          data: { source: '\'snapshot.tmp\'', target: '\'snapshot\'', dirty: 'this.fh!', line: '8' },
          line: 9,
          column: 11,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { open, rename, type FileHandle } from 'node:fs/promises';
export class Snapshot {
  private fh?: FileHandle;
  async begin() {
    this.fh = await open('snapshot.tmp', 'w');
  }
  async commit(data: Buffer) {
    await this.fh!.write(data);
    await this.fh!.sync();
    await rename('snapshot.tmp', 'snapshot');
  }
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'a function that calls a flush-like method',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
export function save(data: Buffer, buffer: { flush(): void }) {
  buffer.flush();
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
        errors: [
        {
          messageId: 'renameWhileDirty',
          data: { source: '\'state.json.tmp\'', target: '\'state.json\'', dirty: 'fd', line: '5' },
          line: 7,
          column: 3,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(data: Buffer, buffer: { flush(): void }) {
  buffer.flush();
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  fsyncSync(fd);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'the target\'s directory is fsynced after the rename (one-shot write: no suggestion)',
        code: `import { writeFileSync, renameSync, openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
export function save(dir: string, data: string) {
  const tmp = path.join(dir, 'state.json.tmp');
  const target = path.join(dir, 'state.json');
  writeFileSync(tmp, data);
  renameSync(tmp, target);
  const dfd = openSync(dir, 'r');
  fsyncSync(dfd);
  closeSync(dfd);
}`,
        errors: [
        {
          messageId: 'renameWhileDirtyFile',
          data: { source: 'tmp', target: 'target', dirty: 'tmp', line: '6' },
          line: 7,
          column: 3,
          suggestions: [],
        },
      ],
      },
      {
        name: 'a directory-sync helper after the rename does not sync the file\'s data',
        code: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
import path from 'node:path';
function syncDirectory(dir: string) {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export function save(dir: string, data: Buffer) {
  const tmp = path.join(dir, 'state.json.tmp');
  const fd = openSync(tmp, 'w');
  writeSync(fd, data);
  closeSync(fd);
  renameSync(tmp, path.join(dir, 'state.json'));
  syncDirectory(dir);
}`,
        errors: [
        {
          messageId: 'renameWhileDirty',
          data: { source: 'tmp', target: 'path.join(dir, \'state.json\')', dirty: 'fd', line: '10' },
          line: 12,
          column: 3,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
import path from 'node:path';
function syncDirectory(dir: string) {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export function save(dir: string, data: Buffer) {
  const tmp = path.join(dir, 'state.json.tmp');
  const fd = openSync(tmp, 'w');
  writeSync(fd, data);
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, path.join(dir, 'state.json'));
  syncDirectory(dir);
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'writeFileSync with flush: true and encoding: \'utf8\' does not sync on Node 20.20 (nodejs/node#60552)',
        code: `import { writeFileSync, renameSync } from 'node:fs';
export function save(data: string) {
  writeFileSync('state.json.tmp', data, { flush: true, encoding: 'utf8' });
  renameSync('state.json.tmp', 'state.json');
}`,
        errors: [
        {
          messageId: 'renameWhileDirtyFile',
          data: { source: '\'state.json.tmp\'', target: '\'state.json\'', dirty: '\'state.json.tmp\'', line: '3' },
          line: 4,
          column: 3,
          suggestions: [],
        },
      ],
      },
      {
        name: 'an un-awaited fh.sync() is not a sync',
        code: `import { open, rename } from 'node:fs/promises';
export async function save(data: string) {
  const fh = await open('state.json.tmp', 'w');
  await fh.writeFile(data);
  fh.sync();
  await fh.close();
  await rename('state.json.tmp', 'state.json');
}`,
        errors: [
        {
          messageId: 'renameWhileDirty',
          data: { source: '\'state.json.tmp\'', target: '\'state.json\'', dirty: 'fh', line: '4' },
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { open, rename } from 'node:fs/promises';
export async function save(data: string) {
  const fh = await open('state.json.tmp', 'w');
  await fh.writeFile(data);
  fh.sync();
  await fh.sync();
  await fh.close();
  await rename('state.json.tmp', 'state.json');
}`,
            },
          ],
        },
      ],
      },
    ],
  });
});

describe('paths: try/finally, branches, loops, error paths, writes after the sync', () => {
  ruleTester.run('require-fsync-before-rename', rule, {
    valid: [
      {
        // one bug, one report: no-ignored-fsync-error reports the swallowed sync; counting it as never done would report the write again and suggest a retry
        name: 'a caught error skips the sync, and the rename runs anyway',
        code: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } catch (e) {
    console.error(e);
  }
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
      },
      {
        name: 'try { write; fsync } finally { close }, then rename',
        code: `import { openSync, writeSync, fsyncSync, closeSync, renameSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync('state.json.tmp', 'state.json');
}`,
        options: STRICT,
      },
      {
        name: 'synced on both branches (fsyncSync / fdatasyncSync)',
        code: `import { openSync, writeSync, closeSync, renameSync, fsyncSync, fdatasyncSync } from 'node:fs';
export function save(data: Buffer, full: boolean) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  if (full) fsyncSync(fd);
  else fdatasyncSync(fd);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
        options: STRICT,
      },
      {
        name: 'writes in a loop, one sync after it',
        code: `import { openSync, writeSync, fsyncSync, closeSync, renameSync } from 'node:fs';
export function save(rows: Buffer[]) {
  const fd = openSync('state.json.tmp', 'w');
  for (const row of rows) writeSync(fd, row);
  fsyncSync(fd);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
        options: STRICT,
      },
      {
        name: 'recommended: writes in a loop, no sync',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
export function save(rows: Buffer[]) {
  const fd = openSync('incoming.json', 'w');
  for (const row of rows) writeSync(fd, row);
  closeSync(fd);
  renameSync('incoming.json', 'state.json');
}`,
      },
      {
        name: 'one temp file per loop iteration, synced before its rename',
        code: `import { openSync, writeSync, fsyncSync, closeSync, renameSync } from 'node:fs';
export function saveAll(entries: [string, Buffer][]) {
  for (const [name, data] of entries) {
    const fd = openSync(\`\${name}.tmp\`, 'w');
    writeSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(\`\${name}.tmp\`, name);
  }
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'try { write } finally { close }: the sync goes inside the try, before the close',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  try {
    writeSync(fd, data); // durable
  } finally {
    closeSync(fd);
  }
  renameSync('state.json.tmp', 'state.json');
}`,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 9,
          column: 3,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  try {
    writeSync(fd, data);
    fsyncSync(fd); // durable
  } finally {
    closeSync(fd);
  }
  renameSync('state.json.tmp', 'state.json');
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'the rename inside the try, the close in finally',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  try {
    writeSync(fd, data); // durable
    renameSync('state.json.tmp', 'state.json');
  } finally {
    closeSync(fd);
  }
}`,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 6,
          column: 5,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  try {
    writeSync(fd, data); // durable
    fsyncSync(fd);
    renameSync('state.json.tmp', 'state.json');
  } finally {
    closeSync(fd);
  }
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'the commit branch renames before the sync that the other branch does',
        code: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(data: Buffer, commit: boolean) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  if (commit) {
    closeSync(fd);
    renameSync('state.json.tmp', 'state.json');
    return;
  }
  fsyncSync(fd);
  closeSync(fd);
}`,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 7,
          column: 5,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(data: Buffer, commit: boolean) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  if (commit) {
    fsyncSync(fd);
    closeSync(fd);
    renameSync('state.json.tmp', 'state.json');
    return;
  }
  fsyncSync(fd);
  closeSync(fd);
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'a write after the sync dirties the file again',
        code: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(header: Buffer, body: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, header);
  fsyncSync(fd);
  writeSync(fd, body);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 8,
          column: 3,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(header: Buffer, body: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, header);
  fsyncSync(fd);
  writeSync(fd, body);
  fsyncSync(fd);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'strict: writes in a loop, no sync',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
export function save(rows: Buffer[]) {
  const fd = openSync('state.json.tmp', 'w');
  for (const row of rows) writeSync(fd, row);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(rows: Buffer[]) {
  const fd = openSync('state.json.tmp', 'w');
  for (const row of rows) writeSync(fd, row);
  fsyncSync(fd);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'one temp file per loop iteration, renamed unsynced',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
export function saveAll(entries: [string, Buffer][]) {
  for (const [name, data] of entries) {
    const fd = openSync(\`\${name}.tmp\`, 'w');
    writeSync(fd, data); // durable
    closeSync(fd);
    renameSync(\`\${name}.tmp\`, name);
  }
}`,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 7,
          column: 5,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function saveAll(entries: [string, Buffer][]) {
  for (const [name, data] of entries) {
    const fd = openSync(\`\${name}.tmp\`, 'w');
    writeSync(fd, data); // durable
    fsyncSync(fd);
    closeSync(fd);
    renameSync(\`\${name}.tmp\`, name);
  }
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'a `${target}.tmp` const as the source',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
export function save(target: string, data: Buffer) {
  const tmp = \`\${target}.tmp\`;
  const fd = openSync(tmp, 'w');
  writeSync(fd, data); // durable
  closeSync(fd);
  renameSync(tmp, target);
}`,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 7,
          column: 3,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(target: string, data: Buffer) {
  const tmp = \`\${target}.tmp\`;
  const fd = openSync(tmp, 'w');
  writeSync(fd, data); // durable
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, target);
}`,
            },
          ],
        },
      ],
      },
    ],
  });
});

describe('helpers and option guards', () => {
  ruleTester.run('require-fsync-before-rename', rule, {
    valid: [
      {
        name: 'a helper of this file syncs the fd',
        code: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
function syncFile(fd: number) {
  fsyncSync(fd);
}
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  syncFile(fd);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
        options: STRICT,
      },
      {
        name: 'a private method syncs the fd',
        code: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export class Store {
  private tmp = 'state.json.tmp';
  save(data: Buffer) {
    const fd = openSync(this.tmp, 'w');
    writeSync(fd, data);
    this.sync(fd);
    closeSync(fd);
    renameSync(this.tmp, 'state.json');
  }
  private sync(fd: number) { fsyncSync(fd); }
}`,
        options: STRICT,
      },
      {
        name: 'recommended: a helper of this file writes through the fd',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
function writeAll(fd: number, data: Buffer) {
  writeSync(fd, data);
}
export function save(data: Buffer) {
  const fd = openSync('incoming.json', 'w');
  writeAll(fd, data);
  closeSync(fd);
  renameSync('incoming.json', 'state.json');
}`,
      },
      {
        name: 'if (opts.fsync) fsyncSync(fd): the documented trade-off',
        code: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(data: Buffer, opts: { fsync: boolean }) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  if (opts.fsync) fsyncSync(fd);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
        options: [{ report: 'all' }],
      },
      {
        name: 'if (!this.syncWrites) return; before the sync in a helper',
        code: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export class Store {
  constructor(private syncWrites: boolean) {}
  private finish(fd: number) {
    if (!this.syncWrites) return;
    fsyncSync(fd);
  }
  save(data: Buffer) {
    const fd = openSync('state.json.tmp', 'w');
    writeSync(fd, data);
    this.finish(fd);
    closeSync(fd);
    renameSync('state.json.tmp', 'state.json');
  }
}`,
        options: [{ report: 'all' }],
      },
      {
        name: 'write-file-atomic fsyncs before its own rename',
        code: `import writeFileAtomic from 'write-file-atomic';
import { renameSync } from 'node:fs';
export async function save(data: string) {
  await writeFileAtomic('state.json.tmp', data);
  renameSync('state.json.tmp', 'state.json');
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'strict: a helper of this file writes through the fd',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
function writeAll(fd: number, data: Buffer) {
  writeSync(fd, data);
}
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  writeAll(fd, data);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 9,
          column: 3,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
function writeAll(fd: number, data: Buffer) {
  writeSync(fd, data);
}
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  writeAll(fd, data);
  fsyncSync(fd);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
            },
          ],
        },
      ],
      },
    ],
  });
});

describe('import forms: ESM namespaces and defaults, CommonJS require, fs.promises', () => {
  ruleTester.run('require-fsync-before-rename', rule, {
    valid: [
      {
        name: 'recommended: CommonJS require(\'fs\')',
        code: `const fs = require('fs');
function save(data) {
  const fd = fs.openSync('incoming.json', 'w');
  fs.writeSync(fd, data);
  fs.closeSync(fd);
  fs.renameSync('incoming.json', 'state.json');
}
module.exports = { save };`,
      },
      {
        name: 'recommended: destructured require(\'node:fs\')',
        code: `const { openSync, writeSync, closeSync, renameSync } = require('node:fs');
exports.save = function save(data) {
  const fd = openSync('incoming.json', 'w');
  writeSync(fd, data);
  closeSync(fd);
  renameSync('incoming.json', 'state.json');
};`,
      },
      {
        name: 'CommonJS require with the sync',
        code: `const fs = require('fs');
function save(data) {
  const fd = fs.openSync('state.json.tmp', 'w');
  fs.writeSync(fd, data);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync('state.json.tmp', 'state.json');
}
module.exports = { save };`,
        options: STRICT,
      },
      {
        name: 'recommended: default import of node:fs/promises',
        code: `import fsp from 'node:fs/promises';
export async function save(data: string) {
  await fsp.writeFile('incoming.json', data);
  await fsp.rename('incoming.json', 'state.json');
}`,
      },
      {
        name: 'recommended: fs.promises.open and fs.promises.rename',
        code: `import * as fs from 'node:fs';
export async function save(data: string) {
  const fh = await fs.promises.open('incoming.json', 'w');
  await fh.write(data);
  await fh.close();
  await fs.promises.rename('incoming.json', 'state.json');
}`,
      },
    ],
    invalid: [
      {
        name: 'strict: CommonJS require(\'fs\')',
        code: `const fs = require('fs');
function save(data) {
  const fd = fs.openSync('state.json.tmp', 'w');
  fs.writeSync(fd, data);
  fs.closeSync(fd);
  fs.renameSync('state.json.tmp', 'state.json');
}
module.exports = { save };`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `const fs = require('fs');
function save(data) {
  const fd = fs.openSync('state.json.tmp', 'w');
  fs.writeSync(fd, data);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync('state.json.tmp', 'state.json');
}
module.exports = { save };`,
            },
          ],
        },
      ],
      },
      {
        name: 'strict: destructured require(\'node:fs\')',
        code: `const { openSync, writeSync, closeSync, renameSync } = require('node:fs');
exports.save = function save(data) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
};`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 6,
          column: 3,
          suggestions: [],
        },
      ],
      },
      {
        name: 'strict: default import of node:fs/promises',
        code: `import fsp from 'node:fs/promises';
export async function save(data: string) {
  await fsp.writeFile('state.json.tmp', data);
  await fsp.rename('state.json.tmp', 'state.json');
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirtyFile',
          line: 4,
          column: 9,
          suggestions: [],
        },
      ],
      },
      {
        name: 'strict: fs.promises.open and fs.promises.rename',
        code: `import * as fs from 'node:fs';
export async function save(data: string) {
  const fh = await fs.promises.open('state.json.tmp', 'w');
  await fh.write(data);
  await fh.close();
  await fs.promises.rename('state.json.tmp', 'state.json');
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import * as fs from 'node:fs';
export async function save(data: string) {
  const fh = await fs.promises.open('state.json.tmp', 'w');
  await fh.write(data);
  await fh.sync();
  await fh.close();
  await fs.promises.rename('state.json.tmp', 'state.json');
}`,
            },
          ],
        },
      ],
      },
    ],
  });
});

describe('near-misses: renames that publish nothing dirty', () => {
  ruleTester.run('require-fsync-before-rename', rule, {
    valid: [
      {
        name: 'renaming a file that was never written here (log rotation)',
        code: `import { renameSync } from 'node:fs';
export function rotate(log: string) {
  renameSync(log, \`\${log}.1\`);
}`,
        options: STRICT,
      },
      {
        name: 'a read-only open before renaming the file away',
        code: `import { openSync, readSync, closeSync, renameSync } from 'node:fs';
export function archive(buf: Buffer) {
  const fd = openSync('state.json', 'r');
  readSync(fd, buf);
  closeSync(fd);
  renameSync('state.json', 'state.json.bak');
}`,
        options: STRICT,
      },
      {
        name: 'the dirty file is not the one renamed',
        code: `import { openSync, writeSync, renameSync } from 'node:fs';
export function rotate(data: Buffer) {
  const fd = openSync('app.log', 'a');
  writeSync(fd, data);
  renameSync('app.log.1', 'app.log.2');
}`,
        options: STRICT,
      },
      {
        name: 'a different temp file is written and renamed',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('a.tmp', 'w');
  writeSync(fd, data); // durable
  closeSync(fd);
  renameSync('b.tmp', 'b');
}`,
        options: STRICT,
      },
      {
        name: 'recommended: module-level script (a build step): recommended stays quiet',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
const fd = openSync('out.js.tmp', 'w');
writeSync(fd, 'code');
closeSync(fd);
renameSync('out.js.tmp', 'out.js');`,
      },
    ],
    invalid: [
      {
        name: 'strict: module-level script (a build step): recommended stays quiet',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
const fd = openSync('out.js.tmp', 'w');
writeSync(fd, 'code');
closeSync(fd);
renameSync('out.js.tmp', 'out.js');`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 5,
          column: 1,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
const fd = openSync('out.js.tmp', 'w');
writeSync(fd, 'code');
fsyncSync(fd);
closeSync(fd);
renameSync('out.js.tmp', 'out.js');`,
            },
          ],
        },
      ],
      },
    ],
  });
});

describe('order: the sync must come before the rename', () => {
  ruleTester.run('require-fsync-before-rename', rule, {
    valid: [
      {
        name: 'recommended: an async arrow function',
        code: `import { open, rename } from 'node:fs/promises';
export const save = async (data: string) => {
  const fh = await open('incoming.json', 'w');
  await fh.write(data);
  await fh.close();
  await rename('incoming.json', 'state.json');
};`,
      },
    ],
    invalid: [
      {
        name: 'the fd is synced after the rename (too late)',
        code: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  renameSync('state.json.tmp', 'state.json');
  fsyncSync(fd);
  closeSync(fd);
}`,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  fsyncSync(fd);
  renameSync('state.json.tmp', 'state.json');
  fsyncSync(fd);
  closeSync(fd);
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'strict: an async arrow function',
        code: `import { open, rename } from 'node:fs/promises';
export const save = async (data: string) => {
  const fh = await open('state.json.tmp', 'w');
  await fh.write(data);
  await fh.close();
  await rename('state.json.tmp', 'state.json');
};`,
        options: STRICT,
        errors: [
        {
          messageId: 'renameWhileDirty',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `import { open, rename } from 'node:fs/promises';
export const save = async (data: string) => {
  const fh = await open('state.json.tmp', 'w');
  await fh.write(data);
  await fh.sync();
  await fh.close();
  await rename('state.json.tmp', 'state.json');
};`,
            },
          ],
        },
      ],
      },
    ],
  });
});

describe('type information (parserOptions.projectService): a FileHandle under another type name', () => {
  const typedTester = typedRuleTester();
  typedTester.run('require-fsync-before-rename', rule, {
    valid: [
      {
        name: 'typed: the Handle is synced before the close and the rename',
        code: `import { open, rename } from 'node:fs/promises';
import type { Handle } from './handle.js';
export async function save(data: string) {
  const fh: Handle = await open('state.json.tmp', 'w');
  await fh.write(data);
  await fh.sync();
  await fh.close();
  await rename('state.json.tmp', 'state.json');
}`,
        options: STRICT,
      },
      {
        name: 'typed: recommended stays quiet on a short-lived Handle',
        code: `import { open, rename } from 'node:fs/promises';
import type { Handle } from './handle.js';
export async function save(data: string) {
  const fh: Handle = await open('incoming.json', 'w');
  await fh.write(data);
  await fh.close();
  await rename('incoming.json', 'state.json');
}`,
      },
    ],
    invalid: [
      {
        name: 'typed: the Handle is written, closed and renamed unsynced',
        code: `import { open, rename } from 'node:fs/promises';
import type { Handle } from './handle.js';
export async function save(data: string) {
  const fh: Handle = await open('state.json.tmp', 'w');
  await fh.write(data);
  await fh.close();
  await rename('state.json.tmp', 'state.json');
}`,
        options: STRICT,
        errors: [
          {
            messageId: 'renameWhileDirty',
            data: { source: "'state.json.tmp'", target: "'state.json'", dirty: 'fh', line: '5' },
            line: 7,
            column: 9,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { open, rename } from 'node:fs/promises';
import type { Handle } from './handle.js';
export async function save(data: string) {
  const fh: Handle = await open('state.json.tmp', 'w');
  await fh.write(data);
  await fh.sync();
  await fh.close();
  await rename('state.json.tmp', 'state.json');
}`,
              },
            ],
          },
        ],
      },
    ],
  });
});

describe('options that are wrong are rejected with a clear message', () => {
  const code = `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('incoming.json', 'w');
  writeSync(fd, data);
  closeSync(fd);
  renameSync('incoming.json', 'state.json');
}`;
  // test-setup.ts types lintWithPlugin's rule id for the two older rules only; the plugin has this one too.
  const ruleId = 'require-fsync-before-rename' as Parameters<typeof lintWithPlugin>[0];

  it('rejects an unknown value of report', () => {
    expect(() => lintWithPlugin(ruleId, code, { options: [{ report: 'everything' }] })).toThrow(
      /durability\/require-fsync-before-rename.*Value "everything" should be equal to one of the allowed values/s,
    );
  });

  it('rejects an unknown option', () => {
    expect(() => lintWithPlugin(ruleId, code, { options: [{ reportAll: true }] })).toThrow(/Unexpected property "reportAll"/);
  });

  it('reports with the documented options, and not without them', () => {
    expect(lintWithPlugin(ruleId, code, { options: [{ report: 'all' }] }).map((m) => [m.ruleId, m.line, m.column])).toEqual([
      ['durability/require-fsync-before-rename', 6, 3],
    ]);
    expect(lintWithPlugin(ruleId, code)).toEqual([]);
  });
});

describe('cases found as gaps, now handled: helpers that write or sync by path, option- and creation-guarded helpers, dirname, the rename of a temp file', () => {
  ruleTester.run('require-fsync-before-rename', rule, {
    valid: [
      {
        name: 'a helper of this file reopens the temp file by path and fsyncs it',
        code: `import { writeFileSync, openSync, fsyncSync, closeSync, renameSync } from 'node:fs';
function fsyncPath(file: string) {
  const fd = openSync(file, 'r+');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export function save(data: string) {
  writeFileSync('state.json.tmp', data);
  fsyncPath('state.json.tmp');
  renameSync('state.json.tmp', 'state.json');
}`,
      },
      {
        name: 'if (this.syncWrites) this.syncFile(fd): an option-guarded helper call',
        code: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export class Store {
  constructor(private syncWrites: boolean) {}
  private syncFile(fd: number) { fsyncSync(fd); }
  save(data: Buffer) {
    const fd = openSync('state.json.tmp', 'w');
    writeSync(fd, data);
    if (this.syncWrites) this.syncFile(fd);
    closeSync(fd);
    renameSync('state.json.tmp', 'state.json');
  }
}`,
      },
    ],
    invalid: [
      {
        name: 'a helper of this file opens, writes and closes the temp file by path',
        code: `import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
function writeTemp(file: string, data: Buffer) {
  const fd = openSync(file, 'w');
  writeSync(fd, data);
  closeSync(fd);
}
export function save(data: Buffer) {
  writeTemp('state.json.tmp', data);
  renameSync('state.json.tmp', 'state.json');
}`,
        options: STRICT,
        errors: [{ messageId: 'renameWhileDirtyFile', line: 9, column: 3 }],
      },
    ],
  });
});

describe('option-guarded syncs: the documented trade-off in recommended, its own message in strict', () => {
  const code = `import fs from 'node:fs';
import path from 'node:path';
export class Snapshots {
  constructor(private dir: string, private options: { syncWrites: boolean }) {}
  save(data: string) {
    const tmp = path.join(this.dir, 'snap.tmp');
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, data);
    if (this.options.syncWrites) fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, path.join(this.dir, 'snap'));
  }
}`;
  ruleTester.run('require-fsync-before-rename', rule, {
    valid: [
      { name: 'recommended: the sync behind the option counts', code },
      { name: "report: 'all' alone still allows the option guard", code, options: [{ report: 'all' }] },
    ],
    invalid: [
      {
        name: 'strict: the rename on the path where the option is off',
        code,
        options: STRICT,
        errors: [
          {
            messageId: 'renameWhileDirtyOptionGuarded',
            line: 11,
            column: 5,
            data: { source: 'tmp', target: "path.join(this.dir, 'snap')", dirty: 'fd', line: '8' },
            suggestions: [{ messageId: 'insertSync', output: code.replace('    fs.closeSync(fd);', '    fs.fsyncSync(fd);\n    fs.closeSync(fd);') }],
          },
        ],
      },
    ],
  });
});

describe('former known gaps, now handled', () => {
  ruleTester.run('require-fsync-before-rename', rule, {
    valid: [],
    invalid: [
      {
        name: 'a FileHandle received in a .then() callback of open()',
        code: `import { open, rename } from 'node:fs/promises';
export function save(data: string) {
  return open('state.json.tmp', 'w').then(async (fh) => {
    await fh.write(data);
    await fh.close();
    await rename('state.json.tmp', 'state.json');
  });
}`,
        options: STRICT,
        errors: [
          {
            messageId: 'renameWhileDirty',
            line: 6,
            column: 11,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { open, rename } from 'node:fs/promises';
export function save(data: string) {
  return open('state.json.tmp', 'w').then(async (fh) => {
    await fh.write(data);
    await fh.sync();
    await fh.close();
    await rename('state.json.tmp', 'state.json');
  });
}`,
              },
            ],
          },
        ],
      },
    ],
  });
});

describe('the atomic-replace idiom (a temp file renamed over its target) is evidence of intent in recommended', () => {
  ruleTester.run('require-fsync-before-rename', rule, {
    valid: [
      {
        name: 'recommended: a cache replaced atomically can be rebuilt',
        code: `import { writeFileSync, renameSync } from 'node:fs';
export function saveCache(cacheFile: string, data: string) {
  const tmp = cacheFile + '.tmp';
  writeFileSync(tmp, data);
  renameSync(tmp, cacheFile);
}`,
      },
      {
        name: 'recommended: a module that exports nothing is a script',
        code: `import { writeFileSync, renameSync } from 'node:fs';
function publish(file: string, data: string) {
  writeFileSync(file + '.tmp', data);
  renameSync(file + '.tmp', file);
}
publish('out.json', '{}');`,
      },
      {
        name: 'recommended: a rename between names that are not a temp and its target',
        code: `import { writeFileSync, renameSync } from 'node:fs';
export function hand(data: string) {
  writeFileSync('incoming/job.json', data);
  renameSync('incoming/job.json', 'queue/job.json');
}`,
      },
    ],
    invalid: [
      {
        name: 'a temp written by path, renamed over the target, nothing synced',
        code: `import { writeFileSync, renameSync } from 'node:fs';
export function save(file: string, data: string) {
  const tmp = file + '.tmp';
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}`,
        errors: [{ messageId: 'renameWhileDirtyFile', line: 5, column: 3, suggestions: [] }],
      },
      {
        name: 'the temp named after the target (no tmp in its name), through fs/promises',
        code: `import { writeFile, rename } from 'node:fs/promises';
export class Store {
  constructor(private file: string) {}
  async save(data: string) {
    await writeFile(\`\${this.file}.next\`, data);
    await rename(\`\${this.file}.next\`, this.file);
  }
}`,
        errors: [{ messageId: 'renameWhileDirtyFile', line: 6, column: 11, suggestions: [] }],
      },
      {
        name: 'an fd written and closed unsynced, renamed over the target',
        code: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
        errors: [
          {
            messageId: 'renameWhileDirty',
            line: 6,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, closeSync, renameSync, fsyncSync } from 'node:fs';
export function save(data: Buffer) {
  const fd = openSync('state.json.tmp', 'w');
  writeSync(fd, data);
  fsyncSync(fd);
  closeSync(fd);
  renameSync('state.json.tmp', 'state.json');
}`,
              },
            ],
          },
        ],
      },
    ],
  });
});

describe('a helper of this file that renames the names it is given: the rename happens at its call, for the caller\'s files', () => {
  ruleTester.run('require-fsync-before-rename', rule, {
    valid: [
      {
        name: 'the helper fsyncs the temp before it renames it (strict)',
        code: `const fs = require('fs');
function replaceWith(source, dest) {
  const fd = fs.openSync(source, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(source, dest);
}
function save(file, value) {
  const temp = file + '.tmp';
  fs.writeFileSync(temp, value);
  replaceWith(temp, file);
}
module.exports = { save };`,
        options: STRICT,
      },
      {
        name: 'the caller syncs the temp before it calls the renaming helper (strict)',
        code: `const fs = require('fs');
function moveInto(source, dest) {
  fs.renameSync(source, dest);
}
function save(file, value) {
  const temp = file + '.tmp';
  const fd = fs.openSync(temp, 'w');
  fs.writeSync(fd, value);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  moveInto(temp, file);
}
module.exports = { save };`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'a module function renames the temp the caller wrote by path (strict)',
        code: `const fs = require('fs');
function moveInto(source, dest) {
  fs.renameSync(source, dest);
}
function save(file, value) {
  const temp = file + '.tmp';
  fs.writeFileSync(temp, value);
  moveInto(temp, file);
}
module.exports = { save };`,
        options: STRICT,
        errors: [{ messageId: 'renameWhileDirtyFile', line: 8, column: 3 }],
      },
      {
        name: 'a class method called through this renames the temp (strict)',
        code: `import { renameSync, writeFileSync } from 'node:fs';
export class Store {
  private moveInto(source: string, dest: string): void {
    renameSync(source, dest);
  }
  save(file: string, value: string): void {
    const temp = file + '.tmp';
    writeFileSync(temp, value);
    this.moveInto(temp, file);
  }
}`,
        options: STRICT,
        errors: [{ messageId: 'renameWhileDirtyFile', line: 9, column: 5 }],
      },
      {
        name: 'a method of an object literal called through `self` renames in its callback, after a retry (strict)',
        code: `const fs = require('fs');
module.exports = {
  moveInto: function (source, dest, done) {
    fs.rename(source, dest, function (err) {
      if (!err) return done();
      fs.rename(source, dest, done);
    });
  },
  put: function (file, value, callback) {
    var self = this;
    var temp = file + '.tmp';
    fs.writeFile(temp, value, function (err) {
      if (err) return callback(err);
      self.moveInto(temp, file, function (err) {
        callback(err || null);
      });
    });
  },
};`,
        options: STRICT,
        errors: [{ messageId: 'renameWhileDirtyFile', line: 14, column: 7 }],
      },
    ],
  });
});

describe('a temp path written out twice names one file while the bindings it reads stay the same', () => {
  ruleTester.run('require-fsync-before-rename', rule, {
    valid: [
      {
        name: 'the binding is reassigned between the write and the rename: another file (strict)',
        code: `const fs = require('fs');
function save(target, data, fallback) {
  let base = target;
  fs.writeFileSync(base + '.next', data);
  base = fallback;
  fs.renameSync(base + '.next', target);
}
module.exports = { save };`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'the same expression over an unchanged parameter: one file (strict)',
        code: `const fs = require('fs');
function save(target, data) {
  fs.writeFileSync(target + '.next', data);
  fs.renameSync(target + '.next', target);
}
module.exports = { save };`,
        options: STRICT,
        errors: [{ messageId: 'renameWhileDirtyFile', line: 4, column: 3 }],
      },
    ],
  });
});
