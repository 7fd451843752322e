/**
 * require-sync-before-truncate: a log must not be destroyed (truncated, unlinked, removed, reopened with 'w',
 * emptied, renamed over) while data it protects, written to another handle, may still be only in the page cache.
 * Expected results follow design.md §2, grouped by construct; reports point at the destroying call. The code of
 * every case starts at line 1, column 1.
 */
import { describe, expect, it } from 'vitest';
import requireSyncBeforeTruncate, { type Options } from './require-sync-before-truncate.js';
import { lintWithPlugin, testedRule, typedRuleTester, untypedRuleTester } from './test-setup.js';

const rule = testedRule(requireSyncBeforeTruncate);

/** The `strict` config's options. The default options are `recommended`'s. */
const STRICT: Options = [{ report: 'all' }];

const ruleTester = untypedRuleTester();

describe('destroys: every way of emptying or removing the log', () => {
  ruleTester.run('require-sync-before-truncate', rule, {
    valid: [
      {
        name: 'ftruncateSync after the pages are synced',
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncSync(this.pages);
    ftruncateSync(this.wal, 0);
  }
}`,
      },
      {
        name: 'callback ftruncate after the pages are synced',
        code: `import * as fs from 'node:fs';
export class BTree {
  private pages = fs.openSync('pages.db', 'r+');
  private wal = fs.openSync('wal.log', 'a');
  checkpoint(page: Buffer, done: (err: Error | null) => void) {
    fs.writeSync(this.pages, page, 0, page.length, 0);
    fs.fdatasyncSync(this.pages);
    fs.ftruncate(this.wal, 0, done);
  }
}`,
      },
      {
        name: 'truncateSync of the log path after the pages are synced',
        code: `import { openSync, writeSync, fsyncSync, truncateSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncSync(this.pages);
    truncateSync(this.walPath, 0);
  }
}`,
      },
      {
        name: 'unlinkSync of the log after the pages are synced',
        code: `import { openSync, writeSync, fsyncSync, unlinkSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncSync(this.pages);
    unlinkSync(this.walPath);
  }
}`,
      },
      {
        name: 'rmSync of the log after the pages are synced',
        code: `import { openSync, writeSync, fsyncSync, rmSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncSync(this.pages);
    rmSync(this.walPath, { force: true });
  }
}`,
      },
      {
        name: "reopening the log with 'w' after the pages are synced",
        code: `import { openSync, writeSync, fsyncSync, closeSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncSync(this.pages);
    closeSync(this.wal);
    this.wal = openSync(this.walPath, 'w');
  }
}`,
      },
      {
        name: "writeFileSync(path, '') after the pages are synced",
        code: `import { openSync, writeSync, fsyncSync, writeFileSync, appendFileSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  log(record: Buffer) {
    appendFileSync(this.walPath, record);
  }
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncSync(this.pages);
    writeFileSync(this.walPath, '');
  }
}`,
      },
      {
        name: 'fh.truncate(0) after the pages are synced',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class BTree {
  private pages!: FileHandle;
  private wal!: FileHandle;
  async open() {
    this.pages = await open('pages.db', 'r+');
    this.wal = await open('wal.log', 'a');
  }
  async checkpoint(page: Buffer) {
    await this.pages.write(page, 0, page.length, 0);
    await this.pages.sync();
    await this.wal.truncate(0);
  }
}`,
      },
      {
        name: 'fs/promises unlink after the pages are synced',
        code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  async checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncSync(this.pages);
    await unlink(this.walPath);
  }
}`,
      },
      {
        name: 'renaming a fresh log over the old one after the pages are synced',
        code: `import { openSync, writeSync, fsyncSync, renameSync, writeFileSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncSync(this.pages);
    writeFileSync(this.walPath + '.new', Buffer.alloc(0), { flush: true });
    renameSync(this.walPath + '.new', this.walPath);
  }
}`,
      },
    ],
    invalid: [
      {
        name: 'ftruncateSync of the log fd',
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    ftruncateSync(this.wal, 0);
    fsyncSync(this.pages);
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 7,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncSync(this.pages);
    ftruncateSync(this.wal, 0);
    fsyncSync(this.pages);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'callback ftruncate of the log fd',
        code: `import * as fs from 'node:fs';
