/**
 * Writes, renames, opens and syncs that do not spell `fs.`: fs drop-in modules and their own members (fs-extra,
 * mz/fs, bfile, a project's re-export of fs-extra), library objects (steno's `Writer`, random-access files), fs-like
 * objects passed in (an `fs` parameter or field, a context typed with fs's members), promisified fs functions,
 * `fs.WriteStream()` without `new`, and the user's write and rename helpers named in the settings. Each group shows
 * the hit next to the near-miss. The code of every case starts at line 1, column 1.
 */
import { describe, expect, it } from 'vitest';
import noFlushWithoutFsync, { type Options as FlushOptions } from './no-flush-without-fsync.js';
import noIgnoredFsyncError from './no-ignored-fsync-error.js';
import requireDirFsync, { type Options as DirOptions } from './require-dir-fsync.js';
import requireFsyncBeforeRename, { type Options as RenameOptions } from './require-fsync-before-rename.js';
import { lintWithPlugin, testedRule, untypedRuleTester } from './test-setup.js';

const flush = testedRule(noFlushWithoutFsync);
const ignored = testedRule(noIgnoredFsyncError);
const dir = testedRule(requireDirFsync);
const rename = testedRule(requireFsyncBeforeRename);
const FLUSH_STRICT: FlushOptions = [{ report: 'all', optionGuardedSync: 'report' }];
const DIR_STRICT: DirOptions = [{ report: 'all' }];
const RENAME_STRICT: RenameOptions = [{ report: 'all', optionGuardedSync: 'report' }];

const ruleTester = untypedRuleTester();

describe('fs-extra: its own members write, rename and create by path; its fs members answer by promise', () => {
  ruleTester.run('no-flush-without-fsync', flush, {
    valid: [
      {
        name: 'fs-extra fsync awaited without a callback is a sync (its callback forms return a promise)',
        code: `import fse from 'fs-extra';
export async function save(p: string, data: Buffer) {
  const fd = await fse.open(p, 'r+');
  await fse.write(fd, data);
  await fse.fsync(fd);
  await fse.close(fd);
}`,
        options: FLUSH_STRICT,
      },
    ],
    invalid: [
      {
        name: 'outputFile of a document, then the save resolves',
        code: `import fse from 'fs-extra';
export async function saveDocument(p: string, text: string) {
  await fse.outputFile(p, text, 'utf8');
}`,
        options: FLUSH_STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 9 }],
      },
      {
        name: 'writeJsonSync through a require of fs-extra',
        code: `const fse = require('fs-extra');
function persist(p, state) {
  fse.writeJsonSync(p, state);
  return true;
}
module.exports = { persist };`,
        options: FLUSH_STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 3 }],
      },
      {
        name: "a project's re-export of fs-extra is fs-extra",
        code: `import fs = require('@acme/core/shared/fs-extra');
export async function keep(p: string, state: object) {
  await fs.outputJson(p, state);
}`,
        options: FLUSH_STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 9 }],
      },
      {
        name: 'copy writes its destination',
        code: `import fse from 'fs-extra';
export async function backup(from: string, to: string) {
  await fse.copy(from, to);
  return to;
}`,
        options: FLUSH_STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 9 }],
      },
    ],
  });

  ruleTester.run('require-fsync-before-rename', rename, {
    valid: [
      {
        name: 'move of a temp file that was written and fsynced',
        code: `import fse from 'fs-extra';
export async function publish(target: string, data: Buffer) {
  const tmp = target + '.tmp';
  const fd = await fse.open(tmp, 'w');
  await fse.write(fd, data);
  await fse.fsync(fd);
  await fse.close(fd);
  await fse.move(tmp, target, { overwrite: true });
}`,
      },
    ],
    invalid: [
      {
        name: 'move of a temp file written by outputFile and never synced',
        code: `import fse from 'fs-extra';
export async function publish(target: string, data: string) {
  const tmp = target + '.tmp';
  await fse.outputFile(tmp, data);
  await fse.move(tmp, target, { overwrite: true });
}`,
        options: RENAME_STRICT,
        errors: [{ messageId: 'renameWhileDirtyFile', line: 5, column: 9 }],
      },
    ],
  });

  ruleTester.run('require-dir-fsync', dir, {
    valid: [],
    invalid: [
      {
        name: 'ensureFile creates the file: its directory entry is new',
        code: `import fse from 'fs-extra';
import path from 'node:path';
export async function touch(dir: string) {
  await fse.ensureFile(path.join(dir, 'LOCK'));
  return true;
}`,
        options: DIR_STRICT,
        errors: [{ messageId: 'unsyncedEntry', line: 4, column: 9 }],
      },
    ],
  });
});

