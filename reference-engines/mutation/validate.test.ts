import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateMutants } from './mutate.js';
import { fsyncsOfSyncCalls, validate } from './validate.js';

describe('mutation generator', () => {
  it('makes one mutant per change, each different from the original', () => {
    const source = `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
class W { fd = openSync('x', 'as'); wal = openSync('w', 'a');
  put(b: Buffer) { writeSync(this.fd, b); fsyncSync(this.fd); return 1; }
  checkpoint() { fsyncSync(this.fd); ftruncateSync(this.wal, 0); this.syncDir(); }
  private syncDir() { if (process.platform !== 'win32') fsyncSync(this.wal); } }`;
    const mutants = generateMutants('w.ts', source);
    expect(mutants.map((m) => m.operator).sort()).toEqual(
      [
        'move-sync-after-destroy', 'remove-sync', 'remove-sync', 'remove-sync', 'remove-sync', 'remove-sync-flag',
        'swallow-sync-error', 'swallow-sync-error', 'swallow-sync-error', // the three fsyncSync calls, not the helper
      ].sort(),
    );
    for (const mutant of mutants) expect(mutant.text).not.toBe(source);
    expect(mutants.find((m) => m.description.includes('this.syncDir'))?.category).toBe('directory');
    expect(new Set(mutants.map((m) => m.id)).size).toBe(mutants.length);
  });
});

describe('mutation generator: callback forms', () => {
  it('only swallows the error of fs.fsync(fd, cb): removing or moving it would remove the continuation', () => {
    const source = `import { fsync, writeSync } from 'node:fs';
export function put(fd: number, b: Buffer, cb: (e: Error | null) => void) { writeSync(fd, b); fsync(fd, (e) => cb(e)); }`;
    const mutants = generateMutants('c.ts', source);
    expect(mutants.map((m) => [m.operator, m.category])).toEqual([['swallow-sync-error', 'fsync-error']]);
    expect(mutants[0]!.text).toBe(source.replace('fsync(fd, (e) => cb(e))', 'fsync(fd, () => cb(null))'));
  });
});

describe('mutation generator: swallowing a sync failure', () => {
  const source = `import { fsync, fsyncSync, fdatasyncSync } from 'node:fs';
import { open } from 'node:fs/promises';
export function a(fd: number) { fsyncSync(fd); }
export function b(fd: number, ok: boolean) { if (ok) fdatasyncSync(fd); }
export async function c(path: string) { const fh = await open(path, 'a'); await fh.sync(); return fh; }
export function d(fd: number, cb: (e: Error | null, n?: number) => void) { fsync(fd, (err) => cb(err ?? null, 1)); }
export function e(fd: number, cb: (e: Error | null) => void) { fsync(fd, (err) => { if (err) return cb(err); cb(null); }); }
export function f(fd: number, cb: (e: Error | null) => void) { fsync(fd, cb); }
export function g(fh: { datasync(): Promise<void> }) { return Promise.all([fh.datasync()]); }
class Pager { constructor(private fd: number) {} sync() { fsyncSync(this.fd); } }
export function h(pager: Pager) { pager.sync(); }
`;
  const mutants = generateMutants('s.ts', source).filter((m) => m.operator === 'swallow-sync-error');

  it('makes one mutant per sync call of node:fs, in the form that sync takes, never of a helper (pager.sync())', () => {
    const changed = (original: string, mutated: string) => {
      const lines = source.split('\n');
      expect(mutants.map((m) => m.text)).toContain(source.replace(original, mutated));
      return lines.findIndex((line) => line.includes(original)) + 1;
    };
    const lines = [
      changed('{ fsyncSync(fd); }', '{ try { fsyncSync(fd); } catch {} }'),
      changed('if (ok) fdatasyncSync(fd);', 'if (ok) try { fdatasyncSync(fd); } catch {}'),
      changed('await fh.sync();', 'try { await fh.sync(); } catch {}'),
      changed('fsync(fd, (err) => cb(err ?? null, 1))', 'fsync(fd, () => cb(null, 1))'),
      changed('fsync(fd, (err) => { if (err) return cb(err); cb(null); })', 'fsync(fd, () => {  cb(null); })'),
      changed('fsync(fd, cb)', 'fsync(fd, () => cb(null))'),
      changed('Promise.all([fh.datasync()])', 'Promise.all([fh.datasync().catch(() => {})])'),
      changed('sync() { fsyncSync(this.fd); }', 'sync() { try { fsyncSync(this.fd); } catch {} }'),
    ];
    expect(mutants.map((m) => m.line)).toEqual(lines);
    for (const mutant of mutants) {
      expect(mutant.category).toBe('fsync-error');
      const site = source.slice(mutant.syncSite!.start, mutant.syncSite!.end);
      expect(site).toMatch(/^(fsyncSync|fdatasyncSync|fsync|fh\.sync|fh\.datasync)\(.*\)$/);
    }
  });
});

describe('fault runs: which fsyncs a sync call issues', () => {
  it('gives every fsync of an unfaulted run to exactly one sync call of the engine', async () => {
    const source = 'reference-engines/write-ahead-log/wal.ts';
    const sites = generateMutants(source, readFileSync(source, 'utf8')).flatMap((m) => (m.syncSite ? [m.syncSite] : []));
    expect(sites.length).toBe(4); // the constructor's torn-tail fsync, the temp file's, the log's, the directory's
    const byVariant = await fsyncsOfSyncCalls('write-ahead-log', source, sites);
    expect([...byVariant.keys()].sort()).toEqual(['correct (batch mode)', 'correct (sync mode)']);
    for (const [variant, run] of byVariant) {
      const issued = run.sites.flatMap((site) => [...site.files, ...site.directories]).sort((a, b) => a - b);
      expect(issued, variant).toEqual(Array.from({ length: run.total }, (_, i) => i + 1));
      expect(run.sites[3]!.files, variant).toEqual([]); // syncDirectory: directories only
      expect(run.sites[3]!.directories.length, variant).toBeGreaterThan(0);
    }
  }, 60_000);
});

describe('validation: mutants of the correct engines, judged by crash and by lint', () => {
  it('flags every lossy mutant (data, directory, before-rename; fsync-error under faults), raises no false alarm', async () => {
    const summary = await validate();
    expect(summary.mutants).toBeGreaterThanOrEqual(40);
    expect(summary.flaggedLossy / summary.lossy).toBeGreaterThanOrEqual(0.95);
    for (const category of ['data', 'directory', 'before-rename', 'fsync-error'] as const) {
      const lossy = summary.verdicts.filter((v) => v.category === category && v.lossy);
      expect(lossy.length, category).toBeGreaterThan(3);
      expect(lossy.filter((v) => v.flagged).length / lossy.length, category).toBeGreaterThanOrEqual(0.95);
    }
    // judged without faults: at most 5% of the lossless mutants flagged
    const withoutFaults = summary.verdicts.filter((v) => v.category !== 'fsync-error' && !v.lossy);
    expect(withoutFaults.filter((v) => v.flagged).length).toBeLessThanOrEqual(Math.floor(0.05 * withoutFaults.length));
    // under faults: a flagged lossless mutant only where the swallowed sync protects nothing (removing it loses nothing)
    const faultAlarms = summary.falseAlarms.filter((v) => v.category === 'fsync-error');
    for (const v of faultAlarms) expect(v.removalLossy, `${v.id}: ${v.description}`).toBe(false);
    expect(summary.unexplainedFalseAlarms.length).toBeLessThanOrEqual(Math.floor(0.05 * (summary.mutants - summary.notJudged - summary.lossy)));
  }, 420_000);
});
