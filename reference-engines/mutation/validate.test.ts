import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateMutants } from './mutate.js';
import { fsyncsOfSyncCalls, lintText, validate } from './validate.js';

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
  it("gives every fsync of an unfaulted run but the workload's own (its torn tail) to exactly one sync call of the engine", async () => {
    const source = 'reference-engines/write-ahead-log/wal.ts';
    const sites = generateMutants(source, readFileSync(source, 'utf8')).flatMap((m) => (m.syncSite ? [m.syncSite] : []));
    expect(sites.length).toBe(4); // the constructor's torn-tail fsync, the temp file's, the log's, the directory's
    const byVariant = await fsyncsOfSyncCalls('write-ahead-log', source, sites);
    expect([...byVariant.keys()].sort()).toEqual(['correct (batch mode)', 'correct (sync mode)']);
    for (const [variant, run] of byVariant) {
      const issued = run.sites.flatMap((site) => [...site.files, ...site.directories]).sort((a, b) => a - b);
      expect(new Set(issued).size, variant).toBe(issued.length);
      expect(issued.length, variant).toBe(run.total - 1); // leaveTornTail's own fsync, before the reopen
      expect(run.sites[0]!.files.length, variant).toBeGreaterThan(0); // the torn-tail cut runs
      expect(run.sites[3]!.files, variant).toEqual([]); // syncDirectory: directories only
      expect(run.sites[3]!.directories.length, variant).toBeGreaterThan(0);
    }
  }, 60_000);
});

/**
 * Lossy mutants no rule reports yet, each for a reason a rule change (not a reference-engine change) must address; see
 * the it.fails tests below and "Mutants" in ../README.md. A mutant listed here that gets flagged, or a lossy mutant
 * not listed that is missed, fails the test.
 */
const RULE_GAPS: Record<string, string> = {
  'reference-engines/b-tree-storage-engine/btree.ts:251:remove-sync': 'commit record written before the data it points to is synced',
  'reference-engines/b-tree-storage-engine/btree.ts:251:move-sync-after-destroy': 'commit record written before the data it points to is synced',
};

describe('validation: mutants of the correct engines, judged by crash and by lint', () => {
  let summary: Awaited<ReturnType<typeof validate>>;

  it('flags every lossy mutant outside the documented rule gaps (data, directory, before-rename; fsync-error under faults), raises no unexplained false alarm', async () => {
    summary = await validate();
    expect(summary.mutants).toBeGreaterThanOrEqual(40);
    expect(summary.notJudged).toBe(0); // a failed fsync of a file or of a directory can be injected at every sync call
    const missed = summary.missed.map((v) => v.id).sort();
    expect(missed).toEqual(Object.keys(RULE_GAPS).sort());
    const outsideGaps = summary.verdicts.filter((v) => v.lossy && !(v.id in RULE_GAPS));
    expect(outsideGaps.filter((v) => v.flagged).length / outsideGaps.length).toBeGreaterThanOrEqual(0.95);
    for (const category of ['data', 'directory', 'before-rename', 'fsync-error'] as const) {
      const lossy = summary.verdicts.filter((v) => v.category === category && v.lossy);
      expect(lossy.length, category).toBeGreaterThan(3);
    }
    // judged without faults: at most 5% of the lossless mutants flagged
    const withoutFaults = summary.verdicts.filter((v) => v.category !== 'fsync-error' && !v.lossy);
    expect(withoutFaults.filter((v) => v.flagged).length).toBeLessThanOrEqual(Math.floor(0.05 * withoutFaults.length));
    // under faults: a flagged lossless mutant only where the swallowed sync protects nothing (removing it loses nothing)
    const faultAlarms = summary.falseAlarms.filter((v) => v.category === 'fsync-error');
    for (const v of faultAlarms) expect(v.removalLossy, `${v.id}: ${v.description}`).toBe(false);
    expect(summary.unexplainedFalseAlarms.length).toBeLessThanOrEqual(Math.floor(0.05 * (summary.mutants - summary.notJudged - summary.lossy)));
  }, 900_000);

  // The rule gaps counted as misses (a swallowed directory fsync failure is reported since no-ignored-fsync-error's
  // directorySwallowed; the commit record written before its data is not)
  it('recall over every lossy mutant, the rule gaps counted, is at least 95%', () => {
    expect(summary.flaggedLossy / summary.lossy).toBeGreaterThanOrEqual(0.95);
  });
});

describe('rule gaps the crash model shows (expected failures until the rules report them)', () => {
  // (The swallowed directory fsync failure, once a gap here, is now no-ignored-fsync-error's `directorySwallowed`:
  // rules/no-ignored-fsync-error.test.ts has its cases, the limited catch among the valid ones.)

  // A commit record (a meta page, a header, a manifest slot) overwritten in place while the data it points to is
  // still unsynced in the same file: write-back may persist the record first (pages in any order). One fsync after
  // both is not enough; the data needs its own fsync before the record is written.
  it.fails('a commit record written before the data it points to is synced is reported', () => {
    const text = `import { fsyncSync, openSync, writeSync } from 'node:fs';
export class Pages {
  private readonly fd = openSync('pages.db', 'r+');
  commit(node: Buffer, at: number, meta: Buffer): void {
    writeSync(this.fd, node, 0, node.length, at);
    writeSync(this.fd, meta, 0, meta.length, 0);
    fsyncSync(this.fd);
  }
}
`;
    expect(lintText(text, 'pages.ts', 'strict')).not.toEqual([]);
  });
});