describe('promise drop-ins with fs names (bfile, mz/fs)', () => {
  ruleTester.run('no-flush-without-fsync', flush, {
    valid: [
      {
        name: 'bfile: positional writes, then an awaited fsync',
        code: `const fs = require('bfile');
async function writeBlock(file, data, pos) {
  const fd = await fs.open(file, 'r+');
  try {
    await fs.write(fd, data, 0, data.length, pos);
    await fs.fsync(fd);
  } finally {
    await fs.close(fd);
  }
  return true;
}
module.exports = { writeBlock };`,
        options: FLUSH_STRICT,
      },
    ],
    invalid: [
      {
        name: 'bfile: positional writes closed without a sync',
        code: `const fs = require('bfile');
async function writeBlock(file, data, pos) {
  const fd = await fs.open(file, 'r+');
  try {
    await fs.write(fd, data, 0, data.length, pos);
  } finally {
    await fs.close(fd);
  }
  return true;
}
module.exports = { writeBlock };`,
        options: FLUSH_STRICT,
        errors: [{ messageId: 'unsynced', line: 5, column: 11 }],
      },
      {
        name: 'mz/fs: an awaited writeFile',
        code: `import fs from 'mz/fs';
export async function save(p: string, data: string) {
  await fs.writeFile(p, data);
}`,
        options: FLUSH_STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 9 }],
      },
    ],
  });

  ruleTester.run('require-dir-fsync', dir, {
    valid: [],
    invalid: [
      {
        name: "bfile: a new numbered file opened 'w' in a known directory, then acknowledged",
        code: `const fs = require('bfile');
const path = require('path');
async function rollover(dir, n) {
  const fd = await fs.open(path.join(dir, 'blk' + n + '.dat'), 'w');
  await fs.fsync(fd);
  await fs.close(fd);
  return n;
}
module.exports = { rollover };`,
        options: DIR_STRICT,
        errors: [{ messageId: 'unsyncedEntry', line: 4, column: 20 }],
      },
    ],
  });
});

describe('library objects: an unsynced atomic writer, random-access files', () => {
  ruleTester.run('no-flush-without-fsync', flush, {
    valid: [
      {
        name: 'a random-access file synced through the fd it exposes before the callback',
        code: `const RAF = require('random-access-file');
const fs = require('fs');
function saveState(name, buf, cb) {
  const raf = new RAF(name);
  raf.write(0, buf, (err) => {
    if (err) return cb(err);
    fs.fsync(raf.fd, (err2) => {
      if (err2) return cb(err2);
      cb();
    });
  });
}
module.exports = { saveState };`,
        options: FLUSH_STRICT,
      },
    ],
    invalid: [
      {
        name: "steno's Writer: a temp file renamed into place, never fsynced, then the put resolves",
        code: `import { Writer } from 'steno';
export async function put(file: string, data: Uint8Array) {
  const writer = new Writer(file);
  await writer.write(data);
  return file;
}`,
        options: FLUSH_STRICT,
        errors: [{ messageId: 'unsynced', line: 4, column: 9 }],
      },
      {
        name: 'a random-access file written, then the callback called with no sync',
        code: `const RAF = require('polyraf');
function saveState(name, buf, cb) {
  const raf = RAF(name);
  raf.write(0, buf, (err) => {
    if (err) return cb(err);
    cb();
  });
}
module.exports = { saveState };`,
        options: FLUSH_STRICT,
        errors: [{ messageId: 'unsynced', line: 4, column: 3 }],
      },
    ],
  });
});

