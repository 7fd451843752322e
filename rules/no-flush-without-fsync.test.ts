import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import rule from './no-flush-without-fsync.js';
import plugin from '../src/index.js';
import { ruleTester } from './rule-tester.js';

const STRICT = [{ report: 'all', optionGuardedSync: 'report' }] as const;

/** Line and column (1-based) of the `nth` occurrence of `snippet` in `code`: where a report must point. */
function at(code: string, snippet: string, nth = 0): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) index = code.indexOf(snippet, index + 1);
  if (index < 0) throw new Error(`test setup: ${snippet} not in code`);
  const before = code.slice(0, index).split('\n');
  return { line: before.length, column: (before[before.length - 1] as string).length + 1 };
}

/** The suggestion's expected output: `statement` inserted before `anchor` (last occurrence), on its own line. */
function inserted(code: string, anchor: string, statement: string): string {
  const index = code.lastIndexOf(anchor);
  const lineStart = code.lastIndexOf('\n', index) + 1;
  const indent = /^\s*/.exec(code.slice(lineStart))?.[0] ?? '';
  return `${code.slice(0, index)}${statement}\n${indent}${code.slice(index)}`;
}

/** Adds `fsyncSync` to the file's named import from node:fs, as the suggestion does. */
function withImport(code: string): string {
  return code.replace(/import \{ ([^}]*?) \} from 'node:fs';/, "import { $1, fsyncSync } from 'node:fs';");
}

/** An invalid case reported at `snippet`, with an optional suggestion inserting `sync` before `exitAnchor`. */
function bug(name: string, code: string, snippet: string, extra: { options?: unknown; settings?: unknown; messageId?: string; sync?: [string, string]; output?: string } = {}) {
  const output = extra.output ?? (extra.sync ? inserted(code, extra.sync[0], extra.sync[1]) : undefined);
  const suggestions = output !== undefined ? [{ messageId: 'insertSync', output }] : undefined;
  return {
    name,
    code,
    ...(extra.options ? { options: extra.options } : {}),
    ...(extra.settings ? { settings: extra.settings } : {}),
    errors: [{ messageId: extra.messageId ?? 'unsynced', ...at(code, snippet), ...(suggestions ? { suggestions } : {}) }],
  };
}
const FIELD_WAL = (importLine: string, write: string, sync: string) => `${importLine}
class Wal {
  fd = OPEN;
  append(buf: Buffer) {
    ${write};
    ${sync}
    return 1;
  }
}`;

// The same bug and its fix through every import form.
const importForms: { name: string; imports: string; open: string; write: string; sync: string; suggests?: false }[] = [
  { name: 'named import', imports: "import { openSync, writeSync, fsyncSync } from 'node:fs';", open: "openSync('w.log', 'a')", write: 'writeSync(this.fd, buf)', sync: 'fsyncSync(this.fd);' },
  { name: 'namespace import', imports: "import * as fs from 'fs';", open: "fs.openSync('w.log', 'a')", write: 'fs.writeSync(this.fd, buf)', sync: 'fs.fsyncSync(this.fd);' },
  { name: 'default import', imports: "import fs from 'node:fs';", open: "fs.openSync('w.log', 'a')", write: 'fs.writeSync(this.fd, buf)', sync: 'fs.fdatasyncSync(this.fd);' },
  { name: 'require', imports: "const fs = require('fs');", open: "fs.openSync('w.log', 'a')", write: 'fs.writeSync(this.fd, buf)', sync: 'fs.fsyncSync(this.fd);' },
  { name: 'destructured require', imports: "const { openSync, writeSync, fsyncSync } = require('node:fs');", open: "openSync('w.log', 'a')", write: 'writeSync(this.fd, buf)', sync: 'fsyncSync(this.fd);', suggests: false },
  { name: 'fs-extra', imports: "import fse from 'fs-extra';", open: "fse.openSync('w.log', 'a')", write: 'fse.writeSync(this.fd, buf)', sync: 'fse.fsyncSync(this.fd);' },
  { name: 'graceful-fs', imports: "const gfs = require('graceful-fs');", open: "gfs.openSync('w.log', 'a')", write: 'gfs.writeSync(this.fd, buf)', sync: 'gfs.fsyncSync(this.fd);', suggests: false },
  { name: 'import = require', imports: "import fs = require('fs');", open: "fs.openSync('w.log', 'a')", write: 'fs.writeSync(this.fd, buf)', sync: 'fs.fsyncSync(this.fd);', suggests: false },
];

