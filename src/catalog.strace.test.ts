/**
 * The catalog against the real OS: each form runs in a child node under `strace`, and what the catalog says about it
 * (sync or not) must match the system calls it really makes. Expectations come from the catalog's own tables.
 *
 * The same facts hold on every release line our users run: verified on Node 20.20.2, 22.23.5 and 24.22.3
 * (`npm run node-versions`), including the utf8 `flush` hole of writeFileSync/appendFileSync (nodejs/node#60552).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FS_API, SYNC_OPEN_FLAGS } from './catalog.js';
import { flushSyncs } from './analysis/catalog-steps.js';

const hasStrace = spawnSync('strace', ['-V']).status === 0;

/** Runs `body` (ESM, with `fs`, `fsp` and `file` in scope) under strace; returns the fsync-ish calls and sync opens. */
function trace(body: string): { fsyncs: number; syncOpens: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'durability-strace-'));
  try {
    const script = path.join(dir, 'case.mjs');
    const file = path.join(dir, 'data.bin');
    writeFileSync(script, `import fs from 'node:fs'; import fsp from 'node:fs/promises';\nconst file = ${JSON.stringify(file)};\n${body}\n`);
    const log = path.join(dir, 'strace.log');
    execFileSync('strace', ['-f', '-qq', '-e', 'trace=fsync,fdatasync,openat', '-o', log, process.execPath, script], { stdio: 'pipe' });
    const lines = readFileSync(log, 'utf8').split('\n').filter((line) => line.includes(file) || /fsync|fdatasync/.test(line));
    return {
      fsyncs: lines.filter((line) => /\b(fsync|fdatasync)\(/.test(line) && !/resumed|unfinished/.test(line) || /<\.\.\. f(data)?sync resumed>/.test(line)).length,
      syncOpens: lines.filter((line) => line.includes(file) && /O_D?SYNC/.test(line)).length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const row = (owner: string, name: string) => {
  const found = FS_API.find((r) => r.owner === owner && r.name === name);
  if (!found) throw new Error(`catalog has no ${owner}.${name}`);
  return found;
};

/** Whether the analysis, reading the catalog, says this one-shot write with these options syncs. */
function catalogSaysFlushSyncs(owner: string, name: string, data: 'string' | 'buffer', options: { flush?: boolean; encoding?: string }): boolean {
  return options.flush === true && flushSyncs(row(owner, name), options.encoding, () => data === 'string');
}

describe.skipIf(!hasStrace)('the fs catalog under strace', () => {
  for (const flag of ['a', 'w', 'r+', 'as', 'as+', 'rs+']) {
    it(`openSync(file, '${flag}') opens with O_SYNC/O_DSYNC exactly when the catalog says so`, () => {
      const { syncOpens } = trace(`fs.writeFileSync(file, 'x'); const fd = fs.openSync(file, '${flag}'); fs.writeSync(fd, 'y'); fs.closeSync(fd);`);
      expect(syncOpens > 0).toBe(SYNC_OPEN_FLAGS.has(flag));
    });
  }
  it('numeric O_SYNC and O_DSYNC open sync', () => {
    expect(trace('fs.closeSync(fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_SYNC));').syncOpens).toBe(1);
    expect(trace('fs.closeSync(fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_DSYNC));').syncOpens).toBe(1);
  });

  const syncRows = FS_API.filter((r) => r.kind === 'sync');
  const syncCalls: Record<string, string> = {
    'fs:fsyncSync': 'const fd = fs.openSync(file, "w"); fs.writeSync(fd, "x"); fs.fsyncSync(fd); fs.closeSync(fd);',
    'fs:fdatasyncSync': 'const fd = fs.openSync(file, "w"); fs.writeSync(fd, "x"); fs.fdatasyncSync(fd); fs.closeSync(fd);',
    'fs:fsync': 'const fd = fs.openSync(file, "w"); fs.writeSync(fd, "x"); await new Promise((r) => fs.fsync(fd, r)); fs.closeSync(fd);',
    'fs:fdatasync': 'const fd = fs.openSync(file, "w"); fs.writeSync(fd, "x"); await new Promise((r) => fs.fdatasync(fd, r)); fs.closeSync(fd);',
    'FileHandle:sync': 'const fh = await fsp.open(file, "w"); await fh.write("x"); await fh.sync(); await fh.close();',
    'FileHandle:datasync': 'const fh = await fsp.open(file, "w"); await fh.write("x"); await fh.datasync(); await fh.close();',
  };
  for (const r of syncRows) {
    it(`${r.owner}.${r.name} (catalogued as a sync) issues fsync/fdatasync`, () => {
      const body = syncCalls[`${r.owner}:${r.name}`];
      expect(body, 'every sync row needs a script here').toBeDefined();
      expect(trace(body as string).fsyncs).toBeGreaterThan(0);
    });
  }

  it('plain writes and close (catalogued as not syncing) issue no fsync', () => {
    expect(trace('const fd = fs.openSync(file, "w"); fs.writeSync(fd, "x"); fs.writevSync(fd, [Buffer.from("y")]); fs.closeSync(fd);').fsyncs).toBe(0);
    expect(trace('const fh = await fsp.open(file, "w"); await fh.write("x"); await fh.close();').fsyncs).toBe(0);
  });

  it('copies (catalogued as a write of the destination, not a sync) issue no fsync', () => {
    const copies = FS_API.filter((r) => r.name.startsWith('copyFile') || r.name.startsWith('cp'));
    expect(copies.every((r) => r.kind === 'write' && r.handle === 1)).toBe(true);
    const copy = 'fs.writeFileSync(file + ".src", "x"); ';
    expect(trace(`${copy}fs.copyFileSync(file + ".src", file);`).fsyncs).toBe(0);
    expect(trace(`${copy}await fsp.copyFile(file + ".src", file);`).fsyncs).toBe(0);
    expect(trace(`${copy}fs.cpSync(file + ".src", file);`).fsyncs).toBe(0);
  });

  const oneShots: [string, string, 'string' | 'buffer', { flush?: boolean; encoding?: string }, string][] = [
    ['fs', 'writeFileSync', 'string', {}, 'fs.writeFileSync(file, "x")'],
    ['fs', 'writeFileSync', 'string', { flush: true }, 'fs.writeFileSync(file, "x", { flush: true })'],
    ['fs', 'writeFileSync', 'string', { flush: true, encoding: 'utf8' }, 'fs.writeFileSync(file, "x", { flush: true, encoding: "utf8" })'],
    ['fs', 'writeFileSync', 'buffer', { flush: true, encoding: 'utf8' }, 'fs.writeFileSync(file, Buffer.from("x"), { flush: true, encoding: "utf8" })'],
    ['fs', 'appendFileSync', 'string', { flush: true }, 'fs.appendFileSync(file, "x", { flush: true })'],
    ['fs', 'appendFileSync', 'string', { flush: true, encoding: 'utf8' }, 'fs.appendFileSync(file, "x", { flush: true, encoding: "utf8" })'],
    ['fs/promises', 'writeFile', 'string', { flush: true, encoding: 'utf8' }, 'await fsp.writeFile(file, "x", { flush: true, encoding: "utf8" })'],
    ['FileHandle', 'writeFile', 'string', { flush: true }, 'const fh = await fsp.open(file, "w"); await fh.writeFile("x", { flush: true }); await fh.close()'],
  ];
  for (const [owner, name, data, options, body] of oneShots) {
    const expected = catalogSaysFlushSyncs(owner, name, data, options);
    it(`${body} ${expected ? 'syncs' : 'does not sync'}, as the catalog says`, () => {
      expect(trace(`${body};`).fsyncs > 0).toBe(expected);
    });
  }

  it('createWriteStream({ flush: true }) fsyncs once at close', () => {
    const body = 'const ws = fs.createWriteStream(file, { flush: true }); ws.write("a"); ws.write("b"); await new Promise((r) => ws.end(() => ws.on("close", r)));';
    expect(trace(body).fsyncs).toBe(1);
  });
});
