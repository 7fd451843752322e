/**
 * require-dir-fsync: a file created, renamed into place or removed in a directory known from its path, and then
 * acknowledged (a normal return of an entry function, a completion callback) with no fsync of that directory on some
 * path. Expected results follow design.md §2, grouped by construct; reports point at the call that changed the entry.
 * `recommended` reports creates and renames when the file syncs some directory elsewhere, a create also when the
 * file syncs the new file's data, a rename also when the file syncs data kept in place (not only temp files) or
 * renames a synced file into a directory kept in a field or module variable; removals only in `strict`. The code of
 * every case starts at line 1, column 1.
 *
 * A case that states the intended semantics but fails on the current analysis runs as an expected failure
 * (`it.fails`), so that a fix or a regression shows.
 */
import { describe, expect, it } from 'vitest';
import requireDirFsync, { type Options } from './require-dir-fsync.js';
import { lintWithPlugin, testedRule, typedRuleTester, untypedRuleTester } from './test-setup.js';

const rule = testedRule(requireDirFsync);

/** The `strict` config's options. The default options are `recommended`'s. */
const STRICT: Options = [{ report: 'all' }];

const ruleTester = untypedRuleTester();

describe('creates: a new file whose directory entry must survive', () => {
  ruleTester.run('require-dir-fsync', rule, {
    valid: [
      {
        name: 'a new segment, then the directory synced through a helper of this file',
        code: `import { openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
function syncDirectory(dir: string) {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export class Log {
  constructor(private dir: string) {}
  newSegment(id: number) {
    const fd = openSync(path.join(this.dir, \`\${id}.log\`), 'wx');
    fsyncSync(fd);
    syncDirectory(this.dir);
    return fd;
  }
}`,
      },
      {
        name: 'recommended: a new file with no evidence of durability (nothing synced anywhere)',
        code: `import { openSync, writeSync } from 'node:fs';
import path from 'node:path';
export function createReport(dir: string, text: string) {
  const fd = openSync(path.join(dir, 'report.txt'), 'w');
  writeSync(fd, text);
  return fd;
}`,
      },
      {
        name: 'the same FileHandle, the directory synced through its own FileHandle',
        code: `import { open } from 'node:fs/promises';
import path from 'node:path';
export async function roll(dir: string, id: number) {
  const fh = await open(path.join(dir, \`\${id}.log\`), 'wx');
  await fh.sync();
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
  return fh;
}`,
        options: STRICT,
      },
      {
        name: 'a private helper creates, the public method syncs the directory before returning',
        code: `import { openSync } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export class Log {
  constructor(private dir: string) {}
  private createSegment(id: number) {
    return openSync(path.join(this.dir, \`\${id}.log\`), 'wx');
  }
  roll(id: number) {
    const fd = this.createSegment(id);
    syncDirectory(this.dir);
    return fd;
  }
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'a new segment whose data is synced, directory never synced (Kafka\'s new segments)',
        code: `import { openSync, fsyncSync } from 'node:fs';
import path from 'node:path';
export class Log {
  constructor(private dir: string) {}
  newSegment(id: number) {
    const fd = openSync(path.join(this.dir, \`\${id}.log\`), 'wx');
    fsyncSync(fd);
    return fd;
  }
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          data: { verb: 'creates a file in', dir: 'this.dir', exit: 'the return on line 8', consequence: 'the new file can be missing' },
          line: 6,
          column: 16,
          suggestions: [],
        },
      ],
      },
      {
        name: 'a new segment, directory synced elsewhere in the file: suggestion uses the helper',
        code: `import { openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
function syncDirectory(dir: string) {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export class Log {
  constructor(private dir: string) {}
  newSegment(id: number) {
    const fd = openSync(path.join(this.dir, \`\${id}.log\`), 'wx');
    return fd;
  }
  checkpoint() {
    syncDirectory(this.dir);
  }
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          data: { verb: 'creates a file in', dir: 'this.dir', exit: 'the return on line 11', consequence: 'the new file can be missing' },
          line: 10,
          column: 16,
          suggestions: [
            {
              messageId: 'insertDirectorySync',
              output: `import { openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
function syncDirectory(dir: string) {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export class Log {
  constructor(private dir: string) {}
  newSegment(id: number) {
    const fd = openSync(path.join(this.dir, \`\${id}.log\`), 'wx');
    syncDirectory(this.dir);
    return fd;
  }
  checkpoint() {
    syncDirectory(this.dir);
  }
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'strict: a new file with no evidence of durability (nothing synced anywhere)',
        code: `import { openSync, writeSync } from 'node:fs';
import path from 'node:path';
export function createReport(dir: string, text: string) {
  const fd = openSync(path.join(dir, 'report.txt'), 'w');
  writeSync(fd, text);
  return fd;
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 4,
          column: 14,
          suggestions: [],
        },
      ],
      },
      {
        name: 'a FileHandle opened with \'wx\' through fs/promises, synced, returned',
        code: `import { open } from 'node:fs/promises';
import path from 'node:path';
export async function roll(dir: string, id: number) {
  const fh = await open(path.join(dir, \`\${id}.log\`), 'wx');
  await fh.sync();
  return fh;
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 4,
          column: 20,
          suggestions: [],
        },
      ],
      },
      {
        name: 'the path in a const (path.join(dir, \'LOCK\')), helper imported and used elsewhere',
        code: `import { openSync } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export function lock(dir: string) {
  const file = path.join(dir, 'LOCK');
  const fd = openSync(file, 'wx');
  return fd;
}
export function close(dir: string) {
  syncDirectory(dir);
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 6,
          column: 14,
          suggestions: [
            {
              messageId: 'insertDirectorySync',
              output: `import { openSync } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export function lock(dir: string) {
  const file = path.join(dir, 'LOCK');
  const fd = openSync(file, 'wx');
  syncDirectory(dir);
  return fd;
}
export function close(dir: string) {
  syncDirectory(dir);
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'the path from a method of this class that returns path.join(this.dir, ...)',
        code: `import { openSync, fsyncSync } from 'node:fs';
import path from 'node:path';
export class Log {
  constructor(private dir: string) {}
  private segmentPath(id: number) {
    return path.join(this.dir, \`\${id}.log\`);
  }
  roll(id: number) {
    const fd = openSync(this.segmentPath(id), 'wx');
    fsyncSync(fd);
    return fd;
  }
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 9,
          column: 16,
          suggestions: [],
        },
      ],
      },
      {
        name: 'a private helper creates and syncs the data, the public method returns without the directory sync',
        code: `import { openSync, fsyncSync } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export class Log {
  constructor(private dir: string) {}
  private createSegment(id: number) {
    const fd = openSync(path.join(this.dir, \`\${id}.log\`), 'wx');
    fsyncSync(fd);
    return fd;
  }
  roll(id: number) {
    const fd = this.createSegment(id);
    return fd;
  }
  close() {
    syncDirectory(this.dir);
  }
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 7,
          column: 16,
          suggestions: [
            {
              messageId: 'insertDirectorySync',
              output: `import { openSync, fsyncSync } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export class Log {
  constructor(private dir: string) {}
  private createSegment(id: number) {
    const fd = openSync(path.join(this.dir, \`\${id}.log\`), 'wx');
    fsyncSync(fd);
    return fd;
  }
  roll(id: number) {
    const fd = this.createSegment(id);
    syncDirectory(this.dir);
    return fd;
  }
  close() {
    syncDirectory(this.dir);
  }
}`,
            },
          ],
        },
      ],
      },
    ],
  });
});

describe('renames into place: the LevelDB CURRENT pattern', () => {
  ruleTester.run('require-dir-fsync', rule, {
    valid: [
      {
        name: 'temp file flushed, renamed, directory fd synced in try/finally',
        code: `import { openSync, fsyncSync, closeSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
export function commit(dir: string, data: Buffer) {
  const tmp = path.join(dir, 'MANIFEST.tmp');
  writeFileSync(tmp, data, { flush: true });
  renameSync(tmp, path.join(dir, 'MANIFEST'));
  const dfd = openSync(dir, 'r');
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}`,
        options: STRICT,
      },
      {
        name: 'the directory synced through an imported fsyncDir(dir)',
        code: `import { openSync, writeSync, fsyncSync, closeSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fsyncDir } from './fs-util.js';
export function setCurrent(dir: string, manifest: string) {
  const tmp = path.join(dir, 'CURRENT.tmp');
  const fd = openSync(tmp, 'w');
  writeSync(fd, manifest);
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, path.join(dir, 'CURRENT'));
  fsyncDir(dir);
}`,
        options: STRICT,
      },
      {
        name: 'the directory synced through a no-argument method on this.dir',
        code: `import { openSync, fsyncSync, closeSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
export class Store {
  constructor(private dir: string) {}
  private syncDir() {
    const fd = openSync(this.dir, 'r');
    try { fsyncSync(fd); } finally { closeSync(fd); }
  }
  commit(data: Buffer) {
    const tmp = path.join(this.dir, 'MANIFEST.tmp');
    writeFileSync(tmp, data, { flush: true });
    renameSync(tmp, path.join(this.dir, 'MANIFEST'));
    this.syncDir();
  }
}`,
        options: STRICT,
      },
      {
        name: 'reopening the name a rename just put in place is not a create',
        code: `import { openSync, writeSync, fsyncSync, closeSync, renameSync } from 'node:fs';
import path from 'node:path';
function syncDirectory(dir: string) {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export function rewrite(dir: string, data: Buffer) {
  const tmp = path.join(dir, 'data.tmp');
  const file = path.join(dir, 'data');
  const fd = openSync(tmp, 'w');
  writeSync(fd, data);
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, file);
  syncDirectory(dir);
  return openSync(file, 'a');
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'temp file flushed, renamed into place, no directory sync (file data synced)',
        code: `import { writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
export function setCurrent(dir: string, manifest: Buffer) {
  const tmp = path.join(dir, 'CURRENT.tmp');
  writeFileSync(tmp, manifest, { flush: true });
  renameSync(tmp, path.join(dir, 'CURRENT'));
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'unsyncedEntry',
          data: { verb: 'renames a file into', dir: 'dir', exit: 'the end of `setCurrent()`', consequence: 'the rename can be undone' },
          line: 6,
          column: 3,
          suggestions: [],
        },
      ],
      },
      {
        name: 'fs/promises rename, then return true',
        code: `import { writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
export async function setCurrent(dir: string, manifest: Buffer) {
  const tmp = path.join(dir, 'CURRENT.tmp');
  await writeFile(tmp, manifest, { flush: true });
  await rename(tmp, path.join(dir, 'CURRENT'));
  return true;
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'unsyncedEntry',
          data: { verb: 'renames a file into', dir: 'dir', exit: 'the return on line 7', consequence: 'the rename can be undone' },
          line: 6,
          column: 9,
          suggestions: [],
        },
      ],
      },
      {
        name: 'template-literal paths `${dir}/CURRENT`',
        code: `import { writeFileSync, renameSync } from 'node:fs';
export function setCurrent(dir: string, manifest: Buffer) {
  writeFileSync(\`\${dir}/CURRENT.tmp\`, manifest, { flush: true });
  renameSync(\`\${dir}/CURRENT.tmp\`, \`\${dir}/CURRENT\`);
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 4,
          column: 3,
          suggestions: [],
        },
      ],
      },
      {
        name: '`${target}.tmp` is a sibling of target, in its directory',
        code: `import { writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
export function save(dir: string, data: Buffer) {
  const target = path.join(dir, 'state.json');
  writeFileSync(\`\${target}.tmp\`, data, { flush: true });
  renameSync(\`\${target}.tmp\`, target);
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 6,
          column: 3,
          suggestions: [],
        },
      ],
      },
      {
        name: 'the directory synced is another directory',
        code: `import { openSync, fsyncSync, closeSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
export function commit(dir: string, other: string, data: Buffer) {
  const tmp = path.join(dir, 'MANIFEST.tmp');
  writeFileSync(tmp, data, { flush: true });
  renameSync(tmp, path.join(dir, 'MANIFEST'));
  const dfd = openSync(other, 'r');
  fsyncSync(dfd);
  closeSync(dfd);
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 6,
          column: 3,
          suggestions: [],
        },
      ],
      },
    ],
  });
});

describe('callbacks: completion callbacks acknowledge', () => {
  ruleTester.run('require-dir-fsync', rule, {
    valid: [
      {
        name: 'fs.rename callback syncs the directory, then calls cb',
        code: `import * as fs from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export function commit(dir: string, data: Buffer, cb: (err: Error | null) => void) {
  const tmp = path.join(dir, 'MANIFEST.tmp');
  fs.writeFileSync(tmp, data, { flush: true });
  fs.rename(tmp, path.join(dir, 'MANIFEST'), (err) => {
    if (err) return cb(err);
    syncDirectory(dir);
    cb(null);
  });
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'fs.rename callback calls cb without a directory sync',
        code: `import * as fs from 'node:fs';
import path from 'node:path';
export function setCurrent(dir: string, manifest: Buffer, cb: (err: Error | null) => void) {
  const tmp = path.join(dir, 'CURRENT.tmp');
  fs.writeFileSync(tmp, manifest, { flush: true });
  fs.rename(tmp, path.join(dir, 'CURRENT'), (err) => {
    if (err) return cb(err);
    cb(null);
  });
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'unsyncedEntry',
          data: { verb: 'renames a file into', dir: 'dir', exit: 'the call to `cb` on line 8', consequence: 'the rename can be undone' },
          line: 6,
          column: 3,
          suggestions: [],
        },
      ],
      },
      {
        name: 'cb(null) is called before the directory sync',
        code: `import * as fs from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export function commit(dir: string, data: Buffer, cb: (err: Error | null) => void) {
  const tmp = path.join(dir, 'MANIFEST.tmp');
  fs.writeFileSync(tmp, data, { flush: true });
  fs.rename(tmp, path.join(dir, 'MANIFEST'), (err) => {
    if (err) return cb(err);
    cb(null);
    syncDirectory(dir);
  });
}`,
        errors: [
          {
            messageId: 'unsyncedEntry',
            line: 7,
            column: 3,
            // dir, a parameter of commit(), means the same inside the rename callback
            suggestions: [
              {
                messageId: 'insertDirectorySync',
                output: `import * as fs from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export function commit(dir: string, data: Buffer, cb: (err: Error | null) => void) {
  const tmp = path.join(dir, 'MANIFEST.tmp');
  fs.writeFileSync(tmp, data, { flush: true });
  fs.rename(tmp, path.join(dir, 'MANIFEST'), (err) => {
    if (err) return cb(err);
    syncDirectory(dir);
    cb(null);
    syncDirectory(dir);
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

describe('removals: strict only', () => {
  ruleTester.run('require-dir-fsync', rule, {
    valid: [
      {
        name: 'recommended: unlinkSync of a segment',
        code: `import { unlinkSync } from 'node:fs';
import path from 'node:path';
export function dropSegment(dir: string, id: number) {
  unlinkSync(path.join(dir, \`\${id}.log\`));
}`,
      },
      {
        name: 'recommended: a removal stays strict-only even when the file syncs directories elsewhere; suggestion uses syncDir',
        code: `import { unlinkSync, openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
function syncDir(dir: string) {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export function dropSegment(dir: string, id: number) {
  unlinkSync(path.join(dir, \`\${id}.log\`));
}
export function compact(dir: string) {
  syncDir(dir);
}`,
      },
      {
        name: 'recommended: fs.rm with a completion callback',
        code: `import * as fs from 'node:fs';
import path from 'node:path';
export function drop(dir: string, id: number, done: (err: Error | null) => void) {
  fs.rm(path.join(dir, \`\${id}.log\`), { force: true }, done);
}`,
      },
      {
        name: 'recommended: fs/promises rm',
        code: `import { rm } from 'node:fs/promises';
import path from 'node:path';
export async function drop(dir: string, id: number) {
  await rm(path.join(dir, \`\${id}.log\`));
}`,
      },
      {
        name: 'unlinkSync followed by a directory sync',
        code: `import { unlinkSync } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export function dropSegment(dir: string, id: number) {
  unlinkSync(path.join(dir, \`\${id}.log\`));
  syncDirectory(dir);
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'strict: a removal stays strict-only even when the file syncs directories elsewhere; suggestion uses syncDir',
        code: `import { unlinkSync, openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
function syncDir(dir: string) {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export function dropSegment(dir: string, id: number) {
  unlinkSync(path.join(dir, \`\${id}.log\`));
}
export function compact(dir: string) {
  syncDir(dir);
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 8,
          column: 3,
          suggestions: [
            {
              messageId: 'insertDirectorySync',
              output: `import { unlinkSync, openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
function syncDir(dir: string) {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export function dropSegment(dir: string, id: number) {
  unlinkSync(path.join(dir, \`\${id}.log\`));
  syncDir(dir);
}
export function compact(dir: string) {
  syncDir(dir);
}`,
            },
          ],
        },
      ],
      },
    ],
  });
});

describe('paths: branches, loops, early returns, creation guards, the win32 guard, option guards', () => {
  ruleTester.run('require-dir-fsync', rule, {
    valid: [
      {
        name: 'if (process.platform === \'win32\') return; inside the directory-sync helper',
        code: `import { openSync, writeSync, fsyncSync, closeSync, renameSync } from 'node:fs';
import path from 'node:path';
function syncDirectory(dir: string) {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export function setCurrent(dir: string, manifest: string) {
  const tmp = path.join(dir, 'CURRENT.tmp');
  const fd = openSync(tmp, 'w');
  writeSync(fd, manifest);
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, path.join(dir, 'CURRENT'));
  syncDirectory(dir);
}`,
        options: STRICT,
      },
      {
        name: 'if (process.platform === \'win32\') return; inline before the directory sync',
        code: `import { openSync, fsyncSync, closeSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
export function commit(dir: string, data: Buffer) {
  const tmp = path.join(dir, 'MANIFEST.tmp');
  writeFileSync(tmp, data, { flush: true });
  renameSync(tmp, path.join(dir, 'MANIFEST'));
  if (process.platform === 'win32') return;
  const dfd = openSync(dir, 'r');
  fsyncSync(dfd);
  closeSync(dfd);
}`,
        options: STRICT,
      },
      {
        name: 'if (isNew) syncDirectory(dir): the creation guard',
        code: `import { openSync, fsyncSync, closeSync, existsSync } from 'node:fs';
import path from 'node:path';
function syncDirectory(dir: string) {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export function openLog(dir: string) {
  const file = path.join(dir, 'wal.log');
  const isNew = !existsSync(file);
  const fd = openSync(file, 'a');
  if (isNew) syncDirectory(dir);
  return fd;
}`,
        options: STRICT,
      },
      {
        name: 'if (created) { open the directory, fsync, close } inline',
        code: `import { openSync, fsyncSync, closeSync, existsSync } from 'node:fs';
import path from 'node:path';
export function openLog(dir: string) {
  const file = path.join(dir, 'wal.log');
  const created = !existsSync(file);
  const fd = openSync(file, 'a');
  fsyncSync(fd);
  if (created) {
    const dfd = openSync(dir, 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  }
  return fd;
}`,
        options: STRICT,
      },
      {
        name: 'if (this.syncWrites) { directory fsync }: the documented trade-off',
        code: `import { openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
export class Log {
  constructor(private dir: string, private syncWrites: boolean) {}
  roll(id: number) {
    const fd = openSync(path.join(this.dir, \`\${id}.log\`), 'wx');
    fsyncSync(fd);
    if (this.syncWrites) {
      const dfd = openSync(this.dir, 'r');
      fsyncSync(dfd);
      closeSync(dfd);
    }
    return fd;
  }
}`,
        options: STRICT,
      },
      {
        name: 'files created in a loop, one directory sync after it',
        code: `import { openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export function preallocate(dir: string, n: number) {
  for (let i = 0; i < n; i++) closeSync(openSync(path.join(dir, \`\${i}.seg\`), 'wx'));
  syncDirectory(dir);
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'the directory synced on one branch only',
        code: `import { openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
function syncDirectory(dir: string) {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export function roll(dir: string, id: number, quick: boolean) {
  const fd = openSync(path.join(dir, \`\${id}.log\`), 'wx');
  if (!quick) syncDirectory(dir);
  return fd;
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          data: { verb: 'creates a file in', dir: 'dir', exit: 'the return on line 10', consequence: 'the new file can be missing' },
          line: 8,
          column: 14,
          suggestions: [
            {
              messageId: 'insertDirectorySync',
              output: `import { openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
function syncDirectory(dir: string) {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export function roll(dir: string, id: number, quick: boolean) {
  const fd = openSync(path.join(dir, \`\${id}.log\`), 'wx');
  if (!quick) syncDirectory(dir);
  syncDirectory(dir);
  return fd;
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'an early return skips the directory sync (not a platform or option guard)',
        code: `import { openSync, fsyncSync, closeSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
export function commit(dir: string, data: Buffer, fast: boolean) {
  const tmp = path.join(dir, 'MANIFEST.tmp');
  writeFileSync(tmp, data, { flush: true });
  renameSync(tmp, path.join(dir, 'MANIFEST'));
  if (fast) return;
  const dfd = openSync(dir, 'r');
  fsyncSync(dfd);
  closeSync(dfd);
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 6,
          column: 3,
          suggestions: [],
        },
      ],
      },
      {
        name: 'the directory synced at the top of each iteration leaves the last create unsynced',
        code: `import { openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export function preallocate(dir: string, n: number) {
  for (let i = 0; i < n; i++) {
    syncDirectory(dir);
    closeSync(openSync(path.join(dir, \`\${i}.seg\`), 'wx'));
  }
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 7,
          column: 15,
          suggestions: [
            {
              messageId: 'insertDirectorySync',
              output: `import { openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export function preallocate(dir: string, n: number) {
  for (let i = 0; i < n; i++) {
    syncDirectory(dir);
    closeSync(openSync(path.join(dir, \`\${i}.seg\`), 'wx'));
  }
  syncDirectory(dir);
}`,
            },
          ],
        },
      ],
      },
    ],
  });
});

describe('import forms', () => {
  ruleTester.run('require-dir-fsync', rule, {
    valid: [
      {
        name: 'CommonJS with the directory sync',
        code: `const fs = require('fs');
const path = require('path');
function syncDirectory(dir) {
  const fd = fs.openSync(dir, 'r');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}
function roll(dir, id) {
  const fd = fs.openSync(path.join(dir, id + '.log'), 'wx');
  syncDirectory(dir);
  return fd;
}
module.exports = { roll };`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'CommonJS require(\'fs\') and require(\'path\')',
        code: `const fs = require('fs');
const path = require('path');
function syncDirectory(dir) {
  const fd = fs.openSync(dir, 'r');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}
function roll(dir, id) {
  const fd = fs.openSync(path.join(dir, id + '.log'), 'wx');
  return fd;
}
function flushAll(dir) { syncDirectory(dir); }
module.exports = { roll, flushAll };`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 8,
          column: 14,
          suggestions: [
            {
              messageId: 'insertDirectorySync',
              output: `const fs = require('fs');
const path = require('path');
function syncDirectory(dir) {
  const fd = fs.openSync(dir, 'r');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}
function roll(dir, id) {
  const fd = fs.openSync(path.join(dir, id + '.log'), 'wx');
  syncDirectory(dir);
  return fd;
}
function flushAll(dir) { syncDirectory(dir); }
module.exports = { roll, flushAll };`,
            },
          ],
        },
      ],
      },
      {
        name: 'named imports from node:fs/promises and node:path',
        code: `import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDirectory } from './fs-util.js';
export async function lock(dir: string) {
  const fh = await open(join(dir, 'LOCK'), 'wx');
  return fh;
}
export function release(dir: string) {
  syncDirectory(dir);
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 5,
          column: 20,
          suggestions: [
            {
              messageId: 'insertDirectorySync',
              output: `import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDirectory } from './fs-util.js';
export async function lock(dir: string) {
  const fh = await open(join(dir, 'LOCK'), 'wx');
  syncDirectory(dir);
  return fh;
}
export function release(dir: string) {
  syncDirectory(dir);
}`,
            },
          ],
        },
      ],
      },
    ],
  });
});

describe('near-misses: no new entry, or a directory nobody can name', () => {
  ruleTester.run('require-dir-fsync', rule, {
    valid: [
      {
        name: 'a read-only open creates nothing',
        code: `import { openSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
export function read(dir: string, buf: Buffer) {
  const fd = openSync(path.join(dir, 'CURRENT'), 'r');
  readSync(fd, buf);
  closeSync(fd);
  return buf;
}`,
        options: STRICT,
      },
      {
        name: 'an \'r+\' open creates nothing',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export function patch(dir: string, page: Buffer) {
  const fd = openSync(path.join(dir, 'pages.db'), 'r+');
  writeSync(fd, page);
  fsyncSync(fd);
  return fd;
}
export function other(dir: string) {
  syncDirectory(dir);
}`,
        options: STRICT,
      },
      {
        name: 'a path held whole in a parameter is in path.dirname() of it: a sync of that directory counts',
        code: `import { openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
export function create(name: string) {
  const fd = openSync(name, 'wx');
  fsyncSync(fd);
  const dirFd = openSync(path.dirname(name), 'r');
  fsyncSync(dirFd);
  closeSync(dirFd);
  return fd;
}`,
        options: STRICT,
      },
      {
        name: 'recommended: a module-level script (a build step): recommended stays quiet',
        code: `import { openSync, writeSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
const dir = 'dist';
const fd = openSync(path.join(dir, 'out.js'), 'w');
writeSync(fd, 'x');
fsyncSync(fd);
closeSync(fd);`,
      },
    ],
    invalid: [
      {
        name: 'strict: a module-level script (a build step): recommended stays quiet',
        code: `import { openSync, writeSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
const dir = 'dist';
const fd = openSync(path.join(dir, 'out.js'), 'w');
writeSync(fd, 'x');
fsyncSync(fd);
closeSync(fd);`,
        options: STRICT,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 4,
          column: 12,
          suggestions: [],
        },
      ],
      },
    ],
  });
});

describe('flags, path forms and function forms that create', () => {
  ruleTester.run('require-dir-fsync', rule, {
    valid: [
      {
        name: 'the directory synced in a finally block',
        code: `import { openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export function create(dir: string, page: Buffer) {
  const fd = openSync(path.join(dir, 'pages.db'), 'wx');
  try {
    fsyncSync(fd);
  } finally {
    syncDirectory(dir);
  }
  return fd;
}`,
        options: STRICT,
      },
      {
        name: 'fs/promises rename, then a directory FileHandle synced',
        code: `import { writeFile, rename, open } from 'node:fs/promises';
import path from 'node:path';
export async function commit(dir: string, data: Buffer) {
  const tmp = path.join(dir, 'MANIFEST.tmp');
  await writeFile(tmp, data, { flush: true });
  await rename(tmp, path.join(dir, 'MANIFEST'));
  const dh = await open(dir, 'r');
  await dh.sync();
  await dh.close();
}`,
        options: STRICT,
      },
      {
        name: 'an fd-written temp file synced, renamed, then this.fsyncDir()',
        code: `import { openSync, writeSync, fsyncSync, closeSync, renameSync } from 'node:fs';
import path from 'node:path';
export class Store {
  constructor(private dir: string) {}
  private fsyncDir() {
    const fd = openSync(this.dir, 'r');
    try { fsyncSync(fd); } finally { closeSync(fd); }
  }
  save(data: Buffer) {
    const tmp = path.join(this.dir, 'state.tmp');
    const fd = openSync(tmp, 'w');
    writeSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path.join(this.dir, 'state'));
    this.fsyncDir();
  }
}`,
        options: STRICT,
      },
      {
        name: 'recommended: fs.open with \'w\' and a callback, nothing synced anywhere',
        code: `import * as fs from 'node:fs';
import path from 'node:path';
export function create(dir: string, cb: (err: Error | null, fd?: number) => void) {
  fs.open(path.join(dir, 'report.txt'), 'w', cb);
}`,
      },
      {
        name: 'an exported directory-sync helper opens the directory read-only: not a create',
        code: `import { openSync, fsyncSync, closeSync } from 'node:fs';
export function syncDirectory(dir: string) {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}`,
        options: STRICT,
      },
      {
        name: 'an \'rs+\' open creates nothing',
        code: `import { openSync, writeSync } from 'node:fs';
import path from 'node:path';
export function patch(dir: string, page: Buffer) {
  const fd = openSync(path.join(dir, 'pages.db'), 'rs+');
  writeSync(fd, page);
  return fd;
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'fs.open with a callback creates; cb(null, fd) acknowledges',
        code: `import * as fs from 'node:fs';
import path from 'node:path';
export function roll(dir: string, id: number, cb: (err: Error | null, fd?: number) => void) {
  fs.open(path.join(dir, \`\${id}.log\`), 'wx', (err, fd) => {
    if (err) return cb(err);
    fs.fsyncSync(fd);
    cb(null, fd);
  });
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 4,
          column: 3,
          suggestions: [],
        },
      ],
      },
      {
        name: 'an append-mode log opened with \'a\' into a field',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
import path from 'node:path';
export class Wal {
  private fd = -1;
  constructor(private dir: string) {}
  open() {
    this.fd = openSync(path.join(this.dir, 'wal.log'), 'a');
    fsyncSync(this.fd);
  }
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 7,
          column: 15,
          suggestions: [],
        },
      ],
      },
      {
        name: '\'w+\' creates',
        code: `import { openSync, fsyncSync } from 'node:fs';
import path from 'node:path';
export function create(dir: string) {
  const fd = openSync(path.join(dir, 'pages.db'), 'w+');
  fsyncSync(fd);
  return fd;
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 4,
          column: 14,
          suggestions: [],
        },
      ],
      },
      {
        name: 'numeric flags with O_CREAT create',
        code: `import { openSync, fsyncSync, constants } from 'node:fs';
import path from 'node:path';
export function create(dir: string) {
  const fd = openSync(path.join(dir, 'pages.db'), constants.O_CREAT | constants.O_RDWR);
  fsyncSync(fd);
  return fd;
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 4,
          column: 14,
          suggestions: [],
        },
      ],
      },
      {
        name: 'path.resolve(dir, name) names dir',
        code: `import { openSync, fsyncSync } from 'node:fs';
import path from 'node:path';
export function create(dir: string) {
  const fd = openSync(path.resolve(dir, 'pages.db'), 'wx');
  fsyncSync(fd);
  return fd;
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 4,
          column: 14,
          suggestions: [],
        },
      ],
      },
      {
        name: 'dir + \'/name\' names dir',
        code: `import { openSync, fsyncSync } from 'node:fs';
export function create(dir: string) {
  const fd = openSync(dir + '/pages.db', 'wx');
  fsyncSync(fd);
  return fd;
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 3,
          column: 14,
          suggestions: [],
        },
      ],
      },
      {
        name: 'the rename branch skips the directory sync of the other branch',
        code: `import { writeFileSync, renameSync, openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export function commit(dir: string, data: Buffer, replace: boolean) {
  const tmp = path.join(dir, 'MANIFEST.tmp');
  writeFileSync(tmp, data, { flush: true });
  if (replace) {
    renameSync(tmp, path.join(dir, 'MANIFEST'));
  } else {
    syncDirectory(dir);
  }
}`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 8,
          column: 5,
          suggestions: [
            {
              messageId: 'insertDirectorySync',
              output: `import { writeFileSync, renameSync, openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export function commit(dir: string, data: Buffer, replace: boolean) {
  const tmp = path.join(dir, 'MANIFEST.tmp');
  writeFileSync(tmp, data, { flush: true });
  if (replace) {
    renameSync(tmp, path.join(dir, 'MANIFEST'));
  } else {
    syncDirectory(dir);
  }
  syncDirectory(dir);
}`,
            },
          ],
        },
      ],
      },
      {
        name: 'an async arrow function returning the new FileHandle',
        code: `import { open } from 'node:fs/promises';
import path from 'node:path';
export const roll = async (dir: string, id: number) => {
  const fh = await open(path.join(dir, \`\${id}.log\`), 'wx');
  await fh.sync();
  return fh;
};`,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 4,
          column: 20,
          suggestions: [],
        },
      ],
      },
      {
        name: 'strict: fs.open with \'w\' and a callback, nothing synced anywhere',
        code: `import * as fs from 'node:fs';
import path from 'node:path';
export function create(dir: string, cb: (err: Error | null, fd?: number) => void) {
  fs.open(path.join(dir, 'report.txt'), 'w', cb);
}`,
        options: STRICT,
        errors: [
        {
          messageId: 'unsyncedEntry',
          line: 4,
          column: 3,
          suggestions: [],
        },
      ],
      },
    ],
  });
});

describe('write-file-atomic renames its temp file into place and does not sync the directory', () => {
  ruleTester.run('require-dir-fsync', rule, {
    valid: [
      {
        name: 'the directory synced after the atomic write',
        code: `import writeFileAtomic from 'write-file-atomic';
import { openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
export async function save(dir: string, state: object) {
  await writeFileAtomic(path.join(dir, 'state.json'), JSON.stringify(state));
  const fd = openSync(dir, 'r');
  fsyncSync(fd);
  closeSync(fd);
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'strict: an atomic write into a known directory, acknowledged without a directory fsync',
        code: `import writeFileAtomic from 'write-file-atomic';
import path from 'node:path';
export async function save(dir: string, state: object) {
  await writeFileAtomic(path.join(dir, 'state.json'), JSON.stringify(state));
}`,
        options: STRICT,
        errors: [{ messageId: 'unsyncedEntry', line: 4, column: 9 }],
      },
      {
        name: 'recommended: a file that syncs a directory elsewhere, the sync form',
        code: `const writeFileAtomic = require('write-file-atomic');
const fs = require('node:fs');
const path = require('node:path');
function syncDir(dir) {
  const fd = fs.openSync(dir, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}
export function create(dir) {
  fs.writeFileSync(path.join(dir, 'LOCK'), '');
  syncDir(dir);
}
export function save(dir, state) {
  writeFileAtomic.sync(path.join(dir, 'state.json'), JSON.stringify(state));
}`,
        errors: [
          {
            messageId: 'unsyncedEntry',
            line: 14,
            column: 3,
            suggestions: [
              {
                messageId: 'insertDirectorySync',
                output: `const writeFileAtomic = require('write-file-atomic');
const fs = require('node:fs');
const path = require('node:path');
function syncDir(dir) {
  const fd = fs.openSync(dir, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}
export function create(dir) {
  fs.writeFileSync(path.join(dir, 'LOCK'), '');
  syncDir(dir);
}
export function save(dir, state) {
  writeFileAtomic.sync(path.join(dir, 'state.json'), JSON.stringify(state));
  syncDir(dir);
}`,
              },
            ],
          },
        ],
      },
    ],
  });
});

describe('type information (parserOptions.projectService): the same analysis with types', () => {
  const typedTester = typedRuleTester();
  typedTester.run('require-dir-fsync', rule, {
    valid: [
      {
        name: 'typed: a new segment Handle, the directory synced before the return',
        code: `import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Handle } from './handle.js';
import { syncDirectory } from './fs-util.js';
export async function roll(dir: string, id: number): Promise<Handle> {
  const fh = await open(path.join(dir, \`\${id}.log\`), 'wx');
  await fh.sync();
  syncDirectory(dir);
  return fh;
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'typed: a new segment Handle returned without the directory sync',
        code: `import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Handle } from './handle.js';
export async function roll(dir: string, id: number): Promise<Handle> {
  const fh = await open(path.join(dir, \`\${id}.log\`), 'wx');
  await fh.sync();
  return fh;
}`,
        errors: [
          {
            messageId: 'unsyncedEntry',
            data: { verb: 'creates a file in', dir: 'dir', exit: 'the return on line 7', consequence: 'the new file can be missing' },
            line: 5,
            column: 20,
            suggestions: [],
          },
        ],
      },
    ],
  });
});

describe('options that are wrong are rejected with a clear message', () => {
  const code = `import { unlinkSync, openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
export function dropSegment(dir: string, id: number) {
  unlinkSync(path.join(dir, \`\${id}.log\`));
}
export function publish(dir: string) {
  const fd = openSync(dir, 'r');
  fsyncSync(fd);
  closeSync(fd);
}`;
  // test-setup.ts types lintWithPlugin's rule id for the two older rules only; the plugin has this one too.
  const ruleId = 'require-dir-fsync' as Parameters<typeof lintWithPlugin>[0];

  it('rejects an unknown value of report', () => {
    expect(() => lintWithPlugin(ruleId, code, { options: [{ report: 'removals' }] })).toThrow(
      /durability\/require-dir-fsync.*Value "removals" should be equal to one of the allowed values/s,
    );
  });

  it('rejects an unknown option', () => {
    expect(() => lintWithPlugin(ruleId, code, { options: [{ directories: ['data'] }] })).toThrow(/Unexpected property "directories"/);
  });

  it('reports a removal with the documented strict option, and not without it', () => {
    expect(lintWithPlugin(ruleId, code, { options: [{ report: 'all' }] }).map((m) => [m.ruleId, m.line, m.column])).toEqual([
      ['durability/require-dir-fsync', 4, 3],
    ]);
    expect(lintWithPlugin(ruleId, code)).toEqual([]);
  });
});

describe('cases found as gaps, now handled: helpers that write or sync by path, option- and creation-guarded helpers, dirname, the rename of a temp file', () => {
  ruleTester.run('require-dir-fsync', rule, {
    valid: [
      {
        // a removal in a file that syncs no directory is cleanup, not lost data: not even strict reports it
        name: 'strict, no directory synced in the file: unlinkSync of a segment',
        code: `import { unlinkSync } from 'node:fs';
import path from 'node:path';
export function dropSegment(dir: string, id: number) {
  unlinkSync(path.join(dir, \`\${id}.log\`));
}`,
        options: STRICT,
      },
      {
        // a removal in a file that syncs no directory is cleanup, not lost data: not even strict reports it
        name: 'strict, no directory synced in the file: fs.rm with a completion callback',
        code: `import * as fs from 'node:fs';
import path from 'node:path';
export function drop(dir: string, id: number, done: (err: Error | null) => void) {
  fs.rm(path.join(dir, \`\${id}.log\`), { force: true }, done);
}`,
        options: STRICT,
      },
      {
        // a removal in a file that syncs no directory is cleanup, not lost data: not even strict reports it
        name: 'strict, no directory synced in the file: fs/promises rm',
        code: `import { rm } from 'node:fs/promises';
import path from 'node:path';
export async function drop(dir: string, id: number) {
  await rm(path.join(dir, \`\${id}.log\`));
}`,
        options: STRICT,
      },
      {
        name: 'if (this.syncWrites) syncDirectory(this.dir): an option-guarded directory-sync helper',
        code: `import { openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
function syncDirectory(dir: string) {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export class Log {
  constructor(private dir: string, private syncWrites: boolean) {}
  roll(id: number) {
    const fd = openSync(path.join(this.dir, \`\${id}.log\`), 'wx');
    if (this.syncWrites) syncDirectory(this.dir);
    return fd;
  }
}`,
      },
      {
        name: 'syncDirectory(path.dirname(target)) syncs the directory of target',
        code: `import { openSync, fsyncSync } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export function create(dir: string) {
  const target = path.join(dir, 'pages.db');
  const fd = openSync(target, 'wx');
  fsyncSync(fd);
  syncDirectory(path.dirname(target));
  return fd;
}`,
      },
      {
        name: 'if (isNew) syncDirectory(dir) with syncDirectory imported',
        code: `import { openSync, existsSync } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export function openLog(dir: string) {
  const file = path.join(dir, 'wal.log');
  const isNew = !existsSync(file);
  const fd = openSync(file, 'a');
  if (isNew) syncDirectory(dir);
  return fd;
}`,
      },
    ],
    invalid: [
      {
        name: 'a temp file opened with w, synced, renamed into place: the report should be on the rename',
        code: `import { openSync, writeSync, fsyncSync, closeSync, renameSync } from 'node:fs';
import path from 'node:path';
export function setCurrent(dir: string, manifest: string) {
  const tmp = path.join(dir, 'CURRENT.tmp');
  const fd = openSync(tmp, 'w');
  writeSync(fd, manifest);
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, path.join(dir, 'CURRENT'));
}`,
        options: STRICT,
        errors: [{ messageId: 'unsyncedEntry', line: 9, column: 3 }],
      },
      {
        name: 'if (existed) syncDirectory(dir): the guard is the opposite of a creation guard',
        code: `import { openSync, fsyncSync, closeSync, existsSync } from 'node:fs';
import path from 'node:path';
function syncDirectory(dir: string) {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export function openLog(dir: string) {
  const file = path.join(dir, 'wal.log');
  const existed = existsSync(file);
  const fd = openSync(file, 'a');
  if (existed) syncDirectory(dir);
  return fd;
}`,
        errors: [
          {
            messageId: 'unsyncedEntry',
            line: 10,
            column: 14,
            suggestions: [
              {
                messageId: 'insertDirectorySync',
                output: `import { openSync, fsyncSync, closeSync, existsSync } from 'node:fs';
import path from 'node:path';
function syncDirectory(dir: string) {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
export function openLog(dir: string) {
  const file = path.join(dir, 'wal.log');
  const existed = existsSync(file);
  const fd = openSync(file, 'a');
  if (existed) syncDirectory(dir);
  syncDirectory(dir);
  return fd;
}`,
              },
            ],
          },
        ],
      },
    ],
  });
});

describe('recommended and renames: a synced temp file alone is the atomic-replace idiom, data synced in place is intent', () => {
  ruleTester.run('require-dir-fsync', rule, {
    valid: [
      {
        name: "recommended: a lockfile written to a synced temp file and renamed (pnpm's writeWantedLockfileAtomic)",
        code: `import { promises as fs } from 'node:fs';
import path from 'node:path';
export async function writeLockfile(lockfilePath: string, content: string): Promise<void> {
  const tempPath = path.join(path.dirname(lockfilePath), '.lock.tmp');
  const tempFile = await fs.open(tempPath, 'wx');
  try {
    await tempFile.writeFile(content);
    await tempFile.sync();
  } finally {
    await tempFile.close();
  }
  await fs.rename(tempPath, lockfilePath);
}`,
      },
      {
        name: 'recommended: write-file-atomic into a known directory, nothing else synced',
        code: `import writeFileAtomic from 'write-file-atomic';
import path from 'node:path';
export async function writeEnvLockfile(rootDir: string, text: string) {
  return writeFileAtomic(path.join(rootDir, 'pnpm-lock.yaml'), text);
}`,
      },
    ],
    invalid: [
      {
        name: 'recommended: the same rename in a file that fsyncs a log in place',
        code: `import { openSync, writeSync, fsyncSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
export class VersionSet {
  constructor(private dir: string, private manifest: number) {}
  logEdit(edit: Buffer) {
    writeSync(this.manifest, edit);
    fsyncSync(this.manifest);
  }
  setCurrent(name: string) {
    const tmp = path.join(this.dir, 'CURRENT.tmp');
    writeFileSync(tmp, name, { flush: true });
    renameSync(tmp, path.join(this.dir, 'CURRENT'));
  }
}`,
        errors: [{ messageId: 'unsyncedEntry', line: 12, column: 5, suggestions: [] }],
      },
      {
        name: "recommended: a synced temp file renamed into the store's own directory (a field): LevelDB's CURRENT",
        code: `import { open, rename } from 'node:fs/promises';
import path from 'node:path';
export class Tree {
  constructor(private dir: string) {}
  async setCurrent(manifest: string): Promise<void> {
    const target = path.join(this.dir, 'CURRENT');
    const tmp = \`\${target}.tmp\`;
    const file = await open(tmp, 'w');
    try {
      await file.write(manifest);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, target);
  }
}`,
        errors: [{ messageId: 'unsyncedEntry', line: 15, column: 11, suggestions: [] }],
      },
    ],
  });
});

describe('former known gaps, now handled', () => {
  ruleTester.run('require-dir-fsync', rule, {
    valid: [
      {
        name: 'the directory-sync idiom that ignores a failure on platforms that cannot fsync a directory (as no-ignored-fsync-error allows)',
        code: `import { openSync, fsyncSync, closeSync, writeSync } from 'node:fs';
import path from 'node:path';
function syncDir(dir: string) {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } catch {
    // some platforms cannot fsync a directory
  } finally {
    closeSync(fd);
  }
}
export function create(dir: string, data: string) {
  const fd = openSync(path.join(dir, 'new.log'), 'wx');
  writeSync(fd, data);
  fsyncSync(fd);
  closeSync(fd);
  syncDir(dir);
}`,
        options: STRICT,
      },
      {
        name: 'the same idiom inline',
        code: `import { openSync, fsyncSync, closeSync, writeSync } from 'node:fs';
import path from 'node:path';
export function create(dir: string, data: string) {
  const fd = openSync(path.join(dir, 'new.log'), 'wx');
  writeSync(fd, data);
  fsyncSync(fd);
  closeSync(fd);
  const d = openSync(dir, 'r');
  try { fsyncSync(d); } catch {}
  closeSync(d);
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'writeFile(...).then(() => rename(...)) returned: the promise resolves after the rename',
        code: `import { writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
export function commit(dir: string, data: Buffer) {
  const tmp = path.join(dir, 'MANIFEST.tmp');
  return writeFile(tmp, data, { flush: true }).then(() => rename(tmp, path.join(dir, 'MANIFEST')));
}`,
        options: STRICT,
        errors: [
          {
            messageId: 'unsyncedEntry',
            data: { verb: 'renames a file into', dir: 'dir', exit: 'the promise returned by `commit()` (settled on line 5)', consequence: 'the rename can be undone' },
            line: 5,
            column: 59,
            suggestions: [],
          },
        ],
      },
      {
        name: 'a .then chain with a .catch after it still settles the returned promise',
        code: `import { writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
export function commit(dir: string, data: Buffer) {
  const tmp = path.join(dir, 'MANIFEST.tmp');
  return writeFile(tmp, data, { flush: true })
    .then(() => rename(tmp, path.join(dir, 'MANIFEST')))
    .catch((err) => { throw new Error(String(err)); });
}`,
        options: STRICT,
        errors: [{ messageId: 'unsyncedEntry', line: 6, column: 17, suggestions: [] }],
      },
      {
        name: 'a catch that swallows the failure of a data fsync does not sync the directory',
        code: `import { openSync, fsyncSync, closeSync, writeSync } from 'node:fs';
import path from 'node:path';
export function create(dir: string, data: string) {
  const fd = openSync(path.join(dir, 'new.log'), 'wx');
  writeSync(fd, data);
  try { fsyncSync(fd); } catch {}
  closeSync(fd);
}`,
        options: STRICT,
        errors: [{ messageId: 'unsyncedEntry', line: 4, column: 14, suggestions: [] }],
      },
      {
        name: 'no suggestion in a callback whose parameter shadows the directory name',
        code: `import * as fs from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-util.js';
export function commit(dir: string, cb: (err: Error | null) => void) {
  fs.rename(path.join(dir, 'x.tmp'), path.join(dir, 'x'), (dir) => {
    cb(dir);
  });
}`,
        options: STRICT,
        errors: [{ messageId: 'unsyncedEntry', line: 5, column: 3, suggestions: [] }],
      },
    ],
  });
});