describe('fs-like objects passed in: an `fs` parameter, option or field; a context typed with fs members', () => {
  ruleTester.run('no-flush-without-fsync', flush, {
    valid: [
      {
        name: 'an injected fs whose write takes an fd, then its fsync',
        code: `export async function append({ fs, fd, record }: { fs: any; fd: number; record: Buffer }) {
  await fs.write(fd, record);
  await fs.fsync(fd);
}`,
        options: FLUSH_STRICT,
      },
      {
        name: 'an object not named like fs and not typed with fs members is not fs',
        code: `import { open } from 'node:fs/promises';
export async function send(socket: { write(p: string, d: string): Promise<void> }, p: string) {
  await socket.write(p, 'hello');
}`,
        options: FLUSH_STRICT,
      },
    ],
    invalid: [
      {
        name: 'fs.write(path, data) on an injected fs is a one-shot write by path',
        code: `import { join } from 'node:path';
export async function writeRef({ fs, dir, ref, value }: { fs: any; dir: string; ref: string; value: string }) {
  await fs.write(join(dir, ref), value + '\\n', 'utf8');
}`,
        options: FLUSH_STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 9 }],
      },
      {
        name: 'writeFile through an fs object held in a field',
        code: `export class ConfigStore {
  constructor(private fs: any, private file: string) {}
  async save(text: string) {
    await this.fs.writeFile(this.file, text);
  }
}`,
        options: FLUSH_STRICT,
        errors: [{ messageId: 'unsynced', line: 4, column: 11 }],
      },
      {
        name: 'a context whose declared type lists openSync and writeSync',
        code: `type FileContext = {
  openSync(path: string, flags: string): number;
  writeSync(fd: number, data: Buffer): number;
};
export function record(file: string, data: Buffer, context: FileContext) {
  const fd = context.openSync(file, 'a');
  context.writeSync(fd, data);
  return fd;
}`,
        options: FLUSH_STRICT,
        errors: [{ messageId: 'unsynced', line: 7, column: 3 }],
      },
    ],
  });
});