const valid: { code: string; options?: unknown; name?: string; settings?: Record<string, unknown> }[] = [];
const invalid: unknown[] = [];

for (const form of importForms) {
  valid.push({ name: `${form.name}: synced`, code: FIELD_WAL(form.imports, form.write, form.sync).replace('OPEN', form.open) });
  const code = FIELD_WAL(form.imports, form.write, '').replace('OPEN', form.open);
  invalid.push(bug(`${form.name}: not synced`, code, form.write, form.suggests === false ? {} : { sync: ['return 1;', form.sync.replace('fdatasyncSync', 'fsyncSync')] }));
}

valid.push(
  // helpers: same class, a field's class, a module function taking the fd
  { name: 'sync in a same-class helper', code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
class Wal { fd = openSync('x', 'a');
  append(b: Buffer) { writeSync(this.fd, b); this.doSync(); return 1; }
  private doSync() { fsyncSync(this.fd); } }` },
  { name: 'a chain of helpers, destructured alias', code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
class W { fd = openSync('x', 'a');
  put(b: Buffer) { this.a(b); this.c(); return 1; }
  private a(b: Buffer) { this.b(b); }
  private b(b: Buffer) { writeSync(this.fd, b); }
  private c() { const { fd } = this; fsyncSync(fd); } }` },
  { name: "sync through a field's class", code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
class Pager { fd = openSync('p', 'r+'); write(b: Buffer) { writeSync(this.fd, b); } sync() { fsyncSync(this.fd); } }
class Tree { pager = new Pager(); put(b: Buffer) { this.pager.write(b); this.pager.sync(); return true; } }` },
  { name: 'typed field of a class', code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
class Pager { fd = openSync('p', 'r+'); write(b: Buffer) { writeSync(this.fd, b); } sync() { fsyncSync(this.fd); } }
class Tree { private pager: Pager; constructor() { this.pager = makePager(); } put(b: Buffer) { this.pager.write(b); this.pager.sync(); } }
declare function makePager(): Pager;` },
  { name: 'module helper taking the fd', code: `import { openSync, writeSync, fsyncSync, closeSync } from 'node:fs';
function syncFile(fd: number) { fsyncSync(fd); }
export function save(p: string, data: Buffer) { const fd = openSync(p, 'a'); writeSync(fd, data); syncFile(fd); closeSync(fd); return true; }` },
  { name: 'recursion reaches a fixpoint', code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('x', 'a');
function writeAll(items: Buffer[], i: number): void { if (i >= items.length) return; writeSync(fd, items[i]!); writeAll(items, i + 1); }
export function save(items: Buffer[]) { writeAll(items, 0); fsyncSync(fd); return true; }` },
  // control flow
  { name: 'sync on both branches', code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('x', 'a');
export function put(b: Buffer, fast: boolean) { writeSync(fd, b); if (fast) { fsyncSync(fd); } else { fsyncSync(fd); } return true; }` },
  { name: 'loop of writes, one sync after', code: `import { writeSync, fsyncSync, openSync } from 'node:fs';
const fd = openSync('a', 'a');
export function putAll(items: Buffer[]) { for (const i of items) { writeSync(fd, i); } fsyncSync(fd); }` },
  { name: 'while loop, sync after each write', code: `import { writeSync, fsyncSync, openSync } from 'node:fs';
const fd = openSync('a', 'a');
export function putAll(items: Buffer[]) { let i = 0; while (i < items.length) { writeSync(fd, items[i++]!); fsyncSync(fd); } }` },
  { name: 'sync in finally', code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
class W { fd = openSync('x', 'a'); put(b: Buffer) { try { writeSync(this.fd, b); } finally { fsyncSync(this.fd); } return true; } }` },
  { name: 'a failure is thrown, not acknowledged', code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
class W { fd = openSync('x', 'a');
  put(b: Buffer) { try { writeSync(this.fd, b); fsyncSync(this.fd); } catch (e) { throw new Error('write failed', { cause: e }); } return true; } }` },
  { name: 'early return before any write', code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
class W { fd = openSync('x', 'a'); put(b: Buffer) { if (b.length === 0) return false; writeSync(this.fd, b); fsyncSync(this.fd); return true; } }` },
  { name: 'switch: every case syncs', code: `import { openSync, writeSync, fsyncSync } from 'node:fs';
class W { #fd = openSync('x', 'a');
  put(b: Buffer, mode: string) { writeSync(this.#fd, b); switch (mode) { case 'a': fsyncSync(this.#fd); break; default: fsyncSync(this.#fd); } return 1; } }` },
  // async
  { name: 'awaited FileHandle sync', code: `import { open, type FileHandle } from 'node:fs/promises';
export class Log { private fh?: FileHandle; async init(p: string) { this.fh = await open(p, 'a'); }
  async append(b: Buffer) { await this.fh!.write(b); await this.fh!.datasync(); return true; } }` },
  { name: 'returned FileHandle sync', code: `import { open, type FileHandle } from 'node:fs/promises';
export class Log { private fh?: FileHandle; async init(p: string) { this.fh = await open(p, 'a'); }
  async append(b: Buffer) { await this.fh!.write(b); return this.fh!.sync(); } }` },
  { name: 'fs.promises with try/finally close', code: `import { promises as fsp } from 'fs';
export async function save(p: string, d: string) { const fh = await fsp.open(p, 'a'); try { await fh.write(d); await fh.sync(); } finally { await fh.close(); } }` },
  { name: 'promisified fsync', code: `import fs from 'node:fs'; import { promisify } from 'node:util';
const fsyncAsync = promisify(fs.fsync);
export class L { fd = fs.openSync('x', 'a'); async put(b: Buffer) { fs.writeSync(this.fd, b); await fsyncAsync(this.fd); return 1; } }` },
  { name: 'awaited Promise around fs.fsync', code: `import fs from 'node:fs';
export class L { fd = fs.openSync('x', 'a');
  async put(b: Buffer) { fs.writeSync(this.fd, b); await new Promise<void>((resolve, reject) => fs.fsync(this.fd, (err) => (err ? reject(err) : resolve()))); return 1; } }` },
  // callbacks
  { name: 'callback style: fsync before the callback', code: `const fs = require('fs');
function append(fd, data, cb) { fs.write(fd, data, (err) => { if (err) return cb(err); fs.fsync(fd, (e) => cb(e)); }); }`, options: STRICT },
  { name: 'callback style: fsync hands over to cb directly', code: `const fs = require('fs');
function append(fd, data, cb) { fs.writeSync(fd, data); fs.fsync(fd, cb); }`, options: STRICT },
  { name: 'error callback is not an acknowledgement', code: `const fs = require('fs');
function append(fd, data, cb) { fs.write(fd, data, (err) => { if (err) { cb(err); return; } fs.fsync(fd, cb); }); }`, options: STRICT },
  // sync flags and flush
  { name: "'as' makes every write durable", code: `import { openSync, writeSync } from 'node:fs';
export class L { fd = openSync('x', 'as'); put(b: Buffer) { writeSync(this.fd, b); return 1; } }` },
  { name: "'rs+' makes every write durable", code: `import { openSync, writeSync } from 'node:fs';
const fd = openSync('x', 'rs+'); export function put(b: Buffer) { writeSync(fd, b, 0, b.length, 0); return 1; }` },
  { name: 'O_DSYNC from fs.constants', code: `import fs from 'node:fs';
export class L { fd = fs.openSync('x', fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_DSYNC); put(b: Buffer) { fs.writeSync(this.fd, b); return 1; } }` },
  { name: 'writeFileSync with flush and Buffer data syncs', code: `import { writeFileSync } from 'node:fs';
export function save(p: string, c: object) { writeFileSync(p, Buffer.from(JSON.stringify(c)), { flush: true, encoding: 'utf8' }); }`, options: STRICT },
  { name: 'writeFileSync with flush and no encoding syncs', code: `import { writeFileSync } from 'node:fs';
export function save(p: string, c: object) { writeFileSync(p, JSON.stringify(c), { flush: true }); }`, options: STRICT },
  { name: 'awaited fs/promises writeFile with flush syncs', code: `import { writeFile } from 'node:fs/promises';
export async function save(p: string, s: string) { await writeFile(p, s, { flush: true, encoding: 'utf8' }); }`, options: STRICT },
  // evidence: recommended is quiet where durability is not evidently intended
  { name: 'build script writing output (recommended)', code: `import { writeFileSync } from 'node:fs';
writeFileSync('dist/out.js', 'x');` },
  { name: 'local fd written and closed, no sign of durability (recommended)', code: `import { openSync, writeSync, closeSync } from 'node:fs';
export function dump(p: string, data: Buffer) { const fd = openSync(p, 'w'); writeSync(fd, data); closeSync(fd); }` },
  { name: 'a logger stream without flush (recommended)', code: `import fs from 'node:fs';
export class Logger { s = fs.createWriteStream('app.log', { flags: 'a' }); log(m: string) { this.s.write(m + '\\n'); } }` },
  { name: 'option-guarded sync is the documented trade-off (recommended)', code: `import * as fs from 'fs';
class S { fd = fs.openSync('x', 'a'); syncWrites = true;
  put(b: Buffer) { fs.writeSync(this.fd, b); if (this.syncWrites) fs.fsyncSync(this.fd); return true; } }` },
  { name: 'option guard with &&', code: `import * as fs from 'fs';
class S { fd = fs.openSync('x', 'a'); constructor(private opts: { fsync: boolean }) {}
  put(b: Buffer) { fs.writeSync(this.fd, b); this.opts.fsync && fs.fsyncSync(this.fd); return true; } }` },
  // settings
  { name: 'settings.syncFunctions names a sync helper from elsewhere', code: `import { openSync, writeSync } from 'node:fs';
import { fsyncFile } from './io';
class W { fd = openSync('x', 'a'); put(b: Buffer) { writeSync(this.fd, b); fsyncFile(this.fd); return 1; } }`, settings: { durability: { syncFunctions: ['fsyncFile'] } } },
  { name: 'a file without fs is not analysed', code: `export function add(a: number, b: number) { return a + b; }`, options: STRICT },
);

const cases: [string, string, string, Parameters<typeof bug>[3]?][] = [
  ['sync on one branch only', `import * as fs from 'fs';
const fd = fs.openSync('x', 'a');
export function save(b: Buffer) {
  fs.writeSync(fd, b);
  if (b.length > 100) fs.fsyncSync(fd);
  return true;
}`, 'fs.writeSync', { sync: ['return true;', 'fs.fsyncSync(fd);'] }],
  ['sync before the write inside a loop', `import { writeSync, fsyncSync, openSync } from 'node:fs';
const fd = openSync('a', 'a');
export function putAll(items: Buffer[]) {
  for (const i of items) { fsyncSync(fd); writeSync(fd, i); }
}`, 'writeSync(fd, i)', { output: `import { writeSync, fsyncSync, openSync } from 'node:fs';
const fd = openSync('a', 'a');
export function putAll(items: Buffer[]) {
  for (const i of items) { fsyncSync(fd); writeSync(fd, i); }
  fsyncSync(fd);
}` }],
  ['helper chain without sync', `import { openSync, writeSync, fsyncSync } from 'node:fs';
class W { fd = openSync('x', 'a');
  put(b: Buffer) { this.a(b); return 1; }
  private a(b: Buffer) { this.b(b); }
  private b(b: Buffer) { writeSync(this.fd, b); }
  sync() { fsyncSync(this.fd); } }`, 'writeSync(this.fd', { sync: ['return 1;', 'fsyncSync(this.fd);'] }],
  ['the pager is written, never synced before the return', `import { openSync, writeSync, fsyncSync } from 'node:fs';
class Pager { fd = openSync('p', 'r+'); write(b: Buffer) { writeSync(this.fd, b); } sync() { fsyncSync(this.fd); } }
class Tree { pager = new Pager(); put(b: Buffer) { this.pager.write(b); return true; } }`, 'writeSync(this.fd'],
  ['switch: one case returns unsynced', `import { openSync, writeSync, fsyncSync } from 'node:fs';
class W { #fd = openSync('x', 'a');
  put(b: Buffer, mode: string) { writeSync(this.#fd, b); switch (mode) { case 'a': fsyncSync(this.#fd); break; case 'b': return 2; default: fsyncSync(this.#fd); } return 1; } }`,
    'writeSync(this.#fd', { sync: ['return 2;', 'fsyncSync(this.#fd);'] }],
  ['a caught fsync error is swallowed and the write acknowledged', `import { openSync, writeSync, fsyncSync } from 'node:fs';
class W { fd = openSync('x', 'a');
  put(b: Buffer) { try { writeSync(this.fd, b); fsyncSync(this.fd); } catch (e) { console.error(e); } return true; } }`,
    'writeSync(this.fd', { sync: ['return true;', 'fsyncSync(this.fd);'] }],
  ['un-awaited FileHandle sync', `import { open, type FileHandle } from 'node:fs/promises';
export class Log { private fh?: FileHandle; async init(p: string) { this.fh = await open(p, 'a'); }
  async append(b: Buffer) { await this.fh!.write(b); this.fh!.sync(); return true; } }`, 'this.fh!.write', { sync: ['return true;', 'await this.fh.sync();'] }],
  ['suggestion adds fsyncSync to a named import', `import { openSync, writeSync } from 'node:fs';
const fd = openSync('log', 'a');
export function put(b: Buffer) {
  writeSync(fd, b);
  return true;
}`, 'writeSync(fd, b)', { output: `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('log', 'a');
export function put(b: Buffer) {
  writeSync(fd, b);
  fsyncSync(fd);
  return true;
}` }],
  ['promisified write, no sync', `import fs from 'node:fs'; import { promisify } from 'node:util';
const writeAsync = promisify(fs.write);
export class L { fd = fs.openSync('x', 'a'); async bad(b: Buffer) { await writeAsync(this.fd, b); return 1; } }`, 'writeAsync(this.fd', { sync: ['return 1;', 'fs.fsyncSync(this.fd);'] }],
  ['callback style: cb after the write, no fsync', `const fs = require('fs');
function append(fd, data, cb) { fs.write(fd, data, (err) => { if (err) return cb(err); cb(null); }); }`, 'fs.write(', { options: STRICT }],
  ['writeFileSync flush is skipped for a utf8 string (Node 20.20, nodejs/node#60552)', `import { writeFileSync } from 'node:fs';
export class Config { path = 'c.json';
  save(c: object) { writeFileSync(this.path, JSON.stringify(c), { flush: true, encoding: 'utf8' }); }
  saveRaw(c: object) { writeFileSync(this.path, Buffer.from(JSON.stringify(c)), { flush: true }); } }`, 'writeFileSync(this.path, JSON'],
  ["flush through a FileHandle's writeFile is ignored", `import { open } from 'node:fs/promises';
export async function save(p: string, s: string) { const fh = await open(p, 'w'); await fh.writeFile(s, { flush: true }); await fh.close(); }`,
    'fh.writeFile', { options: STRICT, output: `import { open } from 'node:fs/promises';
export async function save(p: string, s: string) { const fh = await open(p, 'w'); await fh.writeFile(s, { flush: true }); await fh.sync();
await fh.close(); }` }],
  ['un-awaited fs/promises writeFile with flush', `import { writeFile } from 'node:fs/promises';
export async function save(p: string, s: string) { writeFile(p, s, { flush: true }); }`, 'writeFile(p', { options: STRICT }],
  ['option-guarded sync in strict gets its own message', `import * as fs from 'fs';
class S { fd = fs.openSync('x', 'a'); syncWrites = true;
  put(b: Buffer) { fs.writeSync(this.fd, b); if (this.syncWrites) fs.fsyncSync(this.fd); return true; } }`,
    'fs.writeSync', { options: STRICT, messageId: 'unsyncedOptionGuarded', sync: ['return true;', 'fs.fsyncSync(this.fd);'] }],
  ['strict reports a local fd of a build script', `import { openSync, writeSync, closeSync } from 'node:fs';
export function dump(p: string, data: Buffer) { const fd = openSync(p, 'w'); writeSync(fd, data); closeSync(fd); }`, 'writeSync(fd', { options: STRICT, output: `import { openSync, writeSync, closeSync, fsyncSync } from 'node:fs';
export function dump(p: string, data: Buffer) { const fd = openSync(p, 'w'); writeSync(fd, data); fsyncSync(fd);
closeSync(fd); }` }],
  ['a stream written and acknowledged before its flush-at-close', `import fs from 'node:fs';
export class Journal { s = fs.createWriteStream('j.log', { flags: 'a', flush: true }); add(m: string) { this.s.write(m); return true; } close() { this.s.end(); } }`, 'this.s.write'],
  ['a flush-like call is evidence: the author meant to persist', `import { openSync, writeSync, closeSync } from 'node:fs';
export function persist(p: string, data: Buffer, buffer: { flush(): void }) { buffer.flush(); const fd = openSync(p, 'w'); writeSync(fd, data); closeSync(fd); return true; }`,
    'writeSync(fd', { output: withImport(inserted(`import { openSync, writeSync, closeSync } from 'node:fs';
export function persist(p: string, data: Buffer, buffer: { flush(): void }) { buffer.flush(); const fd = openSync(p, 'w'); writeSync(fd, data); closeSync(fd); return true; }`, 'return true;', 'fsyncSync(fd);')) }],
  ['// durable marks a write', `import { openSync, writeSync, closeSync } from 'node:fs';
export function save(p: string, data: Buffer) {
  const fd = openSync(p, 'w');
  writeSync(fd, data); // durable
  closeSync(fd);
}`, 'writeSync(fd', { output: withImport(inserted(`import { openSync, writeSync, closeSync } from 'node:fs';
export function save(p: string, data: Buffer) {
  const fd = openSync(p, 'w');
  writeSync(fd, data); // durable
  closeSync(fd);
}`, 'closeSync(fd);', 'fsyncSync(fd);')) }],
  ['settings.durableHandles', `import { writeFileSync } from 'node:fs';
export function saveState(statePath: string, s: string) { writeFileSync(statePath, s); }`, 'writeFileSync(statePath', { settings: { durability: { durableHandles: ['^statePath$'] } } }],
  ['settings.acknowledgeFunctions', `import { openSync, writeSync } from 'node:fs';
const fd = openSync('q.log', 'a');
export function enqueue(b: Buffer, reply: (s: string) => void) { writeSync(fd, b); reply('saved'); }`, 'writeSync(fd', { settings: { durability: { acknowledgeFunctions: ['reply'] } }, output: withImport(inserted(`import { openSync, writeSync } from 'node:fs';
const fd = openSync('q.log', 'a');
export function enqueue(b: Buffer, reply: (s: string) => void) { writeSync(fd, b); reply('saved'); }`, "reply('saved');", 'fsyncSync(fd);')) }],
  ['closure variable written in an inline callback', `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('x', 'a');
export function putAll(items: Buffer[]) { items.forEach((i) => writeSync(fd, i)); return items.length; }
export function sync() { fsyncSync(fd); }`, 'writeSync(fd, i)'],
  ['module variable fd in an exported function', `import * as fs from 'node:fs';
let fd = -1;
export function init(p: string) { fd = fs.openSync(p, 'a'); }
export function put(b: Buffer) { fs.writeSync(fd, b); }`, 'fs.writeSync', { output: `import * as fs from 'node:fs';
let fd = -1;
export function init(p: string) { fd = fs.openSync(p, 'a'); }
export function put(b: Buffer) { fs.writeSync(fd, b);
fs.fsyncSync(fd); }` }],
  ['aliased field', `import { openSync, writeSync } from 'node:fs';
class W { fd = openSync('x', 'a'); put(b: Buffer) { const fd = this.fd; writeSync(fd, b); return 1; } }`, 'writeSync(fd', { output: withImport(inserted(`import { openSync, writeSync } from 'node:fs';
class W { fd = openSync('x', 'a'); put(b: Buffer) { const fd = this.fd; writeSync(fd, b); return 1; } }`, 'return 1;', 'fsyncSync(this.fd);')) }],
  ['nested field this.log.fd', `import { openSync, writeSync } from 'node:fs';
class W { log = { fd: openSync('x', 'a') }; put(b: Buffer) { writeSync(this.log.fd, b); return 1; } }`, 'writeSync(this.log', { options: STRICT, output: withImport(inserted(`import { openSync, writeSync } from 'node:fs';
class W { log = { fd: openSync('x', 'a') }; put(b: Buffer) { writeSync(this.log.fd, b); return 1; } }`, 'return 1;', 'fsyncSync(this.log.fd);')) }],
  ['writev through an fd', `import fs from 'node:fs';
export class L { fd = fs.openSync('x', 'a'); put(parts: Buffer[]) { fs.writevSync(this.fd, parts); return 1; } }`, 'fs.writevSync', { sync: ['return 1;', 'fs.fsyncSync(this.fd);'] }],
  ['appendFileSync to a path synced elsewhere', `import fs from 'node:fs';
const LOG = 'events.log';
export function record(e: string) { fs.appendFileSync(LOG, e); }
export function checkpoint() { const fd = fs.openSync(LOG, 'r+'); fs.fsyncSync(fd); fs.closeSync(fd); }`, 'fs.appendFileSync'],
  ['FileHandle written and closed without sync', `import { open } from 'node:fs/promises';
export async function append(p: string, d: string) {
  const fh = await open(p, 'a');
  await fh.write(d);
  await fh.close();
}`, 'fh.write', { options: STRICT, output: inserted(`import { open } from 'node:fs/promises';
export async function append(p: string, d: string) {
  const fh = await open(p, 'a');
  await fh.write(d);
  await fh.close();
}`, 'await fh.close();', 'await fh.sync();') }],
  ['early return from inside a loop skips the sync', `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('x', 'a');
export function putUntil(items: Buffer[]) { for (const i of items) { writeSync(fd, i); if (i.length === 0) return false; } fsyncSync(fd); return true; }`, 'writeSync(fd, i)', { sync: ['return false;', 'fsyncSync(fd);'] }],
  ['do/while: the sync is skipped when the loop runs once', `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('x', 'a');
export function put(parts: Buffer[]) { let n = 0; do { writeSync(fd, parts[n]!); n++; if (n % 10 === 0) fsyncSync(fd); } while (n < parts.length); return n; }`, 'writeSync(fd, parts', { sync: ['return n;', 'fsyncSync(fd);'] }],
  ['fs.promises.appendFile without flush', `import fs from 'node:fs';
export async function record(line: string) { await fs.promises.appendFile('events.log', line); }`, 'fs.promises.appendFile', { options: STRICT }],
  ['a throw on one path does not excuse the normal path', `import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('x', 'a');
export function put(b: Buffer) { writeSync(fd, b); if (b.length > 10) { fsyncSync(fd); throw new Error('too big'); } return 1; }`, 'writeSync(fd, b)', { sync: ['return 1;', 'fsyncSync(fd);'] }],
  ['callback-style write acknowledged through the fsync of another fd', `const fs = require('fs');
function append(fd, other, data, cb) { fs.writeSync(fd, data); fs.fsync(other, cb); }`, 'fs.writeSync', { options: STRICT, sync: ['fs.fsync(other', 'fs.fsyncSync(fd);'] }],
];
for (const [name, code, snippet, extra] of cases) invalid.push(bug(name, code, snippet, extra));

ruleTester().run('no-flush-without-fsync', rule as never, { valid: valid as never, invalid: invalid as never });

describe('no-flush-without-fsync: options and settings', () => {
  const linter = new Linter({ configType: 'flat' });
  const lint = (code: string, config: Record<string, unknown>) =>
    linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as never } }, { files: ['**/*.ts'], plugins: { durability: plugin as never }, ...config }], 'x.ts');
  const code = "import { openSync, writeSync } from 'node:fs'; const fd = openSync('x', 'a'); export function put(b: Buffer) { writeSync(fd, b); }";

  it('rejects unknown options with ESLint\'s schema error', () => {
    expect(() => lint(code, { rules: { 'durability/no-flush-without-fsync': ['error', { report: 'sometimes' }] } })).toThrow(/should be equal to one of the allowed values/);
    expect(() => lint(code, { rules: { 'durability/no-flush-without-fsync': ['error', { reprot: 'all' }] } })).toThrow(/Unexpected property "reprot"/);
  });

  it('rejects bad settings with a message that names the setting', () => {
    expect(() => lint(code, { rules: { 'durability/no-flush-without-fsync': 'error' }, settings: { durability: { syncFunction: ['x'] } } })).toThrow(/unknown key "syncFunction"/);
    expect(() => lint(code, { rules: { 'durability/no-flush-without-fsync': 'error' }, settings: { durability: { durableHandles: ['('] } } })).toThrow(/not a valid regular expression/);
  });

  it('uses type information when it is there: a FileHandle whose origin is out of sight', async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/typed');
    const { ESLint } = await import('eslint');
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: tsParser as never, parserOptions: { projectService: true, tsconfigRootDir: root } } },
        { files: ['**/*.ts'], ...(plugin.configs.recommended as object) },
      ],
    });
    const [typed] = await eslint.lintFiles(['journal.ts']);
    expect(typed!.messages.map((m) => [m.line, m.ruleId])).toEqual([[6, 'durability/no-flush-without-fsync']]);
    const untyped = lint(typed!.source ?? '', { ...(plugin.configs.recommended as object) });
    expect(untyped).toEqual([]);
  });
});
