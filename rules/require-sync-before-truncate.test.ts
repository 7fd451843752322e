import rule from './require-sync-before-truncate.js';
import { ruleTester } from './rule-tester.js';

const STRICT = [{ report: 'all' }] as const;

function at(code: string, snippet: string): { line: number; column: number } {
  const index = code.indexOf(snippet);
  if (index < 0) throw new Error(`test setup: ${snippet} not in code`);
  const before = code.slice(0, index).split('\n');
  return { line: before.length, column: (before[before.length - 1] as string).length + 1 };
}

function inserted(code: string, anchor: string, statement: string): string {
  const index = code.indexOf(anchor);
  const lineStart = code.lastIndexOf('\n', index) + 1;
  const indent = /^\s*/.exec(code.slice(lineStart))?.[0] ?? '';
  return `${code.slice(0, index)}${statement}\n${indent}${code.slice(index)}`;
}

/** A checkpoint that writes pages, then destroys the WAL with `destroy`, with `between` in between. */
function checkpoint(destroy: string, between = '', imports = 'openSync, writeSync, fsyncSync, ftruncateSync, truncateSync, unlinkSync, rmSync, writeFileSync, renameSync'): string {
  return `import { ${imports} } from 'node:fs';
class Store {
  walPath = 'wal.log';
  pages = openSync('pages.db', 'r+');
  wal = openSync(this.walPath, 'a');
  append(b: Buffer) { writeSync(this.wal, b); fsyncSync(this.wal); }
  checkpoint(page: Buffer) {
    writeSync(this.pages, page, 0, page.length, 0);
    ${between}
    ${destroy};
    fsyncSync(this.wal);
  }
}`;
}

const destroys = [
  ['ftruncateSync of the log fd', 'ftruncateSync(this.wal, 0)'],
  ['truncateSync of the log path', 'truncateSync(this.walPath, 0)'],
  ['unlinkSync of the log', 'unlinkSync(this.walPath)'],
  ['rmSync of the log', 'rmSync(this.walPath, { force: true })'],
  ["reopening the log with 'w'", "this.wal = openSync(this.walPath, 'w')", "openSync(this.walPath, 'w')"],
  ['emptying the log with writeFileSync', "writeFileSync(this.walPath, '')"],
] as [string, string, string?][];

const valid: unknown[] = [];
const invalid: unknown[] = [];

for (const [name, destroy, reported = destroy] of destroys) {
  valid.push({ name: `${name}, pages synced first`, code: checkpoint(destroy, 'fsyncSync(this.pages);') });
  const code = checkpoint(destroy);
  invalid.push({
    name: `${name}, pages not synced`,
    code,
    errors: [{ messageId: 'destroyWhileDirty', ...at(code, reported), suggestions: [{ messageId: 'insertSync', output: inserted(code, destroy, 'fsyncSync(this.pages);') }] }],
  });
  // sync on one branch only is not enough
  const branchy = checkpoint(destroy, 'if (page.length > 4096) fsyncSync(this.pages);');
  invalid.push({
    name: `${name}, pages synced on one branch only`,
    code: branchy,
    errors: [{ messageId: 'destroyWhileDirty', ...at(branchy, reported), suggestions: [{ messageId: 'insertSync', output: inserted(branchy, destroy, 'fsyncSync(this.pages);') }] }],
  });
  // sync in a helper counts
  valid.push({ name: `${name}, pages synced by a helper`, code: checkpoint(destroy, 'this.syncPages();').replace('checkpoint(page: Buffer) {', 'private syncPages() { fdatasyncSync(this.pages); }\n  checkpoint(page: Buffer) {').replace("import { ", 'import { fdatasyncSync, ') });
}