describe('promisified fs functions and fs.WriteStream() without new', () => {
  ruleTester.run('no-flush-without-fsync', flush, {
    valid: [
      {
        name: 'pify(fs): its fsync is an awaited sync',
        code: `const fs = require('fs');
const pify = require('pify');
const files = pify(fs);
async function keep(fd, data) {
  await files.write(fd, data);
  await files.fsync(fd);
  return true;
}
module.exports = { keep };`,
        options: FLUSH_STRICT,
      },
      {
        name: 'pify of something that is not fs is not fs',
        code: `const fs = require('fs');
const pify = require('pify');
const socket = pify(require('./socket'));
async function send(fd, data) {
  await socket.write(fd, data);
  return true;
}
module.exports = { send };`,
        options: FLUSH_STRICT,
      },
      {
        name: 'an object of promisified fs functions: its fdatasync is a sync',
        code: `import fs from 'node:fs';
import { promisify } from 'node:util';
const pfs = { open: promisify(fs.open), write: promisify(fs.write), fdatasync: promisify(fs.fdatasync), close: promisify(fs.close) };
export async function save(p: string, data: Buffer) {
  const fd = await pfs.open(p, 'r+');
  await pfs.write(fd, data);
  await pfs.fdatasync(fd);
  await pfs.close(fd);
}`,
        options: FLUSH_STRICT,
      },
    ],
    invalid: [
      {
        name: 'an object of promisified fs functions: no sync before the close',
        code: `import fs from 'node:fs';
import { promisify } from 'node:util';
const pfs = { open: promisify(fs.open), write: promisify(fs.write), close: promisify(fs.close) };
export async function save(p: string, data: Buffer) {
  const fd = await pfs.open(p, 'r+');
  await pfs.write(fd, data);
  await pfs.close(fd);
}`,
        options: FLUSH_STRICT,
        errors: [
          {
            messageId: 'unsynced',
            line: 6,
            column: 9,
            // the promisified close is a close: the sync goes before it
            suggestions: [
              {
                messageId: 'insertSyncBeforeClose',
                output: `import fs from 'node:fs';
import { promisify } from 'node:util';
const pfs = { open: promisify(fs.open), write: promisify(fs.write), close: promisify(fs.close) };
export async function save(p: string, data: Buffer) {
  const fd = await pfs.open(p, 'r+');
  await pfs.write(fd, data);
  fs.fsyncSync(fd);
  await pfs.close(fd);
}`,
              },
            ],
          },
        ],
      },
      {
        name: "bluebird's promisifyAll(require('fs')): writeFileAsync is an awaited writeFile",
        code: `const Promise = require('bluebird');
const store = Promise.promisifyAll(require('fs'));
async function save(p, data) {
  await store.writeFileAsync(p, data);
  return true;
}
module.exports = { save };`,
        options: FLUSH_STRICT,
        errors: [{ messageId: 'unsynced', line: 4, column: 9 }],
      },
      {
        name: 'pify(fs): a write through it, no sync',
        code: `const fs = require('fs'); const fd = fs.openSync('journal.log', 'a');
const pify = require('pify');
const files = pify(fs);
async function keep(data) {
  await files.write(fd, data);
  return true;
}
module.exports = { keep };`,
        options: FLUSH_STRICT,
        errors: [
          {
            messageId: 'unsynced',
            line: 5,
            column: 9,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `const fs = require('fs'); const fd = fs.openSync('journal.log', 'a');
const pify = require('pify');
const files = pify(fs);
async function keep(data) {
  await files.write(fd, data);
  fs.fsyncSync(fd);
  return true;
}
module.exports = { keep };`,
              },
            ],
          },
        ],
      },
      {
        name: 'fs.WriteStream(p) called without new is createWriteStream(p)',
        code: `import fs from 'node:fs';
export function log(p: string, line: string) {
  const ws = fs.WriteStream(p, { flags: 'a' });
  ws.write(line);
  ws.end();
  return true;
}`,
        options: FLUSH_STRICT,
        errors: [{ messageId: 'unsynced', line: 4, column: 3 }],
      },
    ],
  });
});

describe('promisified syncs are syncs: their failures count too', () => {
  ruleTester.run('no-ignored-fsync-error', ignored, {
    valid: [
      {
        name: 'promisify(fdatasync)(fd) of a named import, its failure passed on',
        code: `import { fdatasync } from 'node:fs';
import { promisify } from 'node:util';
export async function finish(fd: number) {
  await promisify(fdatasync)(fd);
}`,
      },
    ],
    invalid: [
      {
        name: 'promisify(fdatasync)(fd) of a named import, its failure swallowed by an empty catch',
        code: `import { fdatasync } from 'node:fs';
import { promisify } from 'node:util';
export async function finish(fd: number) {
  try {
    await promisify(fdatasync)(fd);
  } catch {}
}`,
        errors: [{ messageId: 'swallowed', line: 5, column: 11 }],
      },
      {
        name: 'a promisified fsync kept in a const, its failure swallowed',
        code: `import fs from 'node:fs';
import { promisify } from 'node:util';
const fsyncAsync = promisify(fs.fsync);
export async function finish(fd: number) {
  await fsyncAsync(fd).catch(() => {});
}`,
        errors: [{ messageId: 'swallowed', line: 5, column: 9 }],
      },
    ],
  });
});

