/**
 * no-flush-without-fsync: a write must be fsynced before the function that made it acknowledges (returns normally,
 * resolves its promise, calls its completion callback). Expected results follow design.md §2, grouped by construct;
 * each group shows the hit and the near-miss next to each other. The code of every case starts at line 1, column 1.
 */
import { describe, expect, it } from 'vitest';
import noFlushWithoutFsync, { type Options } from './no-flush-without-fsync.js';
import { lintWithPlugin, testedRule, typedRuleTester, untypedRuleTester } from './test-setup.js';

const rule = testedRule(noFlushWithoutFsync);

/** The `strict` config's options. The default options are `recommended`'s. */
const STRICT: Options = [{ report: 'all', optionGuardedSync: 'report' }];
/** Every unsynced write reported, but a sync behind an option still counts (isolates the `report` option). */
const ALL: Options = [{ report: 'all' }];

const ruleTester = untypedRuleTester();

describe('import forms: the same bug through every way of reaching fs', () => {
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [
      {
        name: 'named import from fs, synced',
        code: `import { openSync, writeSync, fsyncSync } from 'fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
  fsyncSync(fd);
}`,
      },
      {
        name: 'named import from node:fs, fdatasync is a sync too',
        code: `import { openSync, writeSync, fdatasyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
  fdatasyncSync(fd);
}`,
      },
      {
        name: 'namespace import, synced',
        code: `import * as fs from 'node:fs';
const fd = fs.openSync('journal.log', 'a');
export function append(record: Buffer) {
  fs.writeSync(fd, record);
  fs.fsyncSync(fd);
}`,
      },
      {
        name: 'default import, synced',
        code: `import fs from 'fs';
const fd = fs.openSync('journal.log', 'a');
export function append(record: Buffer) {
  fs.writeSync(fd, record);
  fs.fsyncSync(fd);
}`,
      },
      {
        name: 'fs.promises through a named import, synced',
        code: `import { promises as fsp } from 'fs';
export async function append(path: string, record: Buffer) {
  const fh = await fsp.open(path, 'a');
  await fh.write(record);
  await fh.sync();
  await fh.close();
}`,
      },
      {
        name: 'fs/promises, synced',
        code: `import { open } from 'node:fs/promises';
export async function append(path: string, record: Buffer) {
  const fh = await open(path, 'a');
  await fh.write(record);
  await fh.datasync();
  await fh.close();
}`,
      },
      {
        name: 'require, synced',
        code: `const fs = require('fs');
const fd = fs.openSync('journal.log', 'a');
export function append(record: Buffer) {
  fs.writeSync(fd, record);
  fs.fsyncSync(fd);
}`,
      },
      {
        name: 'destructured require, synced',
        code: `const { openSync, writeSync, fsyncSync } = require('node:fs');
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
  fsyncSync(fd);
}`,
      },
      {
        name: 'fs-extra, synced',
        code: `import fse from 'fs-extra';
const fd = fse.openSync('journal.log', 'a');
export function append(record: Buffer) {
  fse.writeSync(fd, record);
  fse.fsyncSync(fd);
}`,
      },
      {
        name: 'graceful-fs, synced',
        code: `const gfs = require('graceful-fs');
const fd = gfs.openSync('journal.log', 'a');
export function append(record: Buffer) {
  gfs.writeSync(fd, record);
  gfs.fsyncSync(fd);
}`,
      },
      {
        name: 'import fs = require(), synced',
        code: `import fs = require('fs');
const fd = fs.openSync('journal.log', 'a');
export function append(record: Buffer) {
  fs.writeSync(fd, record);
  fs.fsyncSync(fd);
}`,
      },
      {
        name: 'near-miss: writeSync from a module of our own is not fs',
        code: `import { openSync } from 'node:fs';
import { writeSync } from './buffered-writer';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
}`,
        options: STRICT,
      },
      {
        name: 'near-miss: a local function named writeSync is not fs.writeSync',
        code: `import { openSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
function writeSync(target: number, data: Buffer) {
  return target + data.length;
}
export function append(record: Buffer) {
  writeSync(fd, record);
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'named import from fs: the suggestion adds fsyncSync to the import',
        code: `import { openSync, writeSync } from 'fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
  fsyncSync(fd);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'named import from node:fs with fsyncSync already imported',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
}
export function close() {
  fsyncSync(fd);
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
  fsyncSync(fd);
}
export function close() {
  fsyncSync(fd);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'namespace import',
        code: `import * as fs from 'node:fs';
const fd = fs.openSync('journal.log', 'a');
export function append(record: Buffer) {
  fs.writeSync(fd, record);
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import * as fs from 'node:fs';
const fd = fs.openSync('journal.log', 'a');
export function append(record: Buffer) {
  fs.writeSync(fd, record);
  fs.fsyncSync(fd);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'default import',
        code: `import fs from 'fs';
const fd = fs.openSync('journal.log', 'a');
export function append(record: Buffer) {
  fs.writeSync(fd, record);
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import fs from 'fs';
const fd = fs.openSync('journal.log', 'a');
export function append(record: Buffer) {
  fs.writeSync(fd, record);
  fs.fsyncSync(fd);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'fs.promises through a named import: the sync goes before the close',
        code: `import { promises as fsp } from 'fs';
export async function append(path: string, record: Buffer) {
  const fh = await fsp.open(path, 'a');
  await fh.write(record);
  await fh.close();
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 9,
            suggestions: [
              {
                messageId: 'insertSyncBeforeClose',
                output: `import { promises as fsp } from 'fs';
export async function append(path: string, record: Buffer) {
  const fh = await fsp.open(path, 'a');
  await fh.write(record);
  await fh.sync();
  await fh.close();
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'fs.promises through the default import',
        code: `import fs from 'node:fs';
export async function append(path: string, record: Buffer) {
  const fh = await fs.promises.open(path, 'a');
  await fh.write(record);
  await fh.close();
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 9,
            suggestions: [
              {
                messageId: 'insertSyncBeforeClose',
                output: `import fs from 'node:fs';
export async function append(path: string, record: Buffer) {
  const fh = await fs.promises.open(path, 'a');
  await fh.write(record);
  await fh.sync();
  await fh.close();
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'fs/promises namespace import',
        code: `import * as fsp from 'fs/promises';
export async function append(path: string, record: Buffer) {
  const fh = await fsp.open(path, 'a');
  await fh.write(record);
  await fh.close();
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 9,
            suggestions: [
              {
                messageId: 'insertSyncBeforeClose',
                output: `import * as fsp from 'fs/promises';
export async function append(path: string, record: Buffer) {
  const fh = await fsp.open(path, 'a');
  await fh.write(record);
  await fh.sync();
  await fh.close();
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'require',
        code: `const fs = require('fs');
const fd = fs.openSync('journal.log', 'a');
export function append(record: Buffer) {
  fs.writeSync(fd, record);
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `const fs = require('fs');
const fd = fs.openSync('journal.log', 'a');
export function append(record: Buffer) {
  fs.writeSync(fd, record);
  fs.fsyncSync(fd);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'destructured require',
        code: `const { openSync, writeSync } = require('node:fs');
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
}`,
        errors: [{ messageId: 'unsynced', line: 4, column: 3 }],
      },
      {
        name: 'fs-extra',
        code: `import fse from 'fs-extra';
const fd = fse.openSync('journal.log', 'a');
export function append(record: Buffer) {
  fse.writeSync(fd, record);
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import fse from 'fs-extra';
const fd = fse.openSync('journal.log', 'a');
export function append(record: Buffer) {
  fse.writeSync(fd, record);
  fse.fsyncSync(fd);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'graceful-fs',
        code: `const gfs = require('graceful-fs');
const fd = gfs.openSync('journal.log', 'a');
export function append(record: Buffer) {
  gfs.writeSync(fd, record);
}`,
        errors: [{ messageId: 'unsynced', line: 4, column: 3 }],
      },
      {
        name: 'import fs = require()',
        code: `import fs = require('fs');
const fd = fs.openSync('journal.log', 'a');
export function append(record: Buffer) {
  fs.writeSync(fd, record);
}`,
        errors: [{ messageId: 'unsynced', line: 4, column: 3 }],
      },
    ],
  });
});

describe('handle kinds: fd, FileHandle, one-shot writes, sync open flags, streams', () => {
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [
      {
        name: 'FileHandle field, awaited datasync',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Wal {
  private fh!: FileHandle;
  async open(path: string) {
    this.fh = await open(path, 'a');
  }
  async append(record: Buffer) {
    await this.fh.write(record);
    await this.fh.datasync();
    return record.length;
  }
}`,
      },
      {
        name: 'writeFileSync with flush and no encoding fsyncs',
        code: `import { writeFileSync } from 'node:fs';
export function saveConfig(path: string, text: string) {
  writeFileSync(path, text, { flush: true });
}`,
        options: STRICT,
      },
      {
        name: 'writeFileSync with flush, utf8 and Buffer data fsyncs (the hole is for strings only)',
        code: `import { writeFileSync } from 'node:fs';
export function saveConfig(path: string, text: string) {
  writeFileSync(path, Buffer.from(text), { flush: true, encoding: 'utf8' });
}`,
        options: STRICT,
      },
      {
        name: 'writeFileSync with flush and another encoding fsyncs',
        code: `import { writeFileSync } from 'node:fs';
export function saveConfig(path: string, text: string) {
  writeFileSync(path, text, { flush: true, encoding: 'latin1' });
}`,
        options: STRICT,
      },
      {
        name: 'appendFileSync with flush and no encoding fsyncs',
        code: `import { appendFileSync } from 'node:fs';
export function record(path: string, line: string) {
  appendFileSync(path, line, { flush: true });
}`,
        options: STRICT,
      },
      {
        name: 'awaited fs/promises writeFile with flush and utf8 fsyncs (the hole is in the sync forms only)',
        code: `import { writeFile } from 'node:fs/promises';
export async function saveConfig(path: string, text: string) {
  await writeFile(path, text, { flush: true, encoding: 'utf8' });
}`,
        options: STRICT,
      },
      {
        name: 'callback writeFile with flush: the callback runs after the fsync',
        code: `import fs from 'node:fs';
export function saveConfig(path: string, text: string, done: (err: Error | null) => void) {
  fs.writeFile(path, text, { flush: true }, done);
}`,
        options: STRICT,
      },
      {
        name: "flag 'as' makes every write durable",
        code: `import { openSync, writeSync } from 'node:fs';
export class Log {
  private fd = openSync('events.log', 'as');
  append(record: Buffer) {
    writeSync(this.fd, record);
    return true;
  }
}`,
        options: STRICT,
      },
      {
        name: "flag 'as+' makes every write durable",
        code: `import { openSync, writeSync } from 'node:fs';
const fd = openSync('events.log', 'as+');
export function append(record: Buffer) {
  writeSync(fd, record);
}`,
        options: STRICT,
      },
      {
        name: "flag 'rs+' makes every write durable",
        code: `import { openSync, writeSync } from 'node:fs';
const fd = openSync('pages.db', 'rs+');
export function writePage(page: Buffer, offset: number) {
  writeSync(fd, page, 0, page.length, offset);
}`,
        options: STRICT,
      },
      {
        name: 'fs.constants.O_SYNC makes every write durable',
        code: `import fs from 'node:fs';
const fd = fs.openSync('events.log', fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_SYNC);
export function append(record: Buffer) {
  fs.writeSync(fd, record);
}`,
        options: STRICT,
      },
      {
        name: 'O_DSYNC through a named constants import',
        code: `import { openSync, writeSync, constants } from 'node:fs';
const fd = openSync('events.log', constants.O_WRONLY | constants.O_DSYNC);
export function append(record: Buffer) {
  writeSync(fd, record);
}`,
        options: STRICT,
      },
      {
        name: "FileHandle opened with 'as'",
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Wal {
  private fh!: FileHandle;
  async open(path: string) {
    this.fh = await open(path, 'as');
  }
  async append(record: Buffer) {
    await this.fh.write(record);
    return true;
  }
}`,
        options: STRICT,
      },
      {
        name: "a flush stream acknowledged after stream/promises' finished()",
        code: `import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
export async function saveAll(path: string, lines: string[]) {
  const out = createWriteStream(path, { flush: true });
  for (const line of lines) out.write(line);
  out.end();
  await finished(out);
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'FileHandle field written and acknowledged: the suggestion awaits a sync before the return',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Wal {
  private fh!: FileHandle;
  async open(path: string) {
    this.fh = await open(path, 'a');
  }
  async append(record: Buffer) {
    await this.fh.write(record);
    return record.length;
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 8,
            column: 11,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { open, type FileHandle } from 'node:fs/promises';
export class Wal {
  private fh!: FileHandle;
  async open(path: string) {
    this.fh = await open(path, 'a');
  }
  async append(record: Buffer) {
    await this.fh.write(record);
    await this.fh.sync();
    return record.length;
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'FileHandle appendFile is a write like any other',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Wal {
  private fh!: FileHandle;
  async open(path: string) {
    this.fh = await open(path, 'a');
  }
  async append(line: string) {
    await this.fh.appendFile(line);
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 8,
            column: 11,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { open, type FileHandle } from 'node:fs/promises';
export class Wal {
  private fh!: FileHandle;
  async open(path: string) {
    this.fh = await open(path, 'a');
  }
  async append(line: string) {
    await this.fh.appendFile(line);
    await this.fh.sync();
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'writev through an fd',
        code: `import fs from 'node:fs';
export class Log {
  private fd = fs.openSync('events.log', 'a');
  append(parts: Buffer[]) {
    fs.writevSync(this.fd, parts);
    return parts.length;
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 5,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import fs from 'node:fs';
export class Log {
  private fd = fs.openSync('events.log', 'a');
  append(parts: Buffer[]) {
    fs.writevSync(this.fd, parts);
    fs.fsyncSync(this.fd);
    return parts.length;
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'writeFileSync without flush (strict)',
        code: `import { writeFileSync } from 'node:fs';
export function saveConfig(path: string, text: string) {
  writeFileSync(path, text);
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 3 }],
      },
      {
        name: "Node 20.20 hole: writeFileSync skips flush for string data with encoding 'utf8' (nodejs/node#60552)",
        code: `import { writeFileSync } from 'node:fs';
export function saveConfig(path: string, text: string) {
  writeFileSync(path, text, { flush: true, encoding: 'utf8' });
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 3 }],
      },
      {
        name: "Node 20.20 hole: 'utf-8' is the same encoding",
        code: `import { writeFileSync } from 'node:fs';
export function saveConfig(path: string, config: object) {
  writeFileSync(path, JSON.stringify(config), { encoding: 'utf-8', flush: true });
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 3 }],
      },
      {
        name: 'Node 20.20 hole: appendFileSync too',
        code: `import { appendFileSync } from 'node:fs';
export function record(path: string, line: string) {
  appendFileSync(path, line, { flush: true, encoding: 'utf8' });
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 3 }],
      },
      {
        name: 'fs/promises writeFile with flush, not awaited: the fsync has not happened',
        code: `import { writeFile } from 'node:fs/promises';
export async function saveConfig(path: string, text: string) {
  writeFile(path, text, { flush: true });
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 3 }],
      },
      {
        name: 'fs/promises appendFile without flush',
        code: `import fs from 'node:fs';
export async function record(line: string) {
  await fs.promises.appendFile('events.log', line);
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 9 }],
      },
      {
        name: 'flush through a FileHandle is ignored: fh.writeFile(s, { flush: true }) is not a sync',
        code: `import { open } from 'node:fs/promises';
export async function saveConfig(path: string, text: string) {
  const fh = await open(path, 'w');
  await fh.writeFile(text, { flush: true });
  await fh.close();
}`,
        options: STRICT,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 9,
            suggestions: [
              {
                messageId: 'insertSyncBeforeClose',
                output: `import { open } from 'node:fs/promises';
export async function saveConfig(path: string, text: string) {
  const fh = await open(path, 'w');
  await fh.writeFile(text, { flush: true });
  await fh.sync();
  await fh.close();
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'flush through a FileHandle is ignored: fsPromises.writeFile(fh, ...) is not a sync',
        code: `import { open, writeFile } from 'node:fs/promises';
export async function saveConfig(path: string, text: string) {
  const fh = await open(path, 'w');
  await writeFile(fh, text, { flush: true });
  await fh.close();
}`,
        options: STRICT,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 9,
            suggestions: [
              {
                messageId: 'insertSyncBeforeClose',
                output: `import { open, writeFile } from 'node:fs/promises';
export async function saveConfig(path: string, text: string) {
  const fh = await open(path, 'w');
  await writeFile(fh, text, { flush: true });
  await fh.sync();
  await fh.close();
}`,
              },
            ],
          },
        ],
      },
      {
        name: "near-miss: 'a' without 's' is a plain append",
        code: `import { openSync, writeSync } from 'node:fs';
export class Log {
  private fd = openSync('events.log', 'a');
  append(record: Buffer) {
    writeSync(this.fd, record);
    return true;
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 5,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Log {
  private fd = openSync('events.log', 'a');
  append(record: Buffer) {
    writeSync(this.fd, record);
    fsyncSync(this.fd);
    return true;
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'near-miss: O_APPEND without O_SYNC',
        code: `import fs from 'node:fs';
const fd = fs.openSync('events.log', fs.constants.O_WRONLY | fs.constants.O_APPEND);
export function append(record: Buffer) {
  fs.writeSync(fd, record);
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import fs from 'node:fs';
const fd = fs.openSync('events.log', fs.constants.O_WRONLY | fs.constants.O_APPEND);
export function append(record: Buffer) {
  fs.writeSync(fd, record);
  fs.fsyncSync(fd);
}`,
              },
            ],
          },
        ],
      },
      {
        name: "near-miss: opened with 'as', but reopened with 'a' on rotation",
        code: `import { openSync, writeSync } from 'node:fs';
export class Log {
  private fd = openSync('events.log', 'as');
  rotate(next: string) {
    this.fd = openSync(next, 'a');
  }
  append(record: Buffer) {
    writeSync(this.fd, record);
    return true;
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 8,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Log {
  private fd = openSync('events.log', 'as');
  rotate(next: string) {
    this.fd = openSync(next, 'a');
  }
  append(record: Buffer) {
    writeSync(this.fd, record);
    fsyncSync(this.fd);
    return true;
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'a flush stream written and acknowledged long before its fsync at close',
        code: `import fs from 'node:fs';
export class Journal {
  private out = fs.createWriteStream('journal.log', { flags: 'a', flush: true });
  add(entry: string) {
    this.out.write(entry);
    return true;
  }
}`,
        errors: [{ messageId: 'unsynced', line: 5, column: 5 }],
      },
      {
        name: "a flush stream's end() starts the fsync, it does not wait for it",
        code: `import { createWriteStream } from 'node:fs';
export function saveAll(path: string, lines: string[]) {
  const out = createWriteStream(path, { flush: true });
  for (const line of lines) out.write(line);
  out.end();
  return lines.length;
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 4, column: 29 }],
      },
      {
        name: "end(cb) calls back on 'finish', before the closing fsync of a flush stream",
        code: `import { createWriteStream } from 'node:fs';
export function saveAll(path: string, lines: string[], cb: () => void) {
  const out = createWriteStream(path, { flush: true });
  for (const line of lines) out.write(line);
  out.end(cb);
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 4, column: 29 }],
      },
    ],
  });
});

describe("streams: fsync(ws.fd) counts only once the stream has handed its writes to the fd, and before it closes it", () => {
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [
      {
        name: "fsync of the stream's fd inside the write callback",
        code: `import fs from 'node:fs';
export class Log {
  private ws = fs.createWriteStream('log', { flags: 'a' });
  append(line: string, cb: (e?: Error | null) => void) {
    this.ws.write(line, (err) => {
      if (err) return cb(err);
      fs.fsync(this.ws.fd, (e) => cb(e));
    });
  }
}`,
        options: STRICT,
      },
      {
        name: 'fsyncSync of the fd the stream was created over, inside the write callback',
        code: `import { createWriteStream, fsyncSync, openSync } from 'node:fs';
export class Log {
  private fd = openSync('log', 'a');
  private ws = createWriteStream('log', { fd: this.fd });
  append(line: string, cb: (e?: Error | null) => void) {
    this.ws.write(line, (err) => {
      if (err) return cb(err);
      fsyncSync(this.fd);
      cb();
    });
  }
}`,
        options: STRICT,
      },
      {
        name: 'a promisified stream write, awaited, then fsyncSync of its fd',
        code: `import fs from 'node:fs';
export class Log {
  private ws = fs.createWriteStream('log', { flags: 'a' });
  async append(line: string) {
    await new Promise<void>((resolve, reject) => this.ws.write(line, (e) => (e ? reject(e) : resolve())));
    fs.fsyncSync(this.ws.fd);
  }
}`,
        options: STRICT,
      },
      {
        name: "autoClose: false: the fd stays open after 'finish', so the end() callback may fsync it",
        code: `import fs from 'node:fs';
export function save(path: string, data: string, cb: (e?: Error | null) => void) {
  const ws = fs.createWriteStream(path, { autoClose: false });
  ws.write(data);
  ws.end(() => fs.fsync(ws.fd, (e) => fs.close(ws.fd, () => cb(e))));
}`,
        options: STRICT,
      },
      {
        name: "autoClose: false and a 'finish' handler that fsyncs",
        code: `import fs from 'node:fs';
export function save(path: string, data: string, cb: (e?: Error | null) => void) {
  const ws = fs.createWriteStream(path, { autoClose: false });
  ws.on('finish', () => {
    fs.fsyncSync(ws.fd);
    fs.closeSync(ws.fd);
    cb();
  });
  ws.write(data);
  ws.end();
}`,
        options: STRICT,
      },
      {
        name: 'an fsync of a stream that has nothing unsynced is not checked',
        code: `import fs from 'node:fs';
export class Log {
  private ws = fs.createWriteStream('log', { flags: 'a' });
  sync(cb: (e?: Error | null) => void) {
    fs.fsync(this.ws.fd, (e) => cb(e));
  }
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'fsyncSync of the fd right after ws.write(): the data may still be queued in the stream',
        code: `import fs from 'node:fs';
export class Log {
  private ws = fs.createWriteStream('log', { flags: 'a' });
  append(line: string, cb: () => void) {
    this.ws.write(line);
    fs.fsyncSync(this.ws.fd);
    cb();
  }
}`,
        errors: [{ messageId: 'streamSyncQueued', line: 6, column: 5, data: { stream: 'this.ws', fd: 'this.ws.fd', line: '5' } }],
      },
      {
        name: 'fsync of the fd the stream was created over, right after the write (the buggy stream log)',
        code: `import { createWriteStream, fsync, openSync } from 'node:fs';
export class Log {
  private fd = openSync('log', 'r+');
  private stream = createWriteStream('log', { fd: this.fd, flags: 'r+' });
  append(record: Buffer, callback: (e: Error | null) => void) {
    this.stream.write(record);
    fsync(this.fd, (e) => callback(e));
  }
}`,
        errors: [{ messageId: 'streamSyncQueued', line: 7, column: 5, data: { stream: 'this.stream', fd: 'this.fd', line: '6' } }],
      },
      {
        name: 'a write callback that syncs, followed by a second write the sync does not wait for',
        code: `import fs from 'node:fs';
export function log2(ws: fs.WriteStream, a: string, b: string, cb: () => void) {
  ws.write(a);
  ws.write(b, () => undefined);
  fs.fsyncSync(ws.fd);
  cb();
}`,
        options: STRICT,
        errors: [{ messageId: 'streamSyncQueued', line: 5, column: 3 }],
      },
      {
        name: 'fsync after end(): the stream closes its fd',
        code: `import fs from 'node:fs';
export class Log {
  private ws = fs.createWriteStream('log', { flags: 'a' });
  close(last: string, cb: (e?: Error | null) => void) {
    this.ws.write(last);
    this.ws.end();
    fs.fsync(this.ws.fd, (e) => cb(e));
  }
}`,
        errors: [{ messageId: 'streamSyncAfterEnd', line: 7, column: 5, data: { stream: 'this.ws', fd: 'this.ws.fd', line: '5' } }],
      },
      {
        name: 'end(data) writes last, then the fsync comes after end()',
        code: `import fs from 'node:fs';
export function save(path: string, data: string) {
  const ws = fs.createWriteStream(path);
  ws.end(data);
  fs.fsyncSync(ws.fd);
  return true;
}`,
        options: STRICT,
        errors: [{ messageId: 'streamSyncAfterEnd', line: 5, column: 3 }],
      },
      {
        name: "an fsync from end()'s callback races the stream's own auto-close",
        code: `import fs from 'node:fs';
export function save(path: string, data: string, cb: (e?: Error | null) => void) {
  const ws = fs.createWriteStream(path);
  ws.write(data);
  ws.end(() => fs.fsync(ws.fd, (e) => cb(e)));
}`,
        options: STRICT,
        errors: [{ messageId: 'streamSyncRacesClose', line: 5, column: 16 }],
      },
      {
        name: "an fsync from a 'finish' handler races the stream's own auto-close",
        code: `import fs from 'node:fs';
export function save(path: string, data: string, cb: () => void) {
  const ws = fs.createWriteStream(path, { flags: 'a' });
  ws.write(data);
  ws.on('finish', () => {
    fs.fsyncSync(ws.fd);
    cb();
  });
  ws.end();
}`,
        options: STRICT,
        errors: [{ messageId: 'streamSyncRacesClose', line: 6, column: 5 }],
      },
      {
        name: "an fsync from a 'close' handler: the fd is gone",
        code: `import fs from 'node:fs';
export function save(path: string, data: string, cb: () => void) {
  const ws = fs.createWriteStream(path, { flags: 'a' });
  ws.write(data);
  ws.on('close', () => {
    fs.fsyncSync(ws.fd);
    cb();
  });
  ws.end();
}`,
        options: STRICT,
        errors: [{ messageId: 'streamSyncRacesClose', line: 6, column: 5 }],
      },
      {
        name: 'a write with a callback is still queued until its callback runs, on either branch',
        code: `import fs from 'node:fs';
export class Log {
  private ws = fs.createWriteStream('log', { flags: 'a' });
  append(line: string, urgent: boolean, cb: () => void) {
    if (urgent) this.ws.write(line);
    else this.ws.write(line, () => undefined);
    fs.fsyncSync(this.ws.fd);
    cb();
  }
}`,
        errors: [{ messageId: 'streamSyncQueued', line: 7, column: 5 }],
      },
      {
        name: 'a correct sync in the write callback does not excuse a write made after it was queued',
        code: `import fs from 'node:fs';
export class Log {
  private ws = fs.createWriteStream('log', { flags: 'a' });
  append(line: string, cb: () => void) {
    this.ws.write(line);
    fs.fsyncSync(this.ws.fd);
    this.ws.write(line, () => {
      fs.fsyncSync(this.ws.fd);
      cb();
    });
  }
}`,
        errors: [{ messageId: 'streamSyncQueued', line: 6, column: 5 }],
      },
    ],
  });
});

describe('write-file-atomic: a temp file, fsynced unless `fsync: false`, renamed over the target', () => {
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [
      {
        name: 'the promise form, awaited',
        code: `import writeFileAtomic from 'write-file-atomic';
export async function save(path: string, state: object) {
  await writeFileAtomic(path, JSON.stringify(state));
  return true;
}`,
        options: STRICT,
      },
      {
        name: 'the sync form through require',
        code: `const writeFileAtomic = require('write-file-atomic');
export function save(path: string, state: object) {
  writeFileAtomic.sync(path, JSON.stringify(state), { mode: 0o600 });
  return true;
}`,
        options: STRICT,
      },
      {
        name: 'the callback form: done when the callback runs',
        code: `import writeFileAtomic from 'write-file-atomic';
export function save(path: string, state: object, cb: (err?: Error | null) => void) {
  writeFileAtomic(path, JSON.stringify(state), (err) => cb(err));
}`,
        options: STRICT,
      },
      {
        name: 'the callback form with options, the completion callback handed straight through',
        code: `import writeFileAtomic from 'write-file-atomic';
export function save(path: string, state: object, callback: (err?: Error | null) => void) {
  writeFileAtomic(path, JSON.stringify(state), { encoding: 'utf8' }, callback);
}`,
        options: STRICT,
      },
      {
        name: 'options passed by name are options, not a callback',
        code: `import writeFileAtomic from 'write-file-atomic';
const opts = { mode: 0o600 };
export async function save(path: string, state: object) {
  await writeFileAtomic(path, JSON.stringify(state), opts);
  return true;
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: '`fsync: false` opts out of the fsync: strict reports the acknowledged write',
        code: `import writeFileAtomic from 'write-file-atomic';
export async function save(path: string, state: object) {
  await writeFileAtomic(path, JSON.stringify(state), { fsync: false });
  return true;
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 9 }],
      },
      {
        name: 'the sync form with `fsync: false`',
        code: `const writeFileAtomic = require('write-file-atomic');
export function save(path: string, state: object) {
  writeFileAtomic.sync(path, JSON.stringify(state), { fsync: false });
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 3 }],
      },
      {
        name: 'the promise is not awaited: nothing is durable yet when save() returns',
        code: `import writeFileAtomic from 'write-file-atomic';
export function save(path: string, state: object) {
  void writeFileAtomic(path, JSON.stringify(state));
  return true;
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 8 }],
      },
    ],
  });
});

describe('handle places: local, parameter, closure, module variable, fields and their aliases', () => {
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [
      {
        name: 'a read is not a write',
        code: `import { openSync, readSync } from 'node:fs';
export class Bitcask {
  private fd = openSync('active.data', 'a+');
  get(buffer: Buffer, offset: number) {
    readSync(this.fd, buffer, 0, buffer.length, offset);
    return buffer;
  }
}`,
        options: STRICT,
      },
      {
        name: 'stdout is not a file to sync, even in strict',
        code: `import { writeSync } from 'node:fs';
export function printLine(line: string) {
  writeSync(1, line + '\\n');
  return line.length;
}`,
        options: STRICT,
      },
      {
        name: 'a one-shot write synced through an fd opened on the same path',
        code: `import { writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
export function saveState(path: string, state: string) {
  writeFileSync(path, state);
  const fd = openSync(path, 'r+');
  fsyncSync(fd);
  closeSync(fd);
}`,
        options: STRICT,
      },
      {
        name: 'field synced',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Bitcask {
  private fd = openSync('active.data', 'a');
  put(record: Buffer) {
    writeSync(this.fd, record);
    fsyncSync(this.fd);
  }
}`,
      },
      {
        name: 'private #field synced',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Bitcask {
  #fd = openSync('active.data', 'a');
  put(record: Buffer) {
    writeSync(this.#fd, record);
    fsyncSync(this.#fd);
  }
}`,
      },
      {
        name: 'written through const fd = this.fd, synced through this.fd',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Bitcask {
  private fd = openSync('active.data', 'a');
  put(record: Buffer) {
    const fd = this.fd;
    writeSync(fd, record);
    fsyncSync(this.fd);
  }
}`,
      },
      {
        name: 'written through this.fd, synced through const { fd } = this',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Bitcask {
  private fd = openSync('active.data', 'a');
  put(record: Buffer) {
    writeSync(this.fd, record);
    const { fd } = this;
    fsyncSync(fd);
  }
}`,
      },
      {
        name: 'nested field this.log.fd synced',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Db {
  private log = { fd: openSync('wal.log', 'a') };
  put(record: Buffer) {
    writeSync(this.log.fd, record);
    fsyncSync(this.log.fd);
  }
}`,
      },
      {
        name: 'closure variable synced by the closure',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export function openLog(path: string) {
  const fd = openSync(path, 'a');
  return {
    append(record: Buffer) {
      writeSync(fd, record);
      fsyncSync(fd);
      return true;
    },
  };
}`,
      },
      {
        name: 'a parameter fd: nothing shows it is meant to be durable (recommended)',
        code: `import { writeSync } from 'node:fs';
export function writeRecord(fd: number, record: Buffer) {
  writeSync(fd, record);
}`,
      },
    ],
    invalid: [
      {
        name: 'field',
        code: `import { openSync, writeSync } from 'node:fs';
export class Bitcask {
  private fd = openSync('active.data', 'a');
  put(record: Buffer) {
    writeSync(this.fd, record);
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 5,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Bitcask {
  private fd = openSync('active.data', 'a');
  put(record: Buffer) {
    writeSync(this.fd, record);
    fsyncSync(this.fd);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'module variable opened in init(), written in another function',
        code: `import * as fs from 'node:fs';
let fd = -1;
export function init(path: string) {
  fd = fs.openSync(path, 'a');
}
export function append(record: Buffer) {
  fs.writeSync(fd, record);
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 7,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import * as fs from 'node:fs';
let fd = -1;
export function init(path: string) {
  fd = fs.openSync(path, 'a');
}
export function append(record: Buffer) {
  fs.writeSync(fd, record);
  fs.fsyncSync(fd);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'local append-mode fd: the suggested sync goes before the close, not after it (EBADF)',
        code: `import { openSync, writeSync, closeSync } from 'node:fs';
export function appendEvent(path: string, event: Buffer) {
  const fd = openSync(path, 'a');
  writeSync(fd, event);
  closeSync(fd);
  return true;
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSyncBeforeClose',
                output: `import { openSync, writeSync, closeSync, fsyncSync } from 'node:fs';
export function appendEvent(path: string, event: Buffer) {
  const fd = openSync(path, 'a');
  writeSync(fd, event);
  fsyncSync(fd);
  closeSync(fd);
  return true;
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'closure variable written by the closure',
        code: `import { openSync, writeSync } from 'node:fs';
export function openLog(path: string) {
  const fd = openSync(path, 'a');
  return {
    append(record: Buffer) {
      writeSync(fd, record);
      return true;
    },
  };
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 6,
            column: 7,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export function openLog(path: string) {
  const fd = openSync(path, 'a');
  return {
    append(record: Buffer) {
      writeSync(fd, record);
      fsyncSync(fd);
      return true;
    },
  };
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'nested field this.log.fd',
        code: `import { openSync, writeSync } from 'node:fs';
export class Db {
  private log = { fd: openSync('wal.log', 'a') };
  put(record: Buffer) {
    writeSync(this.log.fd, record);
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 5,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Db {
  private log = { fd: openSync('wal.log', 'a') };
  put(record: Buffer) {
    writeSync(this.log.fd, record);
    fsyncSync(this.log.fd);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: "this.log.fd where log is another class's instance: the suggestion must name it as written here",
        code: `import { openSync, writeSync } from 'node:fs';
class Log {
  fd = openSync('wal.log', 'a');
}
export class Db {
  private log = new Log();
  put(record: Buffer) {
    writeSync(this.log.fd, record);
    return true;
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 8,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
class Log {
  fd = openSync('wal.log', 'a');
}
export class Db {
  private log = new Log();
  put(record: Buffer) {
    writeSync(this.log.fd, record);
    fsyncSync(this.log.fd);
    return true;
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'alias const fd = this.fd',
        code: `import { openSync, writeSync } from 'node:fs';
export class Bitcask {
  private fd = openSync('active.data', 'a');
  put(record: Buffer) {
    const fd = this.fd;
    writeSync(fd, record);
    return true;
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 6,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Bitcask {
  private fd = openSync('active.data', 'a');
  put(record: Buffer) {
    const fd = this.fd;
    writeSync(fd, record);
    fsyncSync(this.fd);
    return true;
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'destructured const { fd } = this',
        code: `import { openSync, writeSync } from 'node:fs';
export class Bitcask {
  private fd = openSync('active.data', 'a');
  put(record: Buffer) {
    const { fd } = this;
    writeSync(fd, record);
    return true;
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 6,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Bitcask {
  private fd = openSync('active.data', 'a');
  put(record: Buffer) {
    const { fd } = this;
    writeSync(fd, record);
    fsyncSync(this.fd);
    return true;
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'an arrow function held in a class field writes this.fd',
        code: `import { openSync, writeSync } from 'node:fs';
export class Bitcask {
  private fd = openSync('active.data', 'a');
  put = (record: Buffer) => {
    writeSync(this.fd, record);
  };
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 5,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Bitcask {
  private fd = openSync('active.data', 'a');
  put = (record: Buffer) => {
    writeSync(this.fd, record);
    fsyncSync(this.fd);
  };
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'near-miss: the data file is written, the index file is synced',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Store {
  private data = openSync('store.data', 'a');
  private index = openSync('store.index', 'a');
  put(record: Buffer, entry: Buffer) {
    writeSync(this.data, record);
    writeSync(this.index, entry);
    fsyncSync(this.index);
    return true;
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 6,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Store {
  private data = openSync('store.data', 'a');
  private index = openSync('store.index', 'a');
  put(record: Buffer, entry: Buffer) {
    writeSync(this.data, record);
    writeSync(this.index, entry);
    fsyncSync(this.index);
    fsyncSync(this.data);
    return true;
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

describe('control flow: branches, switch, loops, try/catch/finally, early returns and throws', () => {
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [
      {
        // one bug, one report: no-ignored-fsync-error reports the swallowed sync; counting it as never done would report the write again and suggest a retry
        name: 'a caught fsync error is swallowed and the write acknowledged anyway',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  try {
    writeSync(fd, record);
    fsyncSync(fd);
  } catch (error) {
    console.error(error);
  }
  return true;
}`,
      },
      {
        name: 'a return inside try completes only after finally has synced',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  try {
    writeSync(fd, record);
    return true;
  } finally {
    fsyncSync(fd);
  }
}`,
      },
      {
        name: 'batch mode: a periodic sync in the loop, and a final one after it',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function appendBatch(records: Buffer[]) {
  let n = 0;
  for (const record of records) {
    writeSync(fd, record);
    if (++n % 100 === 0) fsyncSync(fd);
  }
  fsyncSync(fd);
  return n;
}`,
      },
      {
        name: 'synced on both branches',
        code: `import { openSync, writeSync, fsyncSync, fdatasyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer, full: boolean) {
  writeSync(fd, record);
  if (full) {
    fsyncSync(fd);
  } else {
    fdatasyncSync(fd);
  }
  return true;
}`,
      },
      {
        name: 'switch: every way out syncs, including a fallthrough',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer, kind: 'put' | 'delete' | 'other') {
  writeSync(fd, record);
  switch (kind) {
    case 'put':
    case 'delete':
      fsyncSync(fd);
      return 1;
    default:
      fsyncSync(fd);
  }
  return 0;
}`,
      },
      {
        name: 'a loop of writes, one sync after the loop',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function appendAll(records: Buffer[]) {
  for (const record of records) {
    writeSync(fd, record);
  }
  fsyncSync(fd);
  return records.length;
}`,
      },
      {
        name: 'while loop: write then sync each time round',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function appendAll(records: Buffer[]) {
  let i = 0;
  while (i < records.length) {
    writeSync(fd, records[i++]!);
    fsyncSync(fd);
  }
  return i;
}`,
      },
      {
        name: 'sync in finally covers the write in try',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  try {
    writeSync(fd, record);
  } finally {
    fsyncSync(fd);
  }
  return true;
}`,
      },
      {
        name: 'a catch that rethrows does not acknowledge',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  try {
    writeSync(fd, record);
    fsyncSync(fd);
  } catch (error) {
    throw new Error('append failed', { cause: error });
  }
  return true;
}`,
      },
      {
        name: 'an early return before any write acknowledges nothing',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  if (record.length === 0) return false;
  writeSync(fd, record);
  fsyncSync(fd);
  return true;
}`,
      },
      {
        name: 'a throw between the write and the sync is a failure, not an acknowledgement',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer, limit: number) {
  writeSync(fd, record);
  if (record.length > limit) throw new RangeError('record too large');
  fsyncSync(fd);
  return true;
}`,
      },
      {
        name: 'many branches, one sync at the join',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer, tag: number) {
  if (tag === 1) writeSync(fd, record);
  else if (tag === 2) writeSync(fd, record, 0, 1);
  else if (tag === 3) writeSync(fd, record, 1);
  else if (tag === 4) writeSync(fd, Buffer.concat([record, record]));
  else writeSync(fd, Buffer.alloc(0));
  fsyncSync(fd);
  return tag;
}`,
      },
    ],
    invalid: [
      {
        name: 'synced on one branch only',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
  if (record.length > 4096) {
    fsyncSync(fd);
  }
  return true;
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
  if (record.length > 4096) {
    fsyncSync(fd);
  }
  fsyncSync(fd);
  return true;
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'if/else: the else branch returns unsynced',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer, urgent: boolean) {
  writeSync(fd, record);
  if (urgent) {
    fsyncSync(fd);
    return 'synced';
  } else {
    return 'queued';
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer, urgent: boolean) {
  writeSync(fd, record);
  if (urgent) {
    fsyncSync(fd);
    return 'synced';
  } else {
    fsyncSync(fd);
    return 'queued';
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'switch: one case returns before the sync',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer, kind: string) {
  writeSync(fd, record);
  switch (kind) {
    case 'put':
      fsyncSync(fd);
      break;
    case 'hint':
      return 2;
    default:
      fsyncSync(fd);
  }
  return 1;
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer, kind: string) {
  writeSync(fd, record);
  switch (kind) {
    case 'put':
      fsyncSync(fd);
      break;
    case 'hint':
      fsyncSync(fd);
      return 2;
    default:
      fsyncSync(fd);
  }
  return 1;
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'switch without default: a kind no case matches leaves it unsynced',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer, kind: string) {
  writeSync(fd, record);
  switch (kind) {
    case 'put':
      fsyncSync(fd);
      break;
    case 'delete':
      fsyncSync(fd);
      break;
  }
  return 1;
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer, kind: string) {
  writeSync(fd, record);
  switch (kind) {
    case 'put':
      fsyncSync(fd);
      break;
    case 'delete':
      fsyncSync(fd);
      break;
  }
  fsyncSync(fd);
  return 1;
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'a sync deferred to setImmediate runs after the acknowledgement',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
  setImmediate(() => fsyncSync(fd));
  return true;
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
  setImmediate(() => fsyncSync(fd));
  fsyncSync(fd);
  return true;
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'sync inside the loop before the write: the last write stays dirty',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function appendAll(records: Buffer[]) {
  for (const record of records) {
    fsyncSync(fd);
    writeSync(fd, record);
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 6,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function appendAll(records: Buffer[]) {
  for (const record of records) {
    fsyncSync(fd);
    writeSync(fd, record);
  }
  fsyncSync(fd);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'while loop: break skips the sync',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function appendAll(records: Buffer[]) {
  let i = 0;
  while (i < records.length) {
    writeSync(fd, records[i]!);
    if (records[i]!.length === 0) break;
    fsyncSync(fd);
    i++;
  }
  return i;
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 6,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function appendAll(records: Buffer[]) {
  let i = 0;
  while (i < records.length) {
    writeSync(fd, records[i]!);
    if (records[i]!.length === 0) break;
    fsyncSync(fd);
    i++;
  }
  fsyncSync(fd);
  return i;
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'for loop: continue skips the sync of the last record',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function appendAll(records: Buffer[]) {
  for (let i = 0; i < records.length; i++) {
    writeSync(fd, records[i]!);
    if (i % 8 !== 7) continue;
    fsyncSync(fd);
  }
  return records.length;
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 5,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function appendAll(records: Buffer[]) {
  for (let i = 0; i < records.length; i++) {
    writeSync(fd, records[i]!);
    if (i % 8 !== 7) continue;
    fsyncSync(fd);
  }
  fsyncSync(fd);
  return records.length;
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'early return from inside the loop skips the sync after it',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function appendUntilEmpty(records: Buffer[]) {
  for (const record of records) {
    writeSync(fd, record);
    if (record.length === 0) return false;
  }
  fsyncSync(fd);
  return true;
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 5,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function appendUntilEmpty(records: Buffer[]) {
  for (const record of records) {
    writeSync(fd, record);
    if (record.length === 0) {
      fsyncSync(fd);
      return false;
    }
  }
  fsyncSync(fd);
  return true;
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'try/finally closes, nothing syncs',
        code: `import { openSync, writeSync, closeSync } from 'node:fs';
export function appendEvent(path: string, event: Buffer) {
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, event);
  } finally {
    closeSync(fd);
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 5,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSyncBeforeClose',
                output: `import { openSync, writeSync, closeSync, fsyncSync } from 'node:fs';
export function appendEvent(path: string, event: Buffer) {
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, event);
    fsyncSync(fd);
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
        name: 'a throw on one path does not excuse the normal path',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
  if (record.length > 4096) {
    fsyncSync(fd);
    throw new RangeError('record too large');
  }
  return true;
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
  if (record.length > 4096) {
    fsyncSync(fd);
    throw new RangeError('record too large');
  }
  fsyncSync(fd);
  return true;
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'do/while: the periodic sync is skipped when the loop ends between syncs',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function appendAll(records: Buffer[]) {
  let n = 0;
  do {
    writeSync(fd, records[n]!);
    n++;
    if (n % 10 === 0) fsyncSync(fd);
  } while (n < records.length);
  return n;
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 6,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function appendAll(records: Buffer[]) {
  let n = 0;
  do {
    writeSync(fd, records[n]!);
    n++;
    if (n % 10 === 0) fsyncSync(fd);
  } while (n < records.length);
  fsyncSync(fd);
  return n;
}`,
              },
            ],
          },
        ],
      },
    ],
  });
});

describe('async: await, un-awaited syncs, promise chains', () => {
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [
      {
        name: 'returning the sync promise acknowledges only once it resolves',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Wal {
  private fh!: FileHandle;
  async open(path: string) {
    this.fh = await open(path, 'a');
  }
  async append(record: Buffer) {
    await this.fh.write(record);
    return this.fh.sync();
  }
}`,
      },
      {
        name: 'await Promise.all of the syncs of two handles',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Store {
  private data!: FileHandle;
  private index!: FileHandle;
  async open() {
    this.data = await open('store.data', 'a');
    this.index = await open('store.index', 'a');
  }
  async put(record: Buffer, entry: Buffer) {
    await this.data.write(record);
    await this.index.write(entry);
    await Promise.all([this.data.sync(), this.index.sync()]);
    return true;
  }
}`,
      },
      {
        name: '.then after fh.sync(): the continuation runs after the sync, and the promise is returned',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Wal {
  private fh!: FileHandle;
  private acknowledged = 0;
  async open(path: string) {
    this.fh = await open(path, 'a');
  }
  async append(record: Buffer) {
    await this.fh.write(record);
    return this.fh.sync().then(() => ++this.acknowledged);
  }
}`,
      },
      {
        name: 'promisified fsync, awaited',
        code: `import fs from 'node:fs';
import { promisify } from 'node:util';
const fsyncAsync = promisify(fs.fsync);
export class Log {
  private fd = fs.openSync('events.log', 'a');
  async append(record: Buffer) {
    fs.writeSync(this.fd, record);
    await fsyncAsync(this.fd);
    return true;
  }
}`,
      },
      {
        name: 'an awaited Promise around fs.fsync that resolves in its callback',
        code: `import fs from 'node:fs';
export class Log {
  private fd = fs.openSync('events.log', 'a');
  async append(record: Buffer) {
    fs.writeSync(this.fd, record);
    await new Promise<void>((resolve, reject) => fs.fsync(this.fd, (err) => (err ? reject(err) : resolve())));
    return true;
  }
}`,
      },
    ],
    invalid: [
      {
        name: 'un-awaited fh.sync(): the method goes on before the sync is done',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Wal {
  private fh!: FileHandle;
  async open(path: string) {
    this.fh = await open(path, 'a');
  }
  async append(record: Buffer) {
    await this.fh.write(record);
    this.fh.sync();
    return true;
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 8,
            column: 11,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { open, type FileHandle } from 'node:fs/promises';
export class Wal {
  private fh!: FileHandle;
  async open(path: string) {
    this.fh = await open(path, 'a');
  }
  async append(record: Buffer) {
    await this.fh.write(record);
    this.fh.sync();
    await this.fh.sync();
    return true;
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: '.then after fh.sync() that is neither awaited nor returned',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Wal {
  private fh!: FileHandle;
  private synced = 0;
  async open(path: string) {
    this.fh = await open(path, 'a');
  }
  async append(record: Buffer) {
    await this.fh.write(record);
    this.fh.sync().then(() => this.synced++);
    return true;
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 9,
            column: 11,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { open, type FileHandle } from 'node:fs/promises';
export class Wal {
  private fh!: FileHandle;
  private synced = 0;
  async open(path: string) {
    this.fh = await open(path, 'a');
  }
  async append(record: Buffer) {
    await this.fh.write(record);
    this.fh.sync().then(() => this.synced++);
    await this.fh.sync();
    return true;
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'promisified write, no sync',
        code: `import fs from 'node:fs';
import { promisify } from 'node:util';
const writeAsync = promisify(fs.write);
export class Log {
  private fd = fs.openSync('events.log', 'a');
  async append(record: Buffer) {
    await writeAsync(this.fd, record);
    return true;
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 7,
            column: 11,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import fs from 'node:fs';
import { promisify } from 'node:util';
const writeAsync = promisify(fs.write);
export class Log {
  private fd = fs.openSync('events.log', 'a');
  async append(record: Buffer) {
    await writeAsync(this.fd, record);
    fs.fsyncSync(this.fd);
    return true;
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'a sync in a non-async method cannot be awaited: no suggestion',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Wal {
  private fh!: FileHandle;
  async open(path: string) {
    this.fh = await open(path, 'a');
  }
  append(record: Buffer) {
    this.fh.write(record);
    return true;
  }
}`,
        errors: [{ messageId: 'unsynced', line: 8, column: 5, suggestions: [] }],
      },
    ],
  });
});

describe('suggestions: a sync goes before the handle is closed and before what follows the close', () => {
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [],
    invalid: [
      {
        // at the end of the function the sync would follow close() (EBADF) and the truncate of the log it protects
        name: 'a FileHandle snapshot closed, then a log truncated: the sync goes before the close',
        code: `import { open, truncate } from 'node:fs/promises';
export async function checkpoint(state: string, wal: string) {
  const snap = await open('snapshot.json', 'w');
  await snap.write(state);
  await snap.close();
  await truncate(wal, 0);
}`,
        options: STRICT,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 9,
            suggestions: [
              {
                messageId: 'insertSyncBeforeClose',
                output: `import { open, truncate } from 'node:fs/promises';
export async function checkpoint(state: string, wal: string) {
  const snap = await open('snapshot.json', 'w');
  await snap.write(state);
  await snap.sync();
  await snap.close();
  await truncate(wal, 0);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'an fd closed before a log line is written elsewhere: the sync goes before closeSync',
        code: `import { openSync, writeSync, closeSync, appendFileSync } from 'node:fs';
export function save(data: string) {
  const fd = openSync('state.db', 'w');
  writeSync(fd, data);
  closeSync(fd);
  appendFileSync('audit.log', 'saved');
}`,
        options: STRICT,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSyncBeforeClose',
                output: `import { openSync, writeSync, closeSync, appendFileSync, fsyncSync } from 'node:fs';
export function save(data: string) {
  const fd = openSync('state.db', 'w');
  writeSync(fd, data);
  fsyncSync(fd);
  closeSync(fd);
  appendFileSync('audit.log', 'saved');
}`,
              },
            ],
          },
          { messageId: 'unsynced', line: 6, column: 3, suggestions: [] },
        ],
      },
    ],
  });
});

describe('callbacks: the operation is done when its callback runs', () => {
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [
      {
        name: 'fs.write(fd, b, cb) with fs.fsync(fd, cb) inside: cb runs after the fsync',
        code: `const fs = require('fs');
function append(fd, data, cb) {
  fs.write(fd, data, (err) => {
    if (err) return cb(err);
    fs.fsync(fd, (syncErr) => cb(syncErr));
  });
}`,
        options: STRICT,
      },
      {
        name: 'writeSync then fs.fsync(fd, cb): the callback itself is handed to fsync',
        code: `const fs = require('fs');
function append(fd, data, cb) {
  fs.writeSync(fd, data);
  fs.fsync(fd, cb);
}`,
        options: STRICT,
      },
      {
        name: 'an error passed to the callback is a failure, not an acknowledgement',
        code: `const fs = require('fs');
function append(fd, data, cb) {
  fs.write(fd, data, (err) => {
    if (err) {
      cb(err);
      return;
    }
    fs.fsync(fd, cb);
  });
}`,
        options: STRICT,
      },
      {
        name: 'the promise chain calls back only after the sync',
        code: `import type { FileHandle } from 'node:fs/promises';
export function append(fh: FileHandle, record: Buffer, done: (err: Error | null) => void) {
  fh.write(record)
    .then(() => fh.sync())
    .then(() => done(null), done);
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'callback writeFile without flush calls back before any fsync',
        code: `import fs from 'node:fs';
export function saveConfig(path: string, text: string, done: (err: Error | null) => void) {
  fs.writeFile(path, text, done);
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 3 }],
      },
      {
        name: 'fs.fsync started, but the callback is called before it completes',
        code: `const fs = require('fs');
function append(fd, data, cb) {
  fs.writeSync(fd, data);
  fs.fsync(fd, () => {});
  cb(null);
}`,
        options: STRICT,
        errors: [
          {
            messageId: 'unsynced',
            line: 3,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `const fs = require('fs');
function append(fd, data, cb) {
  fs.writeSync(fd, data);
  fs.fsync(fd, () => {});
  fs.fsyncSync(fd);
  cb(null);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'the fsync of another fd does not sync this one',
        code: `const fs = require('fs');
function append(fd, other, data, cb) {
  fs.writeSync(fd, data);
  fs.fsync(other, cb);
}`,
        options: STRICT,
        errors: [
          {
            messageId: 'unsynced',
            line: 3,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `const fs = require('fs');
function append(fd, other, data, cb) {
  fs.writeSync(fd, data);
  fs.fsyncSync(fd);
  fs.fsync(other, cb);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'a closure fd written in an inline forEach callback',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function appendAll(records: Buffer[]) {
  records.forEach((record) => writeSync(fd, record));
  return records.length;
}
export function sync() {
  fsyncSync(fd);
}`,
        errors: [{ messageId: 'unsynced', line: 4, column: 31 }],
      },
    ],
  });
});

describe('helpers: a sync or write in a helper counts where the helper is called', () => {
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [
      {
        name: 'a helper declared after its caller (hoisting)',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
  syncJournal();
  return true;
}
function syncJournal() {
  fsyncSync(fd);
}`,
      },
      {
        name: 'a static helper of the same class',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Wal {
  private fd = openSync('wal.log', 'a');
  append(record: Buffer) {
    writeSync(this.fd, record);
    Wal.syncFd(this.fd);
    return true;
  }
  static syncFd(fd: number) {
    fsyncSync(fd);
  }
}`,
      },
      {
        name: 'same-class this.doSync()',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Wal {
  private fd = openSync('wal.log', 'a');
  append(record: Buffer) {
    writeSync(this.fd, record);
    this.doSync();
    return true;
  }
  private doSync() {
    fsyncSync(this.fd);
  }
}`,
      },
      {
        name: 'this.pager.sync() where pager = new Pager()',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
class Pager {
  private fd = openSync('pages.db', 'r+');
  write(page: Buffer, offset: number) {
    writeSync(this.fd, page, 0, page.length, offset);
  }
  sync() {
    fsyncSync(this.fd);
  }
}
export class Tree {
  private pager = new Pager();
  put(page: Buffer) {
    this.pager.write(page, 0);
    this.pager.sync();
    return true;
  }
}`,
      },
      {
        name: 'this.pager.sync() where pager is a field typed Pager, set in the constructor',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
class Pager {
  private fd = openSync('pages.db', 'r+');
  write(page: Buffer, offset: number) {
    writeSync(this.fd, page, 0, page.length, offset);
  }
  sync() {
    fsyncSync(this.fd);
  }
}
export class Tree {
  private pager: Pager;
  constructor(pager: Pager) {
    this.pager = pager;
  }
  put(page: Buffer) {
    this.pager.write(page, 0);
    this.pager.sync();
    return true;
  }
}`,
      },
      {
        name: 'a module-level helper taking the fd as a parameter',
        code: `import { openSync, writeSync, fsyncSync, closeSync } from 'node:fs';
function syncFile(fd: number) {
  fsyncSync(fd);
}
export function appendEvent(path: string, event: Buffer) {
  const fd = openSync(path, 'a');
  writeSync(fd, event);
  syncFile(fd);
  closeSync(fd);
  return true;
}`,
      },
      {
        name: 'recursion: the writes of every level are synced by the caller',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
function writeFrom(records: Buffer[], i: number): void {
  if (i >= records.length) return;
  writeSync(fd, records[i]!);
  writeFrom(records, i + 1);
}
export function appendAll(records: Buffer[]) {
  writeFrom(records, 0);
  fsyncSync(fd);
  return records.length;
}`,
      },
      {
        name: 'a chain of helpers: write two levels down, sync in another helper',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Wal {
  private fd = openSync('wal.log', 'a');
  append(record: Buffer) {
    this.encodeAndWrite(record);
    this.commit();
    return true;
  }
  private encodeAndWrite(record: Buffer) {
    this.writeRaw(Buffer.concat([Buffer.from([record.length]), record]));
  }
  private writeRaw(bytes: Buffer) {
    writeSync(this.fd, bytes);
  }
  private commit() {
    fsyncSync(this.fd);
  }
}`,
      },
      {
        name: 'an awaited async helper that syncs',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Wal {
  private fh!: FileHandle;
  async open(path: string) {
    this.fh = await open(path, 'a');
  }
  async append(record: Buffer) {
    await this.fh.write(record);
    await this.flushToDisk();
    return true;
  }
  private async flushToDisk() {
    await this.fh.sync();
  }
}`,
      },
    ],
    invalid: [
      {
        name: 'the helper syncs only sometimes (not behind an option)',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Wal {
  private fd = openSync('wal.log', 'a');
  private pending = 0;
  append(record: Buffer) {
    writeSync(this.fd, record);
    this.maybeSync();
    return true;
  }
  private maybeSync() {
    if (++this.pending >= 100) {
      fsyncSync(this.fd);
      this.pending = 0;
    }
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 6,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Wal {
  private fd = openSync('wal.log', 'a');
  private pending = 0;
  append(record: Buffer) {
    writeSync(this.fd, record);
    this.maybeSync();
    fsyncSync(this.fd);
    return true;
  }
  private maybeSync() {
    if (++this.pending >= 100) {
      fsyncSync(this.fd);
      this.pending = 0;
    }
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'a helper that closes is not a helper that syncs',
        code: `import { openSync, writeSync, closeSync } from 'node:fs';
export class Segment {
  private fd = openSync('segment.data', 'a');
  seal(footer: Buffer) {
    writeSync(this.fd, footer);
    this.release();
    return true;
  }
  private release() {
    closeSync(this.fd);
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 5,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSyncBeforeClose',
                output: `import { openSync, writeSync, closeSync, fsyncSync } from 'node:fs';
export class Segment {
  private fd = openSync('segment.data', 'a');
  seal(footer: Buffer) {
    writeSync(this.fd, footer);
    fsyncSync(this.fd);
    this.release();
    return true;
  }
  private release() {
    closeSync(this.fd);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'the pager is written through a helper and never synced before the return',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
class Pager {
  private fd = openSync('pages.db', 'r+');
  write(page: Buffer, offset: number) {
    writeSync(this.fd, page, 0, page.length, offset);
  }
  sync() {
    fsyncSync(this.fd);
  }
}
export class Tree {
  private pager = new Pager();
  put(page: Buffer) {
    this.pager.write(page, 0);
    return true;
  }
}`,
        errors: [{ messageId: 'unsynced', line: 5, column: 5 }],
      },
      {
        name: 'the helper syncs the other parameter',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
function syncFirst(a: number, _b: number) {
  fsyncSync(a);
}
const data = openSync('store.data', 'a');
const index = openSync('store.index', 'a');
export function put(record: Buffer) {
  writeSync(data, record);
  syncFirst(index, data);
  return true;
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 8,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
function syncFirst(a: number, _b: number) {
  fsyncSync(a);
}
const data = openSync('store.data', 'a');
const index = openSync('store.index', 'a');
export function put(record: Buffer) {
  writeSync(data, record);
  syncFirst(index, data);
  fsyncSync(data);
  return true;
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'recursion that writes and never syncs',
        code: `import { openSync, writeSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function appendFrom(records: Buffer[], i: number): number {
  if (i >= records.length) return i;
  writeSync(fd, records[i]!);
  return appendFrom(records, i + 1);
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 5,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function appendFrom(records: Buffer[], i: number): number {
  if (i >= records.length) return i;
  writeSync(fd, records[i]!);
  fsyncSync(fd);
  return appendFrom(records, i + 1);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'an async helper that syncs, called without await',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Wal {
  private fh!: FileHandle;
  async open(path: string) {
    this.fh = await open(path, 'a');
  }
  async append(record: Buffer) {
    await this.fh.write(record);
    this.flushToDisk();
    return true;
  }
  private async flushToDisk() {
    await this.fh.sync();
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 8,
            column: 11,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { open, type FileHandle } from 'node:fs/promises';
export class Wal {
  private fh!: FileHandle;
  async open(path: string) {
    this.fh = await open(path, 'a');
  }
  async append(record: Buffer) {
    await this.fh.write(record);
    this.flushToDisk();
    await this.fh.sync();
    return true;
  }
  private async flushToDisk() {
    await this.fh.sync();
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

describe('paths computed by a module function with literal arguments (`file(\'log\')`) name one file across functions', () => {
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [
      {
        name: "the path written by a helper is synced by the caller through an fd opened on file('log')",
        code: `import * as fs from 'node:fs';
import path from 'node:path';
let root = '';
function file(name: string): string {
  return path.join(root, name);
}
function put(line: string): void {
  fs.appendFileSync(file('log'), line);
}
export function run(lines: string[]): void {
  for (const line of lines) put(line);
  const fd = fs.openSync(file('log'), 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: "a helper appends to file('log'); its caller acknowledges without a sync",
        code: `import * as fs from 'node:fs';
import path from 'node:path';
let root = '';
function file(name: string): string {
  return path.join(root, name);
}
function put(line: string): void {
  fs.appendFileSync(file('log'), line);
}
export function run(lines: string[]): number {
  for (const line of lines) put(line);
  return lines.length;
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 8, column: 3 }],
      },
      {
        name: "file('log') and file('data') are different files: syncing one leaves the other dirty",
        code: `import * as fs from 'node:fs';
import path from 'node:path';
let root = '';
function file(name: string): string {
  return path.join(root, name);
}
function put(line: string): void {
  fs.appendFileSync(file('log'), line);
}
export function run(lines: string[]): number {
  for (const line of lines) put(line);
  const fd = fs.openSync(file('data'), 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  return lines.length;
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 8, column: 3 }],
      },
    ],
  });
});

describe('option-guarded syncs: the documented trade-off in recommended, its own message in strict', () => {
  const guardedPut = `import * as fs from 'node:fs';
export class HashIndex {
  private fd = fs.openSync('store.data', 'a');
  constructor(private syncWrites: boolean) {}
  put(record: Buffer) {
    fs.writeSync(this.fd, record);
    if (this.syncWrites) fs.fsyncSync(this.fd);
    return true;
  }
}`;
  const guardedByEarlyReturn = `import * as fs from 'node:fs';
export class HashIndex {
  private fd = fs.openSync('store.data', 'a');
  constructor(private syncWrites: boolean) {}
  put(record: Buffer) {
    fs.writeSync(this.fd, record);
    if (!this.syncWrites) return true;
    fs.fsyncSync(this.fd);
    return true;
  }
}`;
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [
      { name: 'if (this.syncWrites) fsyncSync(fd) in recommended', code: guardedPut },
      { name: "optionGuardedSync: 'allow' with report: 'all'", code: guardedPut, options: ALL },
      { name: 'if (!this.syncWrites) return: the same guard, written as an early return', code: guardedByEarlyReturn },
      {
        name: 'opts.fsync && fsyncSync(fd)',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Queue {
  private fd = openSync('queue.log', 'a');
  constructor(private opts: { fsync: boolean }) {}
  push(job: Buffer) {
    writeSync(this.fd, job);
    this.opts.fsync && fsyncSync(this.fd);
  }
}`,
      },
      {
        name: "a WAL's sync mode: if (this.mode === 'sync')",
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Wal {
  private fd = openSync('wal.log', 'a');
  constructor(private mode: 'sync' | 'batch') {}
  append(record: Buffer) {
    writeSync(this.fd, record);
    if (this.mode === 'sync') {
      fsyncSync(this.fd);
    }
    return true;
  }
}`,
      },
    ],
    invalid: [
      {
        name: 'strict reports the guarded sync with its own message',
        code: guardedPut,
        options: STRICT,
        errors: [
          {
            messageId: 'unsyncedOptionGuarded',
            line: 6,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import * as fs from 'node:fs';
export class HashIndex {
  private fd = fs.openSync('store.data', 'a');
  constructor(private syncWrites: boolean) {}
  put(record: Buffer) {
    fs.writeSync(this.fd, record);
    if (this.syncWrites) fs.fsyncSync(this.fd);
    fs.fsyncSync(this.fd);
    return true;
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'strict: the early-return form of the guard gets the same message',
        code: guardedByEarlyReturn,
        options: STRICT,
        errors: [
          {
            messageId: 'unsyncedOptionGuarded',
            line: 6,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import * as fs from 'node:fs';
export class HashIndex {
  private fd = fs.openSync('store.data', 'a');
  constructor(private syncWrites: boolean) {}
  put(record: Buffer) {
    fs.writeSync(this.fd, record);
    if (!this.syncWrites) {
      fs.fsyncSync(this.fd);
      return true;
    }
    fs.fsyncSync(this.fd);
    return true;
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: "optionGuardedSync: 'report' alone",
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Queue {
  private fd = openSync('queue.log', 'a');
  constructor(private opts: { fsync: boolean }) {}
  push(job: Buffer) {
    writeSync(this.fd, job);
    this.opts.fsync && fsyncSync(this.fd);
  }
}`,
        options: [{ optionGuardedSync: 'report' }],
        errors: [
          {
            messageId: 'unsyncedOptionGuarded',
            line: 6,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Queue {
  private fd = openSync('queue.log', 'a');
  constructor(private opts: { fsync: boolean }) {}
  push(job: Buffer) {
    writeSync(this.fd, job);
    this.opts.fsync && fsyncSync(this.fd);
    fsyncSync(this.fd);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'near-miss: a size threshold is not a configuration option',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Wal {
  private fd = openSync('wal.log', 'a');
  private unsyncedBytes = 0;
  append(record: Buffer) {
    writeSync(this.fd, record);
    this.unsyncedBytes += record.length;
    if (this.unsyncedBytes > 1 << 20) fsyncSync(this.fd);
    return true;
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 6,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Wal {
  private fd = openSync('wal.log', 'a');
  private unsyncedBytes = 0;
  append(record: Buffer) {
    writeSync(this.fd, record);
    this.unsyncedBytes += record.length;
    if (this.unsyncedBytes > 1 << 20) fsyncSync(this.fd);
    fsyncSync(this.fd);
    return true;
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

describe('evidence: recommended reports where durability is evidently intended, strict everywhere', () => {
  const buildScriptDump = `import { openSync, writeSync, closeSync } from 'node:fs';
export function dump(path: string, data: Buffer) {
  const fd = openSync(path, 'w');
  writeSync(fd, data);
  closeSync(fd);
}`;
  const topLevelWrite = `import { writeFileSync } from 'node:fs';
writeFileSync('dist/out.js', 'export {};');`;
  const logger = `import fs from 'node:fs';
export class Logger {
  private out = fs.createWriteStream('app.log', { flags: 'a' });
  log(message: string) {
    this.out.write(message + '\\n');
  }
}`;
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [
      { name: 'a local fd written and closed in a build-script-like function', code: buildScriptDump },
      { name: "a build script's top-level writeFileSync", code: topLevelWrite },
      { name: 'a logger stream without flush', code: logger },
      {
        name: 'a one-shot write to a path nobody marked durable',
        code: `import { writeFileSync } from 'node:fs';
export function writeReport(path: string, text: string) {
  writeFileSync(path, text);
  return path;
}`,
      },
    ],
    invalid: [
      {
        name: 'strict reports the build-script function too; the sync goes before the close',
        code: buildScriptDump,
        options: STRICT,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSyncBeforeClose',
                output: `import { openSync, writeSync, closeSync, fsyncSync } from 'node:fs';
export function dump(path: string, data: Buffer) {
  const fd = openSync(path, 'w');
  writeSync(fd, data);
  fsyncSync(fd);
  closeSync(fd);
}`,
              },
            ],
          },
        ],
      },
      {
        name: "strict reports a module's top-level write at the end of the module",
        code: topLevelWrite,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 2, column: 1 }],
      },
      {
        name: 'strict reports a logger stream',
        code: logger,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 5, column: 5 }],
      },
      {
        name: 'a local fd that is synced on another path is evidently meant to be durable',
        code: `import { openSync, writeSync, fsyncSync, closeSync } from 'node:fs';
export function save(path: string, data: Buffer) {
  const fd = openSync(path, 'w');
  writeSync(fd, data);
  if (data.length > 0) {
    fsyncSync(fd);
  }
  closeSync(fd);
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSyncBeforeClose',
                output: `import { openSync, writeSync, fsyncSync, closeSync } from 'node:fs';
export function save(path: string, data: Buffer) {
  const fd = openSync(path, 'w');
  writeSync(fd, data);
  if (data.length > 0) {
    fsyncSync(fd);
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
        name: 'a flush-like call in the function shows the author meant to persist',
        code: `import { openSync, writeSync, closeSync } from 'node:fs';
export function persist(path: string, data: Buffer, buffer: { flush(): void }) {
  buffer.flush();
  const fd = openSync(path, 'w');
  writeSync(fd, data);
  closeSync(fd);
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 5,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSyncBeforeClose',
                output: `import { openSync, writeSync, closeSync, fsyncSync } from 'node:fs';
export function persist(path: string, data: Buffer, buffer: { flush(): void }) {
  buffer.flush();
  const fd = openSync(path, 'w');
  writeSync(fd, data);
  fsyncSync(fd);
  closeSync(fd);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'a write marked // durable',
        code: `import { openSync, writeSync, closeSync } from 'node:fs';
export function save(path: string, data: Buffer) {
  const fd = openSync(path, 'w');
  writeSync(fd, data); // durable
  closeSync(fd);
}`,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSyncBeforeClose',
                output: `import { openSync, writeSync, closeSync, fsyncSync } from 'node:fs';
export function save(path: string, data: Buffer) {
  const fd = openSync(path, 'w');
  writeSync(fd, data); // durable
  fsyncSync(fd);
  closeSync(fd);
}`,
              },
            ],
          },
        ],
      },
    ],
  });
});

describe('settings.durability: syncFunctions, acknowledgeFunctions, durableHandles', () => {
  const externalSync = `import { openSync, writeSync } from 'node:fs';
import { fsyncFile } from './io';
export class Wal {
  private fd = openSync('wal.log', 'a');
  append(record: Buffer) {
    writeSync(this.fd, record);
    fsyncFile(this.fd);
    return true;
  }
}`;
  const replyBeforeSync = `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('queue.log', 'a');
export function enqueue(job: Buffer, reply: (status: string) => void) {
  writeSync(fd, job);
  reply('saved');
  fsyncSync(fd);
}`;
  const statePath = `import { writeFileSync } from 'node:fs';
export function writeState(statePath: string, state: string) {
  writeFileSync(statePath, state);
}`;
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [
      {
        name: 'syncFunctions names a sync helper the analysis cannot see',
        code: externalSync,
        settings: { durability: { syncFunctions: ['fsyncFile'] } },
      },
      {
        name: 'syncFunctions with handleArg: the fd is the second argument',
        code: `import { openSync, writeSync } from 'node:fs';
import { syncHandle } from './native-io';
export class Wal {
  private fd = openSync('wal.log', 'a');
  append(record: Buffer) {
    writeSync(this.fd, record);
    syncHandle('wal', this.fd);
    return true;
  }
}`,
        settings: { durability: { syncFunctions: [{ name: 'syncHandle', handleArg: 1 }] } },
      },
      {
        name: 'acknowledgeFunctions: the reply comes after the fsync',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('queue.log', 'a');
export function enqueue(job: Buffer, reply: (status: string) => void) {
  writeSync(fd, job);
  fsyncSync(fd);
  reply('saved');
}`,
        settings: { durability: { acknowledgeFunctions: ['reply'] } },
      },
      { name: 'without acknowledgeFunctions, reply() is just a call: the function ends synced', code: replyBeforeSync },
      { name: 'without durableHandles, a path parameter written once is not evidently durable', code: statePath },
    ],
    invalid: [
      {
        name: 'without syncFunctions, an unknown call is not a sync',
        code: externalSync,
        errors: [
          {
            messageId: 'unsynced',
            line: 6,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
import { fsyncFile } from './io';
export class Wal {
  private fd = openSync('wal.log', 'a');
  append(record: Buffer) {
    writeSync(this.fd, record);
    fsyncFile(this.fd);
    fsyncSync(this.fd);
    return true;
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'syncFunctions with handleArg: syncing the wrong argument is no sync',
        code: `import { openSync, writeSync } from 'node:fs';
import { syncHandle } from './native-io';
export class Wal {
  private fd = openSync('wal.log', 'a');
  append(record: Buffer) {
    writeSync(this.fd, record);
    syncHandle(this.fd, 'wal');
    return true;
  }
}`,
        settings: { durability: { syncFunctions: [{ name: 'syncHandle', handleArg: 1 }] } },
        errors: [
          {
            messageId: 'unsynced',
            line: 6,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
import { syncHandle } from './native-io';
export class Wal {
  private fd = openSync('wal.log', 'a');
  append(record: Buffer) {
    writeSync(this.fd, record);
    syncHandle(this.fd, 'wal');
    fsyncSync(this.fd);
    return true;
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'acknowledgeFunctions: replying before the fsync acknowledges dirty data',
        code: replyBeforeSync,
        settings: { durability: { acknowledgeFunctions: ['reply'] } },
        errors: [
          {
            messageId: 'unsynced',
            data: { handle: 'fd', exit: 'the call to `reply` on line 5', fn: '`enqueue()`' },
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('queue.log', 'a');
export function enqueue(job: Buffer, reply: (status: string) => void) {
  writeSync(fd, job);
  fsyncSync(fd);
  reply('saved');
  fsyncSync(fd);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'durableHandles makes a one-shot write to a named path evident',
        code: statePath,
        settings: { durability: { durableHandles: ['^statePath$'] } },
        errors: [{ messageId: 'unsynced', line: 3, column: 3 }],
      },
    ],
  });
});

describe('messages name the handle, the exit and the function', () => {
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [],
    invalid: [
      {
        // a constructor does not report success by name: the caller wrote `new Manifest()`
        name: 'the end of a constructor',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Manifest {
  private fd = openSync('MANIFEST', 'a');
  constructor(header: Buffer) {
    writeSync(this.fd, header);
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            data: { handle: 'this.fd', exit: 'the end of the constructor (`new Manifest()`)', fn: '`new Manifest()`' },
            line: 5,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                data: { code: 'fsyncSync(this.fd);', exit: 'the end of the constructor (`new Manifest()`)' },
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Manifest {
  private fd = openSync('MANIFEST', 'a');
  constructor(header: Buffer) {
    writeSync(this.fd, header);
    fsyncSync(this.fd);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'a return',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Bitcask {
  private fd = openSync('active.data', 'a');
  put(record: Buffer) {
    writeSync(this.fd, record);
    return record.length;
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            data: { handle: 'this.fd', exit: 'the return on line 6', fn: '`put()`' },
            line: 5,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                data: { code: 'fsyncSync(this.fd);', exit: 'the return on line 6' },
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
export class Bitcask {
  private fd = openSync('active.data', 'a');
  put(record: Buffer) {
    writeSync(this.fd, record);
    fsyncSync(this.fd);
    return record.length;
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'the end of a function',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
}`,
        errors: [
          {
            messageId: 'unsynced',
            data: { handle: 'fd', exit: 'the end of `append()`', fn: '`append()`' },
            line: 4,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
  fsyncSync(fd);
}`,
              },
            ],
          },
        ],
      },
      {
        name: "another class's field is named as the code names it",
        code: `import { openSync, writeSync } from 'node:fs';
class Log {
  fd = openSync('wal.log', 'a');
}
export class Db {
  private log = new Log();
  put(record: Buffer) {
    writeSync(this.log.fd, record);
    return true;
  }
}`,
        errors: [
          {
            messageId: 'unsynced',
            data: { handle: 'this.log.fd', exit: 'the return on line 9', fn: '`put()`' },
            line: 8,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
class Log {
  fd = openSync('wal.log', 'a');
}
export class Db {
  private log = new Log();
  put(record: Buffer) {
    writeSync(this.log.fd, record);
    fsyncSync(this.log.fd);
    return true;
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

describe('type information (parserOptions.projectService): receivers whose origin is out of sight', () => {
  const typedTester = typedRuleTester();
  const inheritedField = `import { BaseLog } from './base-log.js';
export class Wal extends BaseLog {
  async append(record: Buffer) {
    await this.fh.write(record);
    return record.length;
  }
}`;
  const aliasedParameter = `import type { Handle } from './handle.js';
export class Journal {
  constructor(private readonly file: Handle) {}
  async add(entry: string) {
    await this.file.write(entry);
  }
}`;
  typedTester.run('no-flush-without-fsync', rule, {
    valid: [
      {
        name: 'a FileHandle parameter known by type only: the caller that passed it in syncs it (strict)',
        code: `import type { Handle } from './handle.js';
export async function writeEntry(file: Handle, entry: string) {
  await file.write(entry);
}`,
        options: STRICT,
      },
      {
        name: 'a FileHandle field declared in a base class in another module, synced',
        code: `import { BaseLog } from './base-log.js';
export class Wal extends BaseLog {
  async append(record: Buffer) {
    await this.fh.write(record);
    await this.fh.sync();
    return record.length;
  }
}`,
      },
      {
        name: "writeFileSync's flush is honoured when the type says the data is a Buffer",
        code: `import { writeFileSync } from 'node:fs';
import { encodeRecord } from './records.js';
export function save(path: string, key: string, value: string) {
  const data = encodeRecord(key, value);
  writeFileSync(path, data, { flush: true, encoding: 'utf8' });
}`,
        options: STRICT,
      },
      {
        name: 'a FileHandle parameter known by type only, not evidently durable (recommended)',
        code: `import type { Handle } from './handle.js';
export async function writeEntry(file: Handle, entry: string) {
  await file.write(entry);
}`,
      },
    ],
    invalid: [
      {
        name: 'a FileHandle field declared in a base class in another module',
        code: inheritedField,
        errors: [
          {
            messageId: 'unsynced',
            line: 4,
            column: 11,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { BaseLog } from './base-log.js';
export class Wal extends BaseLog {
  async append(record: Buffer) {
    await this.fh.write(record);
    await this.fh.sync();
    return record.length;
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'a FileHandle under another type name, held in a parameter property',
        code: aliasedParameter,
        errors: [
          {
            messageId: 'unsynced',
            line: 5,
            column: 11,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import type { Handle } from './handle.js';
export class Journal {
  constructor(private readonly file: Handle) {}
  async add(entry: string) {
    await this.file.write(entry);
    await this.file.sync();
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: "the type says the data is a string: writeFileSync's flush is skipped",
        code: `import { writeFileSync } from 'node:fs';
export function save(path: string, config: { name: string }) {
  const text: string = config.name;
  writeFileSync(path, text, { flush: true, encoding: 'utf8' });
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 4, column: 3 }],
      },
    ],
  });

  // Without types the same code is silent: nothing in the file says `this.fh` or `this.file` is a FileHandle.
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [
      { name: 'untyped: the inherited field is unknown', code: inheritedField, options: STRICT },
      { name: 'untyped: the aliased handle type is unknown', code: aliasedParameter, options: STRICT },
    ],
    invalid: [],
  });
});

describe('options and settings that are wrong are rejected with a clear message', () => {
  const code = `import { openSync, writeSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record: Buffer) {
  writeSync(fd, record);
}`;

  it('rejects an unknown value of report', () => {
    expect(() => lintWithPlugin('no-flush-without-fsync', code, { options: [{ report: 'sometimes' }] })).toThrow(
      /durability\/no-flush-without-fsync.*Value "sometimes" should be equal to one of the allowed values/s,
    );
  });

  it('rejects an unknown value of optionGuardedSync', () => {
    expect(() => lintWithPlugin('no-flush-without-fsync', code, { options: [{ optionGuardedSync: 'ignore' }] })).toThrow(
      /durability\/no-flush-without-fsync.*Value "ignore" should be equal to one of the allowed values/s,
    );
  });

  it('rejects a misspelt option', () => {
    expect(() => lintWithPlugin('no-flush-without-fsync', code, { options: [{ reprot: 'all' }] })).toThrow(/Unexpected property "reprot"/);
  });

  it('rejects a second options object', () => {
    expect(() => lintWithPlugin('no-flush-without-fsync', code, { options: [{}, {}] })).toThrow(/should NOT have more than 1 items/);
  });

  it('rejects an unknown settings key, naming it and the known ones', () => {
    expect(() => lintWithPlugin('no-flush-without-fsync', code, { settings: { durability: { syncFunction: ['fsyncFile'] } } })).toThrow(
      /settings\.durability has an unknown key "syncFunction" \(known: syncFunctions, writeFunctions, renameFunctions, acknowledgeFunctions, durableHandles\)/,
    );
  });

  it('rejects settings.durability that is not an object', () => {
    expect(() => lintWithPlugin('no-flush-without-fsync', code, { settings: { durability: ['fsyncFile'] } })).toThrow(
      /settings\.durability must be an object/,
    );
  });

  it('rejects a syncFunctions entry of the wrong shape', () => {
    expect(() => lintWithPlugin('no-flush-without-fsync', code, { settings: { durability: { syncFunctions: [42] } } })).toThrow(
      /syncFunctions entries must be a function name or \{ name, handleArg\? \}, got 42/,
    );
  });

  it('rejects a negative handleArg', () => {
    expect(() =>
      lintWithPlugin('no-flush-without-fsync', code, { settings: { durability: { syncFunctions: [{ name: 'syncHandle', handleArg: -1 }] } } }),
    ).toThrow(/handleArg of "syncHandle" must be a non-negative integer/);
  });

  it('rejects acknowledgeFunctions that is not an array', () => {
    expect(() => lintWithPlugin('no-flush-without-fsync', code, { settings: { durability: { acknowledgeFunctions: 'reply' } } })).toThrow(
      /\.acknowledgeFunctions must be an array/,
    );
  });

  it('rejects a durableHandles entry that is not a regular expression', () => {
    expect(() => lintWithPlugin('no-flush-without-fsync', code, { settings: { durability: { durableHandles: ['('] } } })).toThrow(
      /durableHandles: "\(" is not a valid regular expression/,
    );
  });

  it('rejects bad settings even in a file that does not use fs', () => {
    expect(() =>
      lintWithPlugin('no-flush-without-fsync', 'export const answer = 42;', { settings: { durability: { syncFunction: ['fsyncFile'] } } }),
    ).toThrow(/unknown key "syncFunction"/);
  });

  it('accepts the documented options and settings', () => {
    const messages = lintWithPlugin('no-flush-without-fsync', code, {
      options: [{ report: 'all', optionGuardedSync: 'report' }],
      settings: {
        durability: {
          syncFunctions: ['fsyncFile', { name: 'syncHandle', handleArg: 1 }],
          acknowledgeFunctions: ['reply'],
          durableHandles: ['^this\\.journal'],
        },
      },
    });
    expect(messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['durability/no-flush-without-fsync', 4, 3]]);
  });
});

describe('evidence that real code shows: persistence-named operations, backups, and streams that are not stores', () => {
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [
      {
        name: 'recommended: a save-named function in a module that exports nothing (a script)',
        code: `import { writeFileSync } from 'node:fs';
function saveReport(file: string, text: string) {
  writeFileSync(file, text);
  return true;
}
saveReport('report.txt', 'done');`,
      },
      {
        name: 'recommended: a save-named function writing a cache',
        code: `import { writeFileSync } from 'node:fs';
export function saveCache(cacheFile: string, text: string) {
  writeFileSync(cacheFile, text);
  return true;
}`,
      },
      {
        name: 'recommended: a Writable subclass appending to its file: a stream, not a store',
        code: `import { Writable } from 'node:stream';
import type { FileHandle } from 'node:fs/promises';
export class LogStream extends Writable {
  constructor(private fh: FileHandle) { super(); }
  _write(chunk: Buffer, _encoding: string, callback: (error?: Error | null) => void) {
    this.fh.write(chunk).then(() => callback(), callback);
  }
}`,
      },
      {
        name: "recommended: a function's own fd, used by no object's method, is short-lived",
        code: `import fs from 'node:fs';
export function writeOnce(file: string, buf: Buffer, cb: (err: Error | null) => void) {
  const fd = fs.openSync(file, 'r+');
  fs.write(fd, buf, 0, buf.length, 0, (err) => cb(err));
}`,
      },
      {
        name: 'a copy that is not a backup, in a function with no other sign of durability',
        code: `import { copyFileSync } from 'node:fs';
export function publish(from: string, to: string) {
  copyFileSync(from, to);
  return to;
}`,
      },
    ],
    invalid: [
      {
        name: "a factory's fd, used by the methods of the object it returns, lives as long as that object",
        code: `import fs from 'node:fs';
export function openBlocks(file: string) {
  const fd = fs.openSync(file, 'r+');
  return {
    append(buf: Buffer, position: number, cb: (err: Error | null, end?: number) => void) {
      fs.write(fd, buf, 0, buf.length, position, (err, written) => {
        if (err) return cb(err);
        cb(null, position + written);
      });
    },
  };
}`,
        errors: [{ messageId: 'unsynced', line: 6, column: 7, suggestions: [] }],
      },
      {
        name: 'an operation named save*, in library code, acknowledges by returning',
        code: `import { writeFileSync } from 'node:fs';
export function saveSettings(file: string, settings: object) {
  writeFileSync(file, JSON.stringify(settings));
  return true;
}`,
        errors: [{ messageId: 'unsynced', line: 3, column: 3, suggestions: [] }],
      },
      {
        name: 'a prototype method named persistTo calls back',
        code: `import fs from 'node:fs';
export function Memory() {}
Memory.prototype.persistTo = function (file: string, data: string, cb: (err: Error | null) => void) {
  fs.writeFile(file, data, cb);
};`,
        errors: [{ messageId: 'unsynced', line: 4, column: 3, suggestions: [] }],
      },
      {
        name: 'an unsynced backup copy: a crash can lose it with the original it was made to protect',
        code: `import { copyFileSync } from 'node:fs';
export function backupConfig(file: string, version: number) {
  copyFileSync(file, file.replace('.yaml', \`_backup_v\${version}.yaml\`));
}`,
        errors: [{ messageId: 'unsynced', line: 3, column: 3, suggestions: [] }],
      },
      {
        name: 'strict: the stream subclass too',
        options: ALL,
        code: `import { Writable } from 'node:stream';
import type { FileHandle } from 'node:fs/promises';
export class LogStream extends Writable {
  constructor(private fh: FileHandle) { super(); }
  _write(chunk: Buffer, _encoding: string, callback: (error?: Error | null) => void) {
    this.fh.write(chunk).then(() => callback(), callback);
  }
}`,
        errors: [{ messageId: 'unsynced', line: 6, column: 5 }],
      },
    ],
  });
});

describe("wrappers with fs's own contract: a handle the caller passed in is the caller's to sync, reported once at the caller", () => {
  ruleTester.run('no-flush-without-fsync', rule, {
    valid: [
      {
        name: 'a wrapper that writes through an fd parameter (strict)',
        code: `import { writeSync } from 'node:fs';
export function writeRecord(fd: number, record: Buffer) {
  writeSync(fd, record);
}`,
        options: STRICT,
      },
      {
        name: 'a callback wrapper of fs.write: its completion is the write\'s completion, as for fs.write itself (strict)',
        code: `const fs = require('fs');
function append(fd, data, cb) {
  fs.write(fd, data, (err) => {
    if (err) return cb(err);
    cb(null);
  });
}
module.exports = { append };`,
        options: STRICT,
      },
      {
        name: 'the completion callback handed straight to fs.write (strict)',
        code: `const fs = require('fs');
function append(fd, data, cb) {
  fs.write(fd, data, cb);
}`,
        options: STRICT,
      },
      {
        name: 'a promise wrapper of fs.write resolving with its result (strict)',
        code: `const fs = require('fs');
exports.write = function (fd, data, ...rest) {
  if (typeof rest[rest.length - 1] === 'function') return fs.write(fd, data, ...rest);
  return new Promise((resolve, reject) => {
    fs.write(fd, data, ...rest, (err, written) => {
      if (err) return reject(err);
      resolve(written);
    });
  });
};`,
        options: STRICT,
      },
      {
        name: 'the caller syncs the fd it passed to the wrapper (strict)',
        code: `import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
function writeRecord(fd: number, record: Buffer) {
  writeSync(fd, record);
}
export function save(path: string, record: Buffer) {
  const fd = openSync(path, 'a');
  writeRecord(fd, record);
  fsyncSync(fd);
  closeSync(fd);
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'the caller that opened the fd acknowledges without a sync: reported there, at the wrapper\'s write (strict)',
        code: `import { closeSync, openSync, writeSync } from 'node:fs';
function writeRecord(fd: number, record: Buffer) {
  writeSync(fd, record);
}
export function save(path: string, record: Buffer) {
  const fd = openSync(path, 'a');
  writeRecord(fd, record);
  closeSync(fd);
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', data: { handle: 'fd', exit: 'the end of `save()`', fn: '`save()`' }, line: 3, column: 3 }],
      },
      {
        name: 'the fd an open hands to its callback was opened here: the callback that acknowledges is the report point (strict)',
        code: `const fs = require('fs');
function save(path, data, cb) {
  fs.open(path, 'a', (err, fd) => {
    if (err) return cb(err);
    fs.write(fd, data, (err) => cb(err));
  });
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 5, column: 5 }],
      },
      {
        name: 'a path parameter is not a handle the caller keeps: the writer opened the file (strict)',
        code: `import fs from 'node:fs';
export function saveConfig(path: string, text: string, done: (err: Error | null) => void) {
  fs.writeFile(path, text, done);
}`,
        options: STRICT,
        errors: [{ messageId: 'unsynced', line: 3, column: 3 }],
      },
    ],
  });
});
