/**
 * durability-crash on storage packages installed from the registry (devDependencies, unmodified), each driven by a
 * workload of ours in examples/crash/packages/: the loss each package's code predicts, with the image that shows it.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crashTest, type CrashExample } from './index.js';

const packages = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/crash/packages');
const hasFile = (e: CrashExample, file: string, bytes?: number) => e.image.some((f) => f.path === file && (bytes === undefined || f.bytes === bytes));
const keeps = (ops: string[], prefix: string) => ops.some((op) => op.startsWith(prefix));

describe('storage packages under the crash model (posix)', () => {
  it('nconf save(): the file rewritten in place, a crash between truncate and write leaves it empty and the load throws', async () => {
    const result = await crashTest(path.join(packages, 'nconf.workload.cjs'));
    expect(result.exitCode).toBe(1);
    expect(result.examples.some((e) => e.kind === 'recovery throws' && hasFile(e, 'config.json', 0))).toBe(true);
    expect(result.examples.some((e) => e.kind === 'older value' && e.key === 'port')).toBe(true);
  });

  it("fs-jetpack write({ atomic: true }): the unsynced temp file's rename persists before its data", async () => {
    const result = await crashTest(path.join(packages, 'fs-jetpack.workload.cjs'));
    expect(result.exitCode).toBe(1);
    expect(result.examples.some((e) => e.kind === 'recovery throws' && hasFile(e, 'doc.json', 0) && keeps(e.kept, 'rename(data/doc.json.__new__'))).toBe(true);
  });

  it('lowdb (steno): the same rename of an unsynced temp file', async () => {
    const result = await crashTest(path.join(packages, 'lowdb.workload.mjs'));
    expect(result.exitCode).toBe(1);
    expect(result.examples.some((e) => e.kind === 'recovery throws' && hasFile(e, 'db.json', 0) && keeps(e.kept, 'rename(data/.db.json.tmp'))).toBe(true);
  });

  it('fs-extra outputJsonSync: created, written, never synced', async () => {
    const result = await crashTest(path.join(packages, 'fs-extra.workload.cjs'));
    expect(result.exitCode).toBe(1);
    expect(result.examples.some((e) => e.kind === 'recovery throws' && hasFile(e, 'users/alice.json', 0))).toBe(true);
    expect(result.examples.some((e) => e.kind === 'older value' && e.key === 'alice' && e.found === '{"visits":1}')).toBe(true);
  });

  it("fs-write-stream-atomic (graceful-fs, Node's WriteStream): the stream's temp file is renamed unsynced", async () => {
    const result = await crashTest(path.join(packages, 'fs-write-stream-atomic.workload.cjs'));
    expect(result.exitCode).toBe(1);
    expect(result.examples.some((e) => e.kind === 'recovery throws' && hasFile(e, 'report.json', 0) && keeps(e.kept, 'rename(data/report.json.'))).toBe(true);
  });

  it('write-file-atomic, node-localstorage, atomically: the temp file is synced, the rename is not (no directory fsync)', async () => {
    const cases = [['write-file-atomic.workload.cjs', 'step', 'state.json'], ['node-localstorage.workload.cjs', 'token', 'token'], ['atomically.workload.mjs', 'count', 'counter.json']] as const;
    for (const [workload, key, file] of cases) {
      for (const fs of ['posix', 'ext4'] as const) {
        const result = await crashTest(path.join(packages, workload), { fs });
        expect(result.exitCode, `${workload} ${fs}`).toBe(1);
        // the older value comes back: the rename that replaced it was lost, the data of the new file was not the problem
        expect(result.examples.some((e) => e.kind === 'older value' && e.key === key && keeps(e.lost, `rename(data/${file}.`))).toBe(true);
        expect(result.examples.some((e) => hasFile(e, file, 0))).toBe(false);
      }
    }
  });
});