describe('settings.durability: writeFunctions and renameFunctions name the user’s own helpers', () => {
  ruleTester.run('no-flush-without-fsync', flush, {
    valid: [
      {
        name: 'without the setting, a helper of another package is not known to write',
        code: `import { saveFile } from '@acme/io';
import { openSync } from 'node:fs';
export async function save(p: string, data: string) {
  await saveFile(p, data);
}`,
        options: FLUSH_STRICT,
      },
    ],
    invalid: [
      {
        name: 'a named write helper writes the path it is given',
        code: `import { saveFile } from '@acme/io';
export async function save(p: string, data: string) {
  await saveFile(p, data);
}`,
        options: FLUSH_STRICT,
        settings: { durability: { writeFunctions: ['saveFile'] } },
        errors: [{ messageId: 'unsynced', line: 3, column: 9 }],
      },
      {
        name: 'a write helper method with the path as its second argument',
        code: `export class Store {
  constructor(private io: { put(bucket: string, p: string, d: string): void }) {}
  save(p: string, data: string) {
    this.io.put('main', p, data);
  }
}`,
        options: FLUSH_STRICT,
        settings: { durability: { writeFunctions: [{ name: 'put', pathArg: 1, dataArg: 2 }] } },
        errors: [{ messageId: 'unsynced', line: 4, column: 5 }],
      },
    ],
  });

  ruleTester.run('require-fsync-before-rename', rename, {
    valid: [],
    invalid: [
      {
        name: 'a named rename helper publishes an unsynced temp file',
        code: `import { writeFileSync } from 'node:fs';
import { move } from './io.js';
export function publish(target: string, data: string) {
  const tmp = target + '.tmp';
  writeFileSync(tmp, data);
  move(tmp, target);
}`,
        options: RENAME_STRICT,
        settings: { durability: { renameFunctions: ['move'] } },
        errors: [{ messageId: 'renameWhileDirtyFile', line: 6, column: 3 }],
      },
    ],
  });

  const code = `export const answer = 42;`;
  it('rejects a writeFunctions entry of the wrong shape, saying what is expected', () => {
    expect(() => lintWithPlugin('no-flush-without-fsync', code, { settings: { durability: { writeFunctions: [7] } } })).toThrow(
      /writeFunctions entries must be a function name or \{ name, pathArg\?, dataArg\? \}, got 7/,
    );
  });
  it('rejects an unknown key in a renameFunctions entry', () => {
    expect(() => lintWithPlugin('no-flush-without-fsync', code, { settings: { durability: { renameFunctions: [{ name: 'move', from: 0 }] } } })).toThrow(
      /renameFunctions: "move" has an unknown key "from" \(known: name, sourceArg, targetArg\)/,
    );
  });
  it('rejects a position that is not a non-negative integer', () => {
    expect(() => lintWithPlugin('no-flush-without-fsync', code, { settings: { durability: { writeFunctions: [{ name: 'put', pathArg: 1.5 }] } } })).toThrow(
      /writeFunctions: pathArg of "put" must be a non-negative integer, got 1\.5/,
    );
  });
  it('rejects writeFunctions that is not an array', () => {
    expect(() => lintWithPlugin('no-flush-without-fsync', code, { settings: { durability: { writeFunctions: 'saveFile' } } })).toThrow(
      /\.writeFunctions must be an array/,
    );
  });
});

