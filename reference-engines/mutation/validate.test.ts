import { describe, expect, it } from 'vitest';
import { generateMutants } from './mutate.js';
import { validate } from './validate.js';

describe('mutation generator', () => {
  it('makes one mutant per change, each different from the original', () => {
    const source = `import { openSync, writeSync, fsyncSync, ftruncateSync } from 'node:fs';
class W { fd = openSync('x', 'as'); wal = openSync('w', 'a');
  put(b: Buffer) { writeSync(this.fd, b); fsyncSync(this.fd); return 1; }
  checkpoint() { fsyncSync(this.fd); ftruncateSync(this.wal, 0); this.syncDir(); }
  private syncDir() { if (process.platform !== 'win32') fsyncSync(this.wal); } }`;
    const mutants = generateMutants('w.ts', source);
    expect(mutants.map((m) => m.operator).sort()).toEqual(
      ['move-sync-after-destroy', 'remove-sync', 'remove-sync', 'remove-sync', 'remove-sync', 'remove-sync-flag'].sort(),
    );
    for (const mutant of mutants) expect(mutant.text).not.toBe(source);
    expect(mutants.find((m) => m.description.includes('this.syncDir'))?.category).toBe('directory');
    expect(new Set(mutants.map((m) => m.id)).size).toBe(mutants.length);
  });
});

describe('mutation generator: callback forms', () => {
  it('leaves fs.fsync(fd, cb) alone: removing it would remove the continuation, and the caller would never hear back', () => {
    const source = `import { fsync, writeSync } from 'node:fs';
export function put(fd: number, b: Buffer, cb: (e: Error | null) => void) { writeSync(fd, b); fsync(fd, (e) => cb(e)); }`;
    expect(generateMutants('c.ts', source)).toEqual([]);
  });
});

describe('validation: mutants of the correct engines, judged by crash and by lint', () => {
  it('flags every lossy mutant (data, directory, before-rename), raises no false alarm', async () => {
    const summary = await validate();
    expect(summary.mutants).toBeGreaterThanOrEqual(40);
    expect(summary.flaggedLossy / summary.lossy).toBeGreaterThanOrEqual(0.95);
    for (const category of ['data', 'directory', 'before-rename'] as const) {
      const lossy = summary.verdicts.filter((v) => v.category === category && v.lossy);
      expect(lossy.length, category).toBeGreaterThan(3);
      expect(lossy.filter((v) => v.flagged).length / lossy.length, category).toBeGreaterThanOrEqual(0.95);
    }
    const lossless = summary.mutants - summary.lossy;
    expect(summary.flaggedLossless).toBeLessThanOrEqual(Math.floor(0.05 * lossless));
  }, 420_000);
});