export class BTree {
  private pages = fs.openSync('pages.db', 'r+');
  private wal = fs.openSync('wal.log', 'a');
  checkpoint(page: Buffer, done: (err: Error | null) => void) {
    fs.writeSync(this.pages, page, 0, page.length, 0);
    fs.ftruncate(this.wal, 0, done);
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 7,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import * as fs from 'node:fs';
export class BTree {
  private pages = fs.openSync('pages.db', 'r+');
  private wal = fs.openSync('wal.log', 'a');
  checkpoint(page: Buffer, done: (err: Error | null) => void) {
    fs.writeSync(this.pages, page, 0, page.length, 0);
    fs.fsyncSync(this.pages);
    fs.ftruncate(this.wal, 0, done);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'truncateSync of the log path',
        code: `import { openSync, writeSync, truncateSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    truncateSync(this.walPath, 0);
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 8,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, truncateSync, fsyncSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncSync(this.pages);
    truncateSync(this.walPath, 0);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'callback truncate of the log path',
        code: `import fs from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = fs.openSync('pages.db', 'r+');
  private wal = fs.openSync(this.walPath, 'a');
  checkpoint(page: Buffer, done: (err: Error | null) => void) {
    fs.writeSync(this.pages, page, 0, page.length, 0);
    fs.truncate(this.walPath, 0, done);
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 8,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import fs from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = fs.openSync('pages.db', 'r+');
  private wal = fs.openSync(this.walPath, 'a');
  checkpoint(page: Buffer, done: (err: Error | null) => void) {
    fs.writeSync(this.pages, page, 0, page.length, 0);
    fs.fsyncSync(this.pages);
    fs.truncate(this.walPath, 0, done);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'unlinkSync of the log',
        code: `import { openSync, writeSync, fsyncSync, unlinkSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    unlinkSync(this.walPath);
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 8,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync, unlinkSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncSync(this.pages);
    unlinkSync(this.walPath);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'rmSync of the log',
        code: `import { openSync, writeSync, fsyncSync, rmSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    rmSync(this.walPath, { force: true });
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 8,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync, rmSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncSync(this.pages);
    rmSync(this.walPath, { force: true });
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: "reopening the log with 'w' (the reopen is reported)",
        code: `import { openSync, writeSync, fsyncSync, closeSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    closeSync(this.wal);
    this.wal = openSync(this.walPath, 'w');
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 9,
            column: 16,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync, closeSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    closeSync(this.wal);
    fsyncSync(this.pages);
    this.wal = openSync(this.walPath, 'w');
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: "reopening the log with 'w' by the same literal name it was opened with",
        code: `import { openSync, writeSync, closeSync } from 'node:fs';
export class Lsm {
  private wal = openSync('wal.log', 'a');
  private table = openSync('000001.sst', 'a');
  flushMemtable(rows: Buffer) {
    writeSync(this.table, rows);
    closeSync(this.wal);
    this.wal = openSync('wal.log', 'w');
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 8,
            column: 16,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, closeSync, fsyncSync } from 'node:fs';
export class Lsm {
  private wal = openSync('wal.log', 'a');
  private table = openSync('000001.sst', 'a');
  flushMemtable(rows: Buffer) {
    writeSync(this.table, rows);
    closeSync(this.wal);
    fsyncSync(this.table);
    this.wal = openSync('wal.log', 'w');
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: "emptying the log with writeFileSync(path, '')",
        code: `import { openSync, writeSync, writeFileSync, appendFileSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  log(record: Buffer) {
    appendFileSync(this.walPath, record);
  }
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    writeFileSync(this.walPath, '');
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 10,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, writeFileSync, appendFileSync, fsyncSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  log(record: Buffer) {
    appendFileSync(this.walPath, record);
  }
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncSync(this.pages);
    writeFileSync(this.walPath, '');
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: "emptying the log with an awaited fs/promises writeFile(path, '')",
        code: `import { open, writeFile, appendFile, type FileHandle } from 'node:fs/promises';
export class BTree {
  private walPath = 'wal.log';
  private pages!: FileHandle;
  async open() {
    this.pages = await open('pages.db', 'r+');
  }
  async log(record: Buffer) {
    await appendFile(this.walPath, record);
  }
  async checkpoint(page: Buffer) {
    await this.pages.write(page, 0, page.length, 0);
    await writeFile(this.walPath, '');
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 13,
            column: 11,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { open, writeFile, appendFile, type FileHandle } from 'node:fs/promises';
export class BTree {
  private walPath = 'wal.log';
  private pages!: FileHandle;
  async open() {
    this.pages = await open('pages.db', 'r+');
  }
  async log(record: Buffer) {
    await appendFile(this.walPath, record);
  }
  async checkpoint(page: Buffer) {
    await this.pages.write(page, 0, page.length, 0);
    await this.pages.sync();
    await writeFile(this.walPath, '');
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'fh.truncate(0) of a FileHandle log',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class BTree {
  private pages!: FileHandle;
  private wal!: FileHandle;
  async open() {
    this.pages = await open('pages.db', 'r+');
    this.wal = await open('wal.log', 'a');
  }
  async checkpoint(page: Buffer) {
    await this.pages.write(page, 0, page.length, 0);
    await this.wal.truncate(0);
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 11,
            column: 11,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { open, type FileHandle } from 'node:fs/promises';
export class BTree {
  private pages!: FileHandle;
  private wal!: FileHandle;
  async open() {
    this.pages = await open('pages.db', 'r+');
    this.wal = await open('wal.log', 'a');
  }
  async checkpoint(page: Buffer) {
    await this.pages.write(page, 0, page.length, 0);
    await this.pages.sync();
    await this.wal.truncate(0);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'fs/promises rm of the log',
        code: `import { openSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  async checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    await rm(this.walPath);
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 9,
            column: 11,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
import { rm } from 'node:fs/promises';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  async checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncSync(this.pages);
    await rm(this.walPath);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'renaming a fresh log over the old one destroys the old one',
        code: `import { openSync, writeSync, renameSync, writeFileSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    writeFileSync(this.walPath + '.new', Buffer.alloc(0), { flush: true });
    renameSync(this.walPath + '.new', this.walPath);
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            // a rename does not destroy the old log's name: it replaces its contents
            data: { how: 'replaced (renamed over)', destroyed: 'this.walPath', dirty: 'this.pages', line: '7' },
            line: 9,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, renameSync, writeFileSync, fsyncSync } from 'node:fs';
export class BTree {
  private walPath = 'wal.log';
  private pages = openSync('pages.db', 'r+');
  private wal = openSync(this.walPath, 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    writeFileSync(this.walPath + '.new', Buffer.alloc(0), { flush: true });
    fsyncSync(this.pages);
    renameSync(this.walPath + '.new', this.walPath);
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

describe('import forms: the same checkpoint through every way of reaching fs', () => {
  ruleTester.run('require-sync-before-truncate', rule, {
    valid: [
      {
        name: 'namespace import',
        code: `import * as fs from 'fs';
const pages = fs.openSync('pages.db', 'r+');
const wal = fs.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  fs.writeSync(pages, page, 0, page.length, 0);
  fs.fsyncSync(pages);
  fs.ftruncateSync(wal, 0);
}`,
      },
      {
        name: 'default import',
        code: `import fs from 'node:fs';
const pages = fs.openSync('pages.db', 'r+');
const wal = fs.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  fs.writeSync(pages, page, 0, page.length, 0);
  fs.fsyncSync(pages);
  fs.ftruncateSync(wal, 0);
}`,
      },
      {
        name: 'require',
        code: `const fs = require('node:fs');
const pages = fs.openSync('pages.db', 'r+');
const wal = fs.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  fs.writeSync(pages, page, 0, page.length, 0);
  fs.fsyncSync(pages);
  fs.ftruncateSync(wal, 0);
}`,
      },
      {
        name: 'destructured require',
        code: `const { openSync, writeSync, fsyncSync, ftruncateSync } = require('fs');
const pages = openSync('pages.db', 'r+');
const wal = openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  writeSync(pages, page, 0, page.length, 0);
  fsyncSync(pages);
  ftruncateSync(wal, 0);
}`,
      },
      {
        name: 'fs-extra',
        code: `import fse from 'fs-extra';
const pages = fse.openSync('pages.db', 'r+');
const wal = fse.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  fse.writeSync(pages, page, 0, page.length, 0);
  fse.fsyncSync(pages);
  fse.ftruncateSync(wal, 0);
}`,
      },
      {
        name: 'graceful-fs',
        code: `import gfs from 'graceful-fs';
const pages = gfs.openSync('pages.db', 'r+');
const wal = gfs.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  gfs.writeSync(pages, page, 0, page.length, 0);
  gfs.fsyncSync(pages);
  gfs.ftruncateSync(wal, 0);
}`,
      },
      {
        name: 'import fs = require()',
        code: `import fs = require('fs');
const pages = fs.openSync('pages.db', 'r+');
const wal = fs.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  fs.writeSync(pages, page, 0, page.length, 0);
  fs.fsyncSync(pages);
  fs.ftruncateSync(wal, 0);
}`,
      },
      {
        name: 'fs.promises',
        code: `import { promises as fsp } from 'fs';
export async function flushMemtable(walPath: string, rows: Buffer) {
  const table = await fsp.open('000001.sst', 'w');
  await table.write(rows);
  await table.sync();
  await table.close();
  await fsp.truncate(walPath, 0);
}`,
        options: STRICT,
      },
      {
        name: 'fs/promises namespace',
        code: `import * as fsp from 'node:fs/promises';
export async function flushMemtable(walPath: string, rows: Buffer) {
  const table = await fsp.open('000001.sst', 'w');
  await table.write(rows);
  await table.datasync();
  await table.close();
  await fsp.unlink(walPath);
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'namespace import',
        code: `import * as fs from 'fs';
const pages = fs.openSync('pages.db', 'r+');
const wal = fs.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  fs.writeSync(pages, page, 0, page.length, 0);
  fs.ftruncateSync(wal, 0);
}`,
        errors: [{ messageId: 'destroyWhileDirty', line: 6, column: 3, suggestions: [{ messageId: 'insertSync', output: `import * as fs from 'fs';
const pages = fs.openSync('pages.db', 'r+');
const wal = fs.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  fs.writeSync(pages, page, 0, page.length, 0);
  fs.fsyncSync(pages);
  fs.ftruncateSync(wal, 0);
}` }] }],
      },
      {
        name: 'default import',
        code: `import fs from 'node:fs';
const pages = fs.openSync('pages.db', 'r+');
const wal = fs.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  fs.writeSync(pages, page, 0, page.length, 0);
  fs.ftruncateSync(wal, 0);
}`,
        errors: [{ messageId: 'destroyWhileDirty', line: 6, column: 3, suggestions: [{ messageId: 'insertSync', output: `import fs from 'node:fs';
const pages = fs.openSync('pages.db', 'r+');
const wal = fs.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  fs.writeSync(pages, page, 0, page.length, 0);
  fs.fsyncSync(pages);
  fs.ftruncateSync(wal, 0);
}` }] }],
      },
      {
        name: 'require',
        code: `const fs = require('node:fs');
const pages = fs.openSync('pages.db', 'r+');
const wal = fs.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  fs.writeSync(pages, page, 0, page.length, 0);
  fs.ftruncateSync(wal, 0);
}`,
        errors: [{ messageId: 'destroyWhileDirty', line: 6, column: 3, suggestions: [{ messageId: 'insertSync', output: `const fs = require('node:fs');
const pages = fs.openSync('pages.db', 'r+');
const wal = fs.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  fs.writeSync(pages, page, 0, page.length, 0);
  fs.fsyncSync(pages);
  fs.ftruncateSync(wal, 0);
}` }] }],
      },
      {
        name: 'destructured require',
        code: `const { openSync, writeSync, ftruncateSync } = require('fs');
const pages = openSync('pages.db', 'r+');
const wal = openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  writeSync(pages, page, 0, page.length, 0);
  ftruncateSync(wal, 0);
}`,
        errors: [{ messageId: 'destroyWhileDirty', line: 6, column: 3 }],
      },
      {
        name: 'fs-extra',
        code: `import fse from 'fs-extra';
const pages = fse.openSync('pages.db', 'r+');
const wal = fse.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  fse.writeSync(pages, page, 0, page.length, 0);
  fse.ftruncateSync(wal, 0);
}`,
        errors: [{ messageId: 'destroyWhileDirty', line: 6, column: 3, suggestions: [{ messageId: 'insertSync', output: `import fse from 'fs-extra';
const pages = fse.openSync('pages.db', 'r+');
const wal = fse.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  fse.writeSync(pages, page, 0, page.length, 0);
  fse.fsyncSync(pages);
  fse.ftruncateSync(wal, 0);
}` }] }],
      },
      {
        name: 'graceful-fs',
        code: `import gfs from 'graceful-fs';
const pages = gfs.openSync('pages.db', 'r+');
const wal = gfs.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  gfs.writeSync(pages, page, 0, page.length, 0);
  gfs.ftruncateSync(wal, 0);
}`,
        errors: [{ messageId: 'destroyWhileDirty', line: 6, column: 3, suggestions: [{ messageId: 'insertSync', output: `import gfs from 'graceful-fs';
const pages = gfs.openSync('pages.db', 'r+');
const wal = gfs.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  gfs.writeSync(pages, page, 0, page.length, 0);
  gfs.fsyncSync(pages);
  gfs.ftruncateSync(wal, 0);
}` }] }],
      },
      {
        name: 'import fs = require()',
        code: `import fs = require('fs');
const pages = fs.openSync('pages.db', 'r+');
const wal = fs.openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  fs.writeSync(pages, page, 0, page.length, 0);
  fs.ftruncateSync(wal, 0);
}`,
        errors: [{ messageId: 'destroyWhileDirty', line: 6, column: 3 }],
      },
      {
        name: 'fs.promises: the WAL truncated before the SSTable is synced',
        code: `import { promises as fsp } from 'fs';
export async function flushMemtable(walPath: string, rows: Buffer) {
  const table = await fsp.open('000001.sst', 'w');
  await table.write(rows);
  await fsp.truncate(walPath, 0);
  await table.sync();
  await table.close();
}`,
        errors: [{ messageId: 'destroyWhileDirty', line: 5, column: 9, suggestions: [{ messageId: 'insertSync', output: `import { promises as fsp } from 'fs';
export async function flushMemtable(walPath: string, rows: Buffer) {
  const table = await fsp.open('000001.sst', 'w');
  await table.write(rows);
  await table.sync();
  await fsp.truncate(walPath, 0);
  await table.sync();
  await table.close();
}` }] }],
      },
      {
        name: 'fs/promises namespace: the WAL unlinked before the SSTable is synced',
        code: `import * as fsp from 'node:fs/promises';
export async function flushMemtable(walPath: string, rows: Buffer) {
  const table = await fsp.open('000001.sst', 'w');
  await table.write(rows);
  await fsp.unlink(walPath);
  await table.datasync();
  await table.close();
}`,
        errors: [{ messageId: 'destroyWhileDirty', line: 5, column: 9, suggestions: [{ messageId: 'insertSync', output: `import * as fsp from 'node:fs/promises';
export async function flushMemtable(walPath: string, rows: Buffer) {
  const table = await fsp.open('000001.sst', 'w');
  await table.write(rows);
  await table.sync();
  await fsp.unlink(walPath);
  await table.datasync();
  await table.close();
}` }] }],
      },
    ],
  });
});

describe('near-misses: what is not a destroy of a log that protects dirty data', () => {
  ruleTester.run('require-sync-before-truncate', rule, {
    valid: [
      {
        // one bug, one report: no-ignored-fsync-error reports the swallowed sync; counting it as never done would report the write again and suggest a retry
        name: 'a swallowed fsync error, then the truncate',
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    try {
      writeSync(this.pages, page, 0, page.length, 0);
      fsyncSync(this.pages);
    } catch (error) {
      console.error(error);
    }
    ftruncateSync(this.wal, 0);
  }
}`,
      },
      {
        name: 'truncating the same file that was written',
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class Wal {
  private fd = openSync('wal.log', 'a');
  reset(marker: Buffer) {
    writeSync(this.fd, marker);
    ftruncateSync(this.fd, 0);
    fsyncSync(this.fd);
  }
}`,
      },
      {
        name: 'unlinking the path of the fd that was written is destroying that same file',
        code: `import { openSync, writeSync, unlinkSync, closeSync } from 'node:fs';
export class Segment {
  private path = 'segment-7.data';
  private fd = openSync(this.path, 'a');
  discard(tombstone: Buffer) {
    writeSync(this.fd, tombstone);
    closeSync(this.fd);
    unlinkSync(this.path);
  }
}`,
      },
      {
        name: 'nothing was written before the truncate',
        code: `import { openSync, ftruncateSync, fsyncSync } from 'node:fs';
export class Wal {
  private fd = openSync('wal.log', 'a');
  reset() {
    ftruncateSync(this.fd, 0);
    fsyncSync(this.fd);
  }
}`,
      },
      {
        name: 'the pages are written after the log is truncated',
        code: `import { openSync, writeSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  restart(page: Buffer) {
    ftruncateSync(this.wal, 0);
    writeSync(this.pages, page, 0, page.length, 0);
  }
}`,
      },
      {
        name: "a new SSTable opened with 'w' is not a log being destroyed",
        code: `import { openSync, writeSync, fsyncSync, closeSync } from 'node:fs';
export class Lsm {
  private wal = openSync('wal.log', 'a');
  put(record: Buffer, rows: Buffer, n: number) {
    writeSync(this.wal, record);
    const table = openSync('sst-' + n, 'w');
    writeSync(table, rows);
    fsyncSync(table);
    closeSync(table);
    fsyncSync(this.wal);
  }
}`,
      },
      {
        name: "writeFileSync(path, '') of a marker this file never uses as a log",
        code: `import { openSync, writeSync, fsyncSync, writeFileSync } from 'node:fs';
export class Store {
  private data = openSync('store.data', 'a');
  put(record: Buffer) {
    writeSync(this.data, record);
    writeFileSync('store.lock', '');
    fsyncSync(this.data);
  }
}`,
      },
      {
        name: 'the pages are synced on both branches before the truncate',
        code: `import { openSync, writeSync, fsyncSync, fdatasyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer, full: boolean) {
    writeSync(this.pages, page, 0, page.length, 0);
    if (full) {
      fsyncSync(this.pages);
    } else {
      fdatasyncSync(this.pages);
    }
    ftruncateSync(this.wal, 0);
  }
}`,
      },
      {
        name: 'the pages are synced by a same-class helper',
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    this.syncPages();
    ftruncateSync(this.wal, 0);
  }
  private syncPages() {
    fsyncSync(this.pages);
  }
}`,
      },
      {
        name: "the pager is synced through a field before the WAL is cleared (the seed's B-tree)",
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
class PageManager {
  private fd = openSync('pages.db', 'r+');
  write(page: Buffer, offset: number) {
    writeSync(this.fd, page, 0, page.length, offset);
  }
  sync() {
    fsyncSync(this.fd);
  }
}
export class BTree {
  private pager = new PageManager();
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    this.pager.write(page, 0);
    this.pager.sync();
    ftruncateSync(this.wal, 0);
    fsyncSync(this.wal);
  }
}`,
      },
      {
        name: 'a loop syncs the pages before each truncate',
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpointAll(batch: Buffer[]) {
    for (const page of batch) {
      writeSync(this.pages, page);
      fsyncSync(this.pages);
      ftruncateSync(this.wal, 0);
    }
  }
}`,
      },
      {
        name: 'async: the SSTable is synced before the WAL is truncated',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Lsm {
  private wal!: FileHandle;
  async flushMemtable(rows: Buffer) {
    const table = await open('000001.sst', 'w');
    await table.write(rows);
    await table.sync();
    await table.close();
    await this.wal.truncate(0);
  }
}`,
      },
      {
        name: 'callbacks: the truncate runs inside the fsync callback',
        code: `import fs from 'node:fs';
export class BTree {
  private pages = fs.openSync('pages.db', 'r+');
  private wal = fs.openSync('wal.log', 'a');
  checkpoint(page: Buffer, done: (err: Error | null) => void) {
    fs.writeSync(this.pages, page, 0, page.length, 0);
    fs.fsync(this.pages, (err) => {
      if (err) return done(err);
      fs.ftruncate(this.wal, 0, done);
    });
  }
}`,
      },
      {
        name: 'a scratch file written and an old one removed: nothing evidently durable (recommended)',
        code: `import { openSync, writeSync, unlinkSync, closeSync } from 'node:fs';
export function rebuildIndex(path: string, index: Buffer) {
  const fd = openSync(path + '.tmp', 'w');
  writeSync(fd, index);
  closeSync(fd);
  unlinkSync(path + '.old');
}`,
      },
      {
        name: 'a file without fs',
        code: `export function truncate(text: string, length: number) {
  return text.slice(0, length);
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'the pages are synced after the truncate, not before',
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    ftruncateSync(this.wal, 0);
    fsyncSync(this.wal);
    fsyncSync(this.pages);
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            data: { how: 'destroyed', destroyed: 'this.wal', dirty: 'this.pages', line: '6' },
            line: 7,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                data: { code: 'fsyncSync(this.pages);' },
                output: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncSync(this.pages);
    ftruncateSync(this.wal, 0);
    fsyncSync(this.wal);
    fsyncSync(this.pages);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'the pages are synced on one branch only',
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    if (page.length > 4096) {
      fsyncSync(this.pages);
    }
    ftruncateSync(this.wal, 0);
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 10,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    if (page.length > 4096) {
      fsyncSync(this.pages);
    }
    fsyncSync(this.pages);
    ftruncateSync(this.wal, 0);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'switch: one case skips the sync',
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer, mode: number) {
    writeSync(this.pages, page, 0, page.length, 0);
    switch (mode) {
      case 1:
        fsyncSync(this.pages);
        break;
      default:
        break;
    }
    ftruncateSync(this.wal, 0);
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 14,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer, mode: number) {
    writeSync(this.pages, page, 0, page.length, 0);
    switch (mode) {
      case 1:
        fsyncSync(this.pages);
        break;
      default:
        break;
    }
    fsyncSync(this.pages);
    ftruncateSync(this.wal, 0);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: "the destroy is inside a helper: reported there, naming the caller's dirty pages",
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    this.clearWal();
    fsyncSync(this.pages);
  }
  private clearWal() {
    ftruncateSync(this.wal, 0);
    fsyncSync(this.wal);
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            data: { how: 'destroyed', destroyed: 'this.wal', dirty: 'this.pages', line: '6' },
            line: 11,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    this.clearWal();
    fsyncSync(this.pages);
  }
  private clearWal() {
    fsyncSync(this.pages);
    ftruncateSync(this.wal, 0);
    fsyncSync(this.wal);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'the pages are written by a helper and synced after the truncate',
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
class PageManager {
  private fd = openSync('pages.db', 'r+');
  write(page: Buffer, offset: number) {
    writeSync(this.fd, page, 0, page.length, offset);
  }
  sync() {
    fsyncSync(this.fd);
  }
}
export class BTree {
  private pager = new PageManager();
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    this.pager.write(page, 0);
    ftruncateSync(this.wal, 0);
    this.pager.sync();
  }
}`,
        errors: [{ messageId: 'destroyWhileDirty', line: 16, column: 5 }],
      },
      {
        name: 'a loop truncates the log after the previous round wrote a page',
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpointAll(batch: Buffer[]) {
    for (const page of batch) {
      ftruncateSync(this.wal, 0);
      writeSync(this.pages, page);
    }
    fsyncSync(this.pages);
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 7,
            column: 7,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpointAll(batch: Buffer[]) {
    for (const page of batch) {
      fsyncSync(this.pages);
      ftruncateSync(this.wal, 0);
      writeSync(this.pages, page);
    }
    fsyncSync(this.pages);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'the truncate in finally runs even when the write threw before the sync',
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(first: Buffer, second: Buffer) {
    try {
      writeSync(this.pages, first, 0, first.length, 0);
      writeSync(this.pages, second, 0, second.length, first.length);
      fsyncSync(this.pages);
    } finally {
      ftruncateSync(this.wal, 0);
    }
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 11,
            column: 7,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(first: Buffer, second: Buffer) {
    try {
      writeSync(this.pages, first, 0, first.length, 0);
      writeSync(this.pages, second, 0, second.length, first.length);
      fsyncSync(this.pages);
    } finally {
      fsyncSync(this.pages);
      ftruncateSync(this.wal, 0);
    }
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'async: the SSTable sync is not awaited before the truncate',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Lsm {
  private wal!: FileHandle;
  async flushMemtable(rows: Buffer) {
    const table = await open('000001.sst', 'w');
    await table.write(rows);
    table.sync();
    await this.wal.truncate(0);
    await table.close();
  }
}`,
        errors: [{ messageId: 'destroyWhileDirty', line: 8, column: 11, suggestions: [{ messageId: 'insertSync', output: `import { open, type FileHandle } from 'node:fs/promises';
export class Lsm {
  private wal!: FileHandle;
  async flushMemtable(rows: Buffer) {
    const table = await open('000001.sst', 'w');
    await table.write(rows);
    table.sync();
    await table.sync();
    await this.wal.truncate(0);
    await table.close();
  }
}` }] }],
      },
      {
        name: "async: the WAL truncated before the SSTable is synced (the seed's LSM)",
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Lsm {
  private wal!: FileHandle;
  async flushMemtable(rows: Buffer) {
    const table = await open('000001.sst', 'w');
    await table.write(rows);
    await this.wal.truncate(0);
    await table.sync();
    await table.close();
  }
}`,
        errors: [{ messageId: 'destroyWhileDirty', line: 7, column: 11, suggestions: [{ messageId: 'insertSync', output: `import { open, type FileHandle } from 'node:fs/promises';
export class Lsm {
  private wal!: FileHandle;
  async flushMemtable(rows: Buffer) {
    const table = await open('000001.sst', 'w');
    await table.write(rows);
    await table.sync();
    await this.wal.truncate(0);
    await table.sync();
    await table.close();
  }
}` }] }],
      },
      {
        name: 'async: the WAL is truncated in an awaited helper before the SSTable is synced',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Lsm {
  private wal!: FileHandle;
  private async resetWal() {
    await this.wal.truncate(0);
    await this.wal.sync();
  }
  async flushMemtable(rows: Buffer) {
    const table = await open('000001.sst', 'w');
    await table.write(rows);
    await this.resetWal();
    await table.sync();
    await table.close();
  }
}`,
        errors: [{ messageId: 'destroyWhileDirty', line: 5, column: 11 }],
      },
      {
        name: 'callbacks: fsync started, but the truncate does not wait for its callback',
        code: `import fs from 'node:fs';
export class BTree {
  private pages = fs.openSync('pages.db', 'r+');
  private wal = fs.openSync('wal.log', 'a');
  checkpoint(page: Buffer, done: (err: Error | null) => void) {
    fs.writeSync(this.pages, page, 0, page.length, 0);
    fs.fsync(this.pages, () => {});
    fs.ftruncate(this.wal, 0, done);
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 8,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import fs from 'node:fs';
export class BTree {
  private pages = fs.openSync('pages.db', 'r+');
  private wal = fs.openSync('wal.log', 'a');
  checkpoint(page: Buffer, done: (err: Error | null) => void) {
    fs.writeSync(this.pages, page, 0, page.length, 0);
    fs.fsync(this.pages, () => {});
    fs.fsyncSync(this.pages);
    fs.ftruncate(this.wal, 0, done);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'callbacks: the truncate runs when the page write completes, not when it is synced',
        code: `import fs from 'node:fs';
export class BTree {
  private pages = fs.openSync('pages.db', 'r+');
  private wal = fs.openSync('wal.log', 'a');
  checkpoint(page: Buffer, done: (err: Error | null) => void) {
    fs.write(this.pages, page, 0, page.length, 0, (err) => {
      if (err) return done(err);
      fs.ftruncate(this.wal, 0, done);
    });
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 8,
            column: 7,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import fs from 'node:fs';
export class BTree {
  private pages = fs.openSync('pages.db', 'r+');
  private wal = fs.openSync('wal.log', 'a');
  checkpoint(page: Buffer, done: (err: Error | null) => void) {
    fs.write(this.pages, page, 0, page.length, 0, (err) => {
      if (err) return done(err);
      fs.fsyncSync(this.pages);
      fs.ftruncate(this.wal, 0, done);
    });
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'Bitcask merge: old segments unlinked before the merged segment is synced',
        code: `import { openSync, writeSync, fsyncSync, unlinkSync, closeSync } from 'node:fs';
export function merge(live: Buffer, oldSegments: string[]) {
  const merged = openSync('merged.data', 'w');
  writeSync(merged, live);
  for (const segment of oldSegments) unlinkSync(segment);
  fsyncSync(merged);
  closeSync(merged);
}`,
        errors: [{ messageId: 'destroyWhileDirty', line: 5, column: 38, suggestions: [{ messageId: 'insertSync', output: `import { openSync, writeSync, fsyncSync, unlinkSync, closeSync } from 'node:fs';
export function merge(live: Buffer, oldSegments: string[]) {
  const merged = openSync('merged.data', 'w');
  writeSync(merged, live);
  fsyncSync(merged);
  for (const segment of oldSegments) unlinkSync(segment);
  fsyncSync(merged);
  closeSync(merged);
}` }] }],
      },
      {
        name: 'two dirty handles: one report for each',
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class Store {
  private data = openSync('store.data', 'r+');
  private index = openSync('store.index', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(record: Buffer, entry: Buffer) {
    writeSync(this.data, record);
    writeSync(this.index, entry);
    ftruncateSync(this.wal, 0);
    fsyncSync(this.data);
    fsyncSync(this.index);
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            data: { how: 'destroyed', destroyed: 'this.wal', dirty: 'this.data', line: '7' },
            line: 9,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class Store {
  private data = openSync('store.data', 'r+');
  private index = openSync('store.index', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(record: Buffer, entry: Buffer) {
    writeSync(this.data, record);
    writeSync(this.index, entry);
    fsyncSync(this.data);
    ftruncateSync(this.wal, 0);
    fsyncSync(this.data);
    fsyncSync(this.index);
  }
}`,
              },
            ],
          },
          {
            messageId: 'destroyWhileDirty',
            data: { how: 'destroyed', destroyed: 'this.wal', dirty: 'this.index', line: '8' },
            line: 9,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class Store {
  private data = openSync('store.data', 'r+');
  private index = openSync('store.index', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(record: Buffer, entry: Buffer) {
    writeSync(this.data, record);
    writeSync(this.index, entry);
    fsyncSync(this.index);
    ftruncateSync(this.wal, 0);
    fsyncSync(this.data);
    fsyncSync(this.index);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'strict: a scratch file written and an old one removed',
        code: `import { openSync, writeSync, unlinkSync, closeSync } from 'node:fs';
export function rebuildIndex(path: string, index: Buffer) {
  const fd = openSync(path + '.tmp', 'w');
  writeSync(fd, index);
  closeSync(fd);
  unlinkSync(path + '.old');
}`,
        options: STRICT,
        errors: [{ messageId: 'destroyWhileDirty', line: 6, column: 3, suggestions: [{ messageId: 'insertSync', output: `import { openSync, writeSync, unlinkSync, closeSync, fsyncSync } from 'node:fs';
export function rebuildIndex(path: string, index: Buffer) {
  const fd = openSync(path + '.tmp', 'w');
  writeSync(fd, index);
  fsyncSync(fd);
  closeSync(fd);
  unlinkSync(path + '.old');
}` }] }],
      },
    ],
  });
});

describe('suggestions: the sync goes before the close of the dirty handle, so before the destroy too', () => {
  ruleTester.run('require-sync-before-truncate', rule, {
    valid: [],
    invalid: [
      {
        // the common shape: the snapshot is closed before the log is truncated; a sync before the truncate would be
        // a sync of a closed handle (EBADF), so it goes before the close
        name: 'a FileHandle snapshot closed, then the log truncated',
        code: `import { open, truncate } from 'node:fs/promises';
export async function checkpoint(state: string, wal: string) {
  const snap = await open('snapshot.json', 'w');
  await snap.write(state);
  await snap.close();
  await truncate(wal, 0);
}`,
        options: [{ report: 'all' }],
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 6,
            column: 9,
            suggestions: [
              {
                messageId: 'insertSync',
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
        name: 'a module variable written through a helper: synced before the unlink',
        code: `import { openSync, writeSync, unlinkSync } from 'node:fs';
const pages = openSync('pages.db', 'r+');
function writePage(page: Buffer) {
  writeSync(pages, page);
}
export function checkpoint(page: Buffer) {
  writePage(page);
  unlinkSync('wal.log');
}`,
        options: [{ report: 'all' }],
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 8,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, unlinkSync, fsyncSync } from 'node:fs';
const pages = openSync('pages.db', 'r+');
function writePage(page: Buffer) {
  writeSync(pages, page);
}
export function checkpoint(page: Buffer) {
  writePage(page);
  fsyncSync(pages);
  unlinkSync('wal.log');
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'a local of the helper that wrote it: no name for it where the log is removed, no suggestion',
        code: `import { openSync, writeSync, unlinkSync } from 'node:fs';
let pages: number | undefined;
function writePage(page: Buffer) {
  const fd = openSync('pages.db', 'r+');
  pages = fd;
  writeSync(fd, page);
}
export function checkpoint(page: Buffer) {
  writePage(page);
  unlinkSync('wal.log');
}`,
        options: [{ report: 'all' }],
        errors: [{ messageId: 'destroyWhileDirty', line: 10, column: 3, suggestions: [] }],
      },
    ],
  });
});

describe('removing the directory a dirty file is in removes the file too', () => {
  ruleTester.run('require-sync-before-truncate', rule, {
    valid: [
      {
        name: 'a test writes into a temp directory and removes it recursively',
        code: `import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
export function withPackage() {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'view-test-'));
  const pkgJsonPath = path.join(tmpDir, 'package.json');
  try {
    fs.writeFileSync(pkgJsonPath, JSON.stringify({ name: 'is-negative' }));
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}`,
        options: STRICT,
      },
      {
        name: 'an fd opened on a file of the removed directory',
        code: `import fs from 'node:fs';
import path from 'node:path';
export function scratch(dir: string) {
  const fd = fs.openSync(path.join(dir, 'scratch.bin'), 'w');
  fs.writeSync(fd, Buffer.alloc(16));
  fs.closeSync(fd);
  fs.rmSync(dir, { recursive: true });
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'removing another directory still destroys the log while the file elsewhere is dirty',
        code: `import fs from 'node:fs';
import path from 'node:path';
export function checkpoint(dataDir: string, walDir: string, page: Buffer) {
  const fd = fs.openSync(path.join(dataDir, 'pages'), 'r+');
  fs.writeSync(fd, page);
  fs.rmSync(walDir, { recursive: true });
}`,
        options: STRICT,
        errors: [{ messageId: 'destroyWhileDirty', line: 6, column: 3, suggestions: [{ messageId: 'insertSync', output: `import fs from 'node:fs';
import path from 'node:path';
export function checkpoint(dataDir: string, walDir: string, page: Buffer) {
  const fd = fs.openSync(path.join(dataDir, 'pages'), 'r+');
  fs.writeSync(fd, page);
  fs.fsyncSync(fd);
  fs.rmSync(walDir, { recursive: true });
}` }] }],
      },
    ],
  });
});

describe('what makes the protected data durable: flags, flush, Promise.all, helpers, settings', () => {
  const externalSync = `import { openSync, writeSync, ftruncateSync } from 'node:fs';
import { fsyncFile } from './io';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncFile(this.pages);
    ftruncateSync(this.wal, 0);
  }
}`;
  ruleTester.run('require-sync-before-truncate', rule, {
    valid: [
      {
        name: "pages opened with 'rs+': every page write is durable when it returns",
        code: `import { openSync, writeSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'rs+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    ftruncateSync(this.wal, 0);
  }
}`,
        options: STRICT,
      },
      {
        name: 'the snapshot is written with flush and Buffer data before the log is truncated',
        code: `import { openSync, writeFileSync, ftruncateSync } from 'node:fs';
export class Store {
  private snapshotPath = 'snapshot.json';
  private wal = openSync('wal.log', 'a');
  checkpoint(state: object) {
    writeFileSync(this.snapshotPath, Buffer.from(JSON.stringify(state)), { flush: true });
    ftruncateSync(this.wal, 0);
  }
}`,
        options: STRICT,
      },
      {
        name: 'await Promise.all of the syncs, then the truncate',
        code: `import type { FileHandle } from 'node:fs/promises';
export class Store {
  private data!: FileHandle;
  private index!: FileHandle;
  private wal!: FileHandle;
  async checkpoint(record: Buffer, entry: Buffer) {
    await this.data.write(record);
    await this.index.write(entry);
    await Promise.all([this.data.sync(), this.index.sync()]);
    await this.wal.truncate(0);
  }
}`,
      },
      {
        name: 'a module-level helper syncs the pages',
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
function syncFile(fd: number) {
  fsyncSync(fd);
}
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    syncFile(this.pages);
    ftruncateSync(this.wal, 0);
  }
}`,
      },
      {
        name: 'an awaited async helper syncs the SSTable',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Lsm {
  private wal!: FileHandle;
  private async seal(table: FileHandle) {
    await table.sync();
    await table.close();
  }
  async flushMemtable(rows: Buffer) {
    const table = await open('000001.sst', 'w');
    await table.write(rows);
    await this.seal(table);
    await this.wal.truncate(0);
  }
}`,
      },
      {
        name: 'settings.durability.syncFunctions names the sync helper',
        code: externalSync,
        settings: { durability: { syncFunctions: ['fsyncFile'] } },
      },
      {
        name: 'the pages are synced in finally, the truncate comes after',
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    try {
      writeSync(this.pages, page, 0, page.length, 0);
    } finally {
      fsyncSync(this.pages);
    }
    ftruncateSync(this.wal, 0);
  }
}`,
      },
      {
        name: 'all pages written in a loop, one sync after it, then the truncate',
        code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpointAll(batch: Buffer[]) {
    let offset = 0;
    for (const page of batch) {
      writeSync(this.pages, page, 0, page.length, offset);
      offset += page.length;
    }
    fsyncSync(this.pages);
    ftruncateSync(this.wal, 0);
  }
}`,
      },
      {
        name: 'the write and the truncate are in different methods that do not call each other',
        code: `import { openSync, writeSync, ftruncateSync } from 'node:fs';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  writePage(page: Buffer, offset: number) {
    writeSync(this.pages, page, 0, page.length, offset);
  }
  resetLog() {
    ftruncateSync(this.wal, 0);
  }
}`,
      },
      {
        name: "recovery cuts the log's torn tail before anything is written",
        code: `import { openSync, readSync, ftruncateSync, fsyncSync, fstatSync } from 'node:fs';
export class Wal {
  private fd = openSync('wal.log', 'a+');
  private pages = openSync('pages.db', 'r+');
  recover(validLength: number) {
    const header = Buffer.alloc(16);
    readSync(this.pages, header, 0, 16, 0);
    if (fstatSync(this.fd).size > validLength) {
      ftruncateSync(this.fd, validLength);
      fsyncSync(this.fd);
    }
    return header;
  }
}`,
      },
    ],
    invalid: [
      {
        name: "Node 20.20 hole: a snapshot written with flush and a utf8 string is not synced (nodejs/node#60552)",
        code: `import { openSync, writeFileSync, ftruncateSync } from 'node:fs';
export class Store {
  private snapshotPath = 'snapshot.json';
  private wal = openSync('wal.log', 'a');
  checkpoint(state: object) {
    writeFileSync(this.snapshotPath, JSON.stringify(state), { flush: true, encoding: 'utf8' });
    ftruncateSync(this.wal, 0);
  }
}`,
        errors: [{ messageId: 'destroyWhileDirtyFile', line: 7, column: 5 }],
      },
      {
        name: 'without settings.durability.syncFunctions, an unknown call is not a sync',
        code: externalSync,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 9,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, writeSync, ftruncateSync, fsyncSync } from 'node:fs';
import { fsyncFile } from './io';
export class BTree {
  private pages = openSync('pages.db', 'r+');
  private wal = openSync('wal.log', 'a');
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    fsyncFile(this.pages);
    fsyncSync(this.pages);
    ftruncateSync(this.wal, 0);
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'an async helper that syncs the SSTable, called without await',
        code: `import { open, type FileHandle } from 'node:fs/promises';
export class Lsm {
  private wal!: FileHandle;
  private async seal(table: FileHandle) {
    await table.sync();
    await table.close();
  }
  async flushMemtable(rows: Buffer) {
    const table = await open('000001.sst', 'w');
    await table.write(rows);
    this.seal(table);
    await this.wal.truncate(0);
  }
}`,
        errors: [{ messageId: 'destroyWhileDirty', line: 12, column: 11, suggestions: [{ messageId: 'insertSync', output: `import { open, type FileHandle } from 'node:fs/promises';
export class Lsm {
  private wal!: FileHandle;
  private async seal(table: FileHandle) {
    await table.sync();
    await table.close();
  }
  async flushMemtable(rows: Buffer) {
    const table = await open('000001.sst', 'w');
    await table.write(rows);
    await table.sync();
    this.seal(table);
    await this.wal.truncate(0);
  }
}` }] }],
      },
    ],
  });
});

describe('type information (parserOptions.projectService): a log whose FileHandle type is out of sight', () => {
  const typedTester = typedRuleTester();
  const inheritedWal = `import { open } from 'node:fs/promises';
import { BaseLog } from './base-log.js';
export class Lsm extends BaseLog {
  async flushMemtable(rows: Buffer) {
    const table = await open('000001.sst', 'w');
    await table.write(rows);
    await this.fh.truncate(0);
    await table.sync();
    await table.close();
  }
}`;
  typedTester.run('require-sync-before-truncate', rule, {
    valid: [
      {
        name: 'the inherited WAL is truncated after the SSTable is synced',
        code: `import { open } from 'node:fs/promises';
import { BaseLog } from './base-log.js';
export class Lsm extends BaseLog {
  async flushMemtable(rows: Buffer) {
    const table = await open('000001.sst', 'w');
    await table.write(rows);
    await table.sync();
    await table.close();
    await this.fh.truncate(0);
  }
}`,
      },
    ],
    invalid: [
      {
        name: 'the inherited WAL (a FileHandle declared in another module) is truncated first',
        code: inheritedWal,
        errors: [{ messageId: 'destroyWhileDirty', line: 7, column: 11, suggestions: [{ messageId: 'insertSync', output: `import { open } from 'node:fs/promises';
import { BaseLog } from './base-log.js';
export class Lsm extends BaseLog {
  async flushMemtable(rows: Buffer) {
    const table = await open('000001.sst', 'w');
    await table.write(rows);
    await table.sync();
    await this.fh.truncate(0);
    await table.sync();
    await table.close();
  }
}` }] }],
      },
      {
        name: 'the pages are a FileHandle under another type name',
        code: `import { openSync, ftruncateSync } from 'node:fs';
import type { Handle } from './handle.js';
export class BTree {
  private wal = openSync('wal.log', 'a');
  constructor(private readonly pages: Handle) {}
  async checkpoint(page: Buffer) {
    await this.pages.write(page, 0, page.length, 0);
    ftruncateSync(this.wal, 0);
  }
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 8,
            column: 5,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import { openSync, ftruncateSync } from 'node:fs';
import type { Handle } from './handle.js';
export class BTree {
  private wal = openSync('wal.log', 'a');
  constructor(private readonly pages: Handle) {}
  async checkpoint(page: Buffer) {
    await this.pages.write(page, 0, page.length, 0);
    await this.pages.sync();
    ftruncateSync(this.wal, 0);
  }
}`,
              },
            ],
          },
        ],
      },
    ],
  });

  // Without types nothing says `this.fh` is a FileHandle: the truncate is not recognised, and nothing is reported.
  ruleTester.run('require-sync-before-truncate', rule, {
    valid: [{ name: 'untyped: the inherited WAL is unknown', code: inheritedWal, options: STRICT }],
    invalid: [],
  });
});

describe('options and settings that are wrong are rejected with a clear message', () => {
  const code = `import { openSync, writeSync, ftruncateSync } from 'node:fs';
const pages = openSync('pages.db', 'r+');
const wal = openSync('wal.log', 'a');
export function checkpoint(page: Buffer) {
  writeSync(pages, page);
  ftruncateSync(wal, 0);
}`;

  it('rejects an unknown value of report', () => {
    expect(() => lintWithPlugin('require-sync-before-truncate', code, { options: [{ report: 'everything' }] })).toThrow(
      /durability\/require-sync-before-truncate.*Value "everything" should be equal to one of the allowed values/s,
    );
  });

  it("rejects no-flush-without-fsync's optionGuardedSync, which this rule does not have", () => {
    expect(() => lintWithPlugin('require-sync-before-truncate', code, { options: [{ optionGuardedSync: 'report' }] })).toThrow(
      /Unexpected property "optionGuardedSync"/,
    );
  });

  it('rejects bad settings, naming the key', () => {
    expect(() =>
      lintWithPlugin('require-sync-before-truncate', code, { settings: { durability: { durableHandles: [''] } } }),
    ).toThrow(/settings\.durability ?\.durableHandles entries must be non-empty strings \(regular expressions\), got ""/);
  });

  it('reports with the documented options', () => {
    const messages = lintWithPlugin('require-sync-before-truncate', code, { options: [{ report: 'all' }] });
    expect(messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['durability/require-sync-before-truncate', 6, 3]]);
  });
});

describe('a destroyed path that is not data: checked for existence and re-created as a link', () => {
  ruleTester.run('require-sync-before-truncate', rule, {
    valid: [
      {
        name: 'a symlink replaced while a file written elsewhere is dirty (strict)',
        code: `import fs from 'node:fs';
import path from 'node:path';
export function install(dir: string, name: string, code: string) {
  fs.writeFileSync(path.join(dir, name), code);
  const link = path.join(dir, 'modules');
  if (fs.existsSync(link)) fs.unlinkSync(link);
  fs.symlinkSync('/opt/modules', link, 'dir');
}`,
        options: STRICT,
      },
    ],
    invalid: [
      {
        name: 'the same removal of a path whose contents this file reads: data (strict)',
        code: `import fs from 'node:fs';
import path from 'node:path';
export function install(dir: string, name: string, code: string) {
  fs.writeFileSync(path.join(dir, name), code);
  const link = path.join(dir, 'modules');
  const previous = fs.readFileSync(link, 'utf8');
  if (fs.existsSync(link)) fs.unlinkSync(link);
  fs.symlinkSync(previous, link, 'dir');
}`,
        options: STRICT,
        errors: [{ messageId: 'destroyWhileDirtyFile', line: 7, column: 28 }],
      },
    ],
  });
});

describe('destroy after copy: the old copy removed while the new one is unsynced, whatever the file is', () => {
  ruleTester.run('require-sync-before-truncate', rule, {
    valid: [
      {
        name: 'the new copy is synced before the old one is removed',
        code: `import fs from 'node:fs';
export function archive(log: string, target: string): void {
  const data = fs.readFileSync(log);
  const fd = fs.openSync(target, 'w');
  fs.writeSync(fd, data);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.unlinkSync(log);
}`,
      },
      {
        name: 'a scratch file removed after an unrelated write: no evidence in recommended',
        code: `import fs from 'node:fs';
export function build(scratch: string, out: string): void {
  fs.writeFileSync(out, 'x');
  fs.unlinkSync(scratch);
}`,
      },
    ],
    invalid: [
      {
        name: 'a rotated log read into an archive, then unlinked before the archive is synced',
        code: `import fs from 'node:fs';
export function archive(log: string, target: string): void {
  const data = fs.readFileSync(log);
  fs.writeFileSync(target, data);
  fs.unlinkSync(log);
}`,
        errors: [{ messageId: 'destroyWhileDirtyFile', line: 5, column: 3 }],
      },
      {
        name: 'a journal replayed into a store, then truncated before the store is synced',
        code: `import fs from 'node:fs';
export function recover(journal: string, storeFd: number): void {
  const fd = fs.openSync(journal, 'r');
  const entries = Buffer.alloc(4096);
  fs.readSync(fd, entries, 0, entries.length, 0);
  fs.closeSync(fd);
  fs.writeSync(storeFd, entries);
  fs.truncateSync(journal, 0);
}`,
        errors: [
          {
            messageId: 'destroyWhileDirty',
            line: 8,
            column: 3,
            suggestions: [
              {
                messageId: 'insertSync',
                output: `import fs from 'node:fs';
export function recover(journal: string, storeFd: number): void {
  const fd = fs.openSync(journal, 'r');
  const entries = Buffer.alloc(4096);
  fs.readSync(fd, entries, 0, entries.length, 0);
  fs.closeSync(fd);
  fs.writeSync(storeFd, entries);
  fs.fsyncSync(storeFd);
  fs.truncateSync(journal, 0);
}`,
              },
            ],
          },
        ],
      },
    ],
  });
});