describe('directories: creates by one-shot writes, paths held in parameters and fields, path.dirname()', () => {
  ruleTester.run('require-dir-fsync', dir, {
    valid: [
      {
        name: 'recommended: a parameter path created and its data synced, in a file that syncs no directory: quiet',
        code: `import { openSync, fsyncSync } from 'node:fs';
export function create(name: string) {
  const fd = openSync(name, 'wx');
  fsyncSync(fd);
  return fd;
}`,
      },
      {
        name: 'a file created with open(p, "wx") where p is a parameter, then path.dirname(p) fsynced',
        code: `import fs from 'node:fs';
import path from 'node:path';
export function create(file: string) {
  const fd = fs.openSync(file, 'wx');
  fs.fsyncSync(fd);
  const dfd = fs.openSync(path.dirname(file), 'r');
  fs.fsyncSync(dfd);
  fs.closeSync(dfd);
  return fd;
}`,
        options: DIR_STRICT,
      },
      {
        name: 'a one-shot write that may overwrite an existing file is not a create',
        code: `import fs from 'node:fs';
import path from 'node:path';
export function save(dir: string, data: string) {
  fs.writeFileSync(path.join(dir, 'state.json'), data);
  return true;
}`,
        options: DIR_STRICT,
      },
      {
        name: 'a rename into os.tmpdir() (a delete by moving away) owes no directory sync there',
        code: `import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
export function discard(file: string, id: string) {
  fs.renameSync(file, path.join(os.tmpdir(), id));
  return true;
}`,
        options: DIR_STRICT,
      },
      {
        name: 'a reopen of a file this function already created is not a second create',
        code: `import fs from 'node:fs';
import path from 'node:path';
export function init(dir: string) {
  const file = path.join(dir, '0.log');
  fs.writeFileSync(file, '', { flag: 'wx' });
  const dfd = fs.openSync(dir, 'r');
  fs.fsyncSync(dfd);
  fs.closeSync(dfd);
  return fs.openSync(file, 'a');
}`,
        options: DIR_STRICT,
      },
    ],
    invalid: [
      {
        name: 'a file path held whole in a parameter: created, its data synced, path.dirname() of it never',
        code: `import { openSync, fsyncSync } from 'node:fs';
export function create(name: string) {
  const fd = openSync(name, 'wx');
  fsyncSync(fd);
  return fd;
}`,
        options: DIR_STRICT,
        errors: [{ messageId: 'unsyncedEntry', line: 3, column: 14 }],
      },
      {
        name: 'recommended: a parameter path created in a file that syncs a directory elsewhere',
        code: `import { openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
export function create(name: string) {
  const fd = openSync(name, 'wx');
  fsyncSync(fd);
  return fd;
}
export function publish(dir: string, tmp: string) {
  const dirFd = openSync(dir, 'r');
  fsyncSync(dirFd);
  closeSync(dirFd);
}`,
        errors: [{ messageId: 'unsyncedEntry', line: 4, column: 14 }],
      },
      {
        name: "an empty first log created with writeFile(p, '', { flag: 'wx' })",
        code: `import { promises as fs } from 'node:fs';
import path from 'node:path';
export async function open(directory: string) {
  await fs.writeFile(path.join(directory, '0'), '', { flag: 'wx' });
  return directory;
}`,
        options: DIR_STRICT,
        errors: [{ messageId: 'unsyncedEntry', line: 4, column: 9 }],
      },
      {
        name: 'a header written on the branch where the file does not exist',
        code: `import fs from 'node:fs';
import path from 'node:path';
export function openPartition(dir: string, header: Buffer) {
  const file = path.join(dir, 'partition');
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, header);
  }
  return fs.openSync(file, 'r+');
}`,
        options: DIR_STRICT,
        errors: [{ messageId: 'unsyncedEntry', line: 6, column: 5 }],
      },
      {
        name: 'a file path held in a field: its directory is path.dirname of it (strict: the code never names the directory)',
        code: `import fs from 'node:fs';
export class Segment {
  constructor(private fileName: string) {}
  open(): number {
    const fd = fs.openSync(this.fileName, 'a');
    fs.fsyncSync(fd);
    return fd;
  }
}`,
        options: DIR_STRICT,
        errors: [{ messageId: 'unsyncedEntry', line: 5, column: 16 }],
      },
      {
        name: 'fs-extra move to a path a call computed (held in a const): its directory is path.dirname of it',
        code: `import fse from 'fs-extra';
import { toFilePath } from './uri.js';
export async function upload(uploaded: string, uri: string) {
  const target = toFilePath(uri);
  await fse.move(uploaded, target, { overwrite: true });
  return target;
}`,
        options: DIR_STRICT,
        errors: [{ messageId: 'unsyncedEntry', line: 5, column: 9 }],
      },
      {
        name: 'a context typed with openSync, numeric O_CREAT flags',
        code: `import * as Fs from 'node:fs';
type OpenContext = { openSync(path: string, flags: number): number; closeSync(fd: number): void };
export function openFiles(options: { dataFile: string }, context: OpenContext) {
  const fd = context.openSync(options.dataFile, Fs.constants.O_CREAT | Fs.constants.O_RDWR);
  return fd;
}`,
        options: DIR_STRICT,
        errors: [{ messageId: 'unsyncedEntry', line: 4, column: 14 }],
      },
    ],
  });
});