valid.push(
  { name: 'truncating the same file that was written', code: `import { openSync, writeSync, ftruncateSync, fsyncSync } from 'node:fs';
class Log { fd = openSync('wal', 'a'); reset(b: Buffer) { writeSync(this.fd, b); ftruncateSync(this.fd, 0); fsyncSync(this.fd); } }` },
  { name: 'nothing written before the truncate', code: `import { openSync, ftruncateSync, fsyncSync } from 'node:fs';
class Log { fd = openSync('wal', 'a'); reset() { ftruncateSync(this.fd, 0); fsyncSync(this.fd); } }` },
  { name: "a new file opened with 'w' is not a log being destroyed", code: `import { openSync, writeSync, fsyncSync, closeSync } from 'node:fs';
class Db { data = openSync('d', 'a');
  put(b: Buffer, n: number) { writeSync(this.data, b); const fd = openSync('sst-' + n, 'w'); writeSync(fd, b); fsyncSync(fd); closeSync(fd); fsyncSync(this.data); } }` },
  { name: 'the pager syncs through a field before the WAL is cleared', code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
class Pager { fd = openSync('p', 'r+'); write(b: Buffer) { writeSync(this.fd, b); } sync() { fsyncSync(this.fd); } }
class Tree { pager = new Pager(); wal = openSync('w', 'a');
  checkpoint() { this.pager.write(Buffer.alloc(1)); this.pager.sync(); ftruncateSync(this.wal, 0); fsyncSync(this.wal); } }` },
  { name: 'async: SSTable synced before the WAL is truncated', code: `import { open, type FileHandle } from 'node:fs/promises';
class Lsm { wal!: FileHandle;
  async flush(rows: Buffer) { const t = await open('t.sst', 'w'); await t.write(rows); await t.sync(); await t.close(); await this.wal.truncate(0); await this.wal.sync(); } }` },
  { name: 'a local scratch file in recommended', code: `import { openSync, writeSync, unlinkSync, closeSync } from 'node:fs';
export function scratch(p: string, b: Buffer) { const fd = openSync(p + '.tmp', 'w'); writeSync(fd, b); closeSync(fd); unlinkSync(p + '.old'); }` },
  { name: 'a file without fs', code: 'export const x = 1;', options: STRICT },
  { name: 'loop: pages synced before each truncate', code: `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
class Db { pages = openSync('p', 'r+'); wal = openSync('w', 'a');
  checkpointAll(list: Buffer[]) { for (const b of list) { writeSync(this.pages, b); fsyncSync(this.pages); ftruncateSync(this.wal, 0); } } }` },
);

const more: [string, string, string, unknown?, [string, string]?][] = [
  ['async: WAL truncated before the SSTable is synced', `import { open, type FileHandle } from 'node:fs/promises';
class Lsm { wal!: FileHandle;
  async flush(rows: Buffer) { const t = await open('t.sst', 'w'); await t.write(rows); await this.wal.truncate(0); await t.sync(); await t.close(); } }`, 'this.wal.truncate', STRICT],
  ['the destroy is inside a helper: reported there, naming the caller\'s dirty handle', `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
class Db { pages = openSync('p', 'r+'); wal = openSync('w', 'a');
  private clearWal() { ftruncateSync(this.wal, 0); fsyncSync(this.wal); }
  checkpoint(b: Buffer) { writeSync(this.pages, b); this.clearWal(); fsyncSync(this.pages); } }`, 'ftruncateSync(this.wal', undefined, ['ftruncateSync(this.wal', 'fsyncSync(this.pages);']],
  ['merge: old segments unlinked before the merged one is synced', `import { openSync, writeSync, fsyncSync, unlinkSync, closeSync } from 'node:fs';
class Bitcask { merge(live: Buffer, old: string[]) {
  const fd = openSync('merged.data', 'w');
  writeSync(fd, live);
  for (const f of old) unlinkSync(f);
  fsyncSync(fd);
  closeSync(fd);
} }`, 'unlinkSync(f)'],
  ['pages written by a helper, not synced', `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
class Pager { fd = openSync('p', 'r+'); write(b: Buffer) { writeSync(this.fd, b); } sync() { fsyncSync(this.fd); } }
class Tree { pager = new Pager(); wal = openSync('w', 'a');
  checkpoint() { this.pager.write(Buffer.alloc(1)); ftruncateSync(this.wal, 0); fsyncSync(this.wal); this.pager.sync(); } }`, 'ftruncateSync(this.wal'],
  ['async: the WAL FileHandle truncated in a helper before the table is synced', `import { open, type FileHandle } from 'node:fs/promises';
class Lsm { wal!: FileHandle;
  private async resetWal() { await this.wal.truncate(0); await this.wal.sync(); }
  async flush(rows: Buffer) { const t = await open('t.sst', 'w'); await t.write(rows); await this.resetWal(); await t.sync(); await t.close(); } }`, 'this.wal.truncate', STRICT],
  ['the pages are synced on the other branch of a switch only', `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
class Db { pages = openSync('p', 'r+'); wal = openSync('w', 'a');
  checkpoint(b: Buffer, mode: number) { writeSync(this.pages, b); switch (mode) { case 1: fsyncSync(this.pages); break; default: break; } ftruncateSync(this.wal, 0); } }`, 'ftruncateSync(this.wal', undefined, ['ftruncateSync(this.wal', 'fsyncSync(this.pages);']],
  ['a loop writes pages and truncates the log each time round', `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
class Db { pages = openSync('p', 'r+'); wal = openSync('w', 'a');
  checkpointAll(list: Buffer[]) { for (const b of list) { ftruncateSync(this.wal, 0); writeSync(this.pages, b); } fsyncSync(this.pages); } }`, 'ftruncateSync(this.wal', undefined, ['ftruncateSync(this.wal', 'fsyncSync(this.pages);']],
  ['strict: a local data file written and a log removed', `import { openSync, writeSync, unlinkSync, closeSync } from 'node:fs';
export function compact(p: string, b: Buffer) { const fd = openSync(p + '.new', 'w'); writeSync(fd, b); closeSync(fd); unlinkSync(p + '.log'); }`, "unlinkSync(p + '.log')", STRICT],
];
for (const [name, code, snippet, options, sync] of more) {
  const suggestions = sync ? { suggestions: [{ messageId: 'insertSync', output: inserted(code, sync[0], sync[1]) }] } : {};
  invalid.push({ name, code, ...(options ? { options } : {}), errors: [{ messageId: 'destroyWhileDirty', ...at(code, snippet), ...suggestions }] });
}

// Every import form, with the fs calls spelled through it.
const forms: [string, string, (name: string) => string][] = [
  ['namespace import', "import * as fs from 'node:fs';", (name) => `fs.${name}`],
  ['default import', "import fs from 'fs';", (name) => `fs.${name}`],
  ['require', "const fs = require('fs');", (name) => `fs.${name}`],
  ['fs-extra', "import fse from 'fs-extra';", (name) => `fse.${name}`],
];
const formDestroys: [string, (f: (name: string) => string) => string][] = [
  ['ftruncate', (f) => `${f('ftruncateSync')}(this.wal, 0)`],
  ['truncate by path', (f) => `${f('truncateSync')}(this.walPath, 0)`],
  ['unlink', (f) => `${f('unlinkSync')}(this.walPath)`],
  ['rm', (f) => `${f('rmSync')}(this.walPath, { force: true })`],
  ['callback truncate', (f) => `${f('truncate')}(this.walPath, 0, () => undefined)`],
];
for (const [formName, importLine, f] of forms) {
  for (const [destroyName, destroyOf] of formDestroys) {
    const destroy = destroyOf(f);
    const code = (between: string) => `${importLine}
class Store {
  walPath = 'wal.log';
  pages = ${f('openSync')}('pages.db', 'r+');
  wal = ${f('openSync')}(this.walPath, 'a');
  checkpoint(page: Buffer) {
    ${f('writeSync')}(this.pages, page, 0, page.length, 0);
    ${between}
    ${destroy};
  }
}`;
    valid.push({ name: `${formName}, ${destroyName}: pages synced first`, code: code(`${f('fdatasyncSync')}(this.pages);`) });
    const bad = code('');
    invalid.push({
      name: `${formName}, ${destroyName}: pages not synced`,
      code: bad,
      errors: [{ messageId: 'destroyWhileDirty', ...at(bad, destroy), suggestions: [{ messageId: 'insertSync', output: inserted(bad, destroy, `${f('fsyncSync')}(this.pages);`) }] }],
    });
  }
}

ruleTester().run('require-sync-before-truncate', rule as never, { valid: valid as never, invalid: invalid as never });
