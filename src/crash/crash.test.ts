/**
 * durability-crash: the CLI's exit codes on the example store and its careful twin, the matcher, and the interception
 * real packages need (copies of fs members, fresh module instances, the callback and promise styles, a loud failure
 * for what is not modelled, nothing written outside the throw-away directory), each kind of loss with its image, and
 * the ext4 auto_da_alloc option. Workloads are in test-workloads/ and ../../examples/crash/.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crashTest, toSurviveCrashes } from './index.js';

expect.extend({ toSurviveCrashes });
declare module 'vitest' {
  interface Assertion {
    toSurviveCrashes(options?: import('./crash-test.js').CrashTestOptions): Promise<void>;
  }
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const workload = (name: string) => path.join(repo, 'src/crash/test-workloads', name);
const example = (name: string) => path.join(repo, 'examples/crash', name);

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repo, 'bin/durability-crash.js'), ...args], { cwd: repo, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('durability-crash on the example JSON store', () => {
  it('the in-place rewrite exits 1 with the images that lose; the careful twin exits 0; usage errors exit 2', async () => {
    const [inPlace, careful, usage, missing] = await Promise.all([
      cli(['--json', example('in-place.workload.mjs')]),
      cli([example('careful.workload.mjs')]),
      cli(['--fs', 'zfs', example('careful.workload.mjs')]),
      cli([example('no-such.workload.mjs')]),
    ]);
    expect(inPlace.code, inPlace.stderr).toBe(1);
    const report = JSON.parse(inPlace.stdout) as { images: number; lost: number; examples: { kind: string; key: string; crashAfter: string; kept: string[]; lost: string[]; image: { path: string; bytes: number }[] }[] };
    expect(report.lost).toBeGreaterThan(0);
    // the rewrite's own crash: the truncate kept, the new bytes lost, an empty settings.json read back
    const truncated = report.examples.find((e) => e.image.some((f) => f.path === 'settings.json' && f.bytes === 0));
    expect(truncated, JSON.stringify(report.examples, null, 1)).toBeDefined();
    expect(new Set(report.examples.map((e) => e.kind))).toEqual(new Set(['recovery throws', 'absent', 'older value']));
    expect(report.examples.find((e) => e.kind === 'older value')?.lost.some((op) => op.includes("truncate data/settings.json to 0 (open 'w')"))).toBe(true);
    expect(careful.code, careful.stdout + careful.stderr).toBe(0);
    expect(careful.stdout).toMatch(/^\d+ crash images recovered, 3 acknowledgements, file system model: posix, seed 42\nno acknowledged write lost$/m);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--fs is posix or ext4');
    expect(missing.code).toBe(2);
  });

  it('toSurviveCrashes is a matcher: the careful twin passes, the in-place store fails with its report', async () => {
    await expect(example('careful.workload.mjs')).toSurviveCrashes();
    await expect(example('in-place.workload.mjs')).not.toSurviveCrashes();
    const failed = await toSurviveCrashes(example('in-place.workload.mjs'));
    expect(failed.pass).toBe(false);
    expect(failed.message()).toMatch(/acknowledged write\(s\) lost\n\n#1 /);
    expect(failed.message()).toContain('files in the image:\n     settings.json (0 bytes): ""');
  });

  it('is deterministic for a seed', async () => {
    const [a, b] = await Promise.all([crashTest(example('in-place.workload.mjs'), { seed: 7 }), crashTest(example('in-place.workload.mjs'), { seed: 7 })]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('interception that real packages need', () => {
  it('copies of fs members taken at load see the model; each kind of loss comes with its image', async () => {
    const result = await crashTest(workload('copied-members.cjs'));
    expect(result.exitCode, result.error).toBe(1);
    expect(result.modelCalls).toBeGreaterThan(0);
    // recover reads a damaged file as {}: the value is absent, and the loss is a second example with its image, where
    // the unsynced temp file was renamed into place: the name persisted, the data did not
    expect(result.examples.some((e) => e.kind === 'absent' && e.image.length === 0)).toBe(true);
    expect(result.examples.some((e) => e.kind === 'absent' && e.image.some((f) => f.path === 'state.json' && f.bytes === 0) && e.kept.some((op) => op.startsWith('rename(data/state.json.tmp')))).toBe(true);
  });

  it('run and every recover get fresh module instances: a module-level cache answers no recover', async () => {
    const result = await crashTest(workload('memory-cache.mjs'));
    expect(result.exitCode).toBe(1);
    expect(result.error).toBe('lost without a crash (a plain restart): after a clean run, k: expected "\\"v\\"", found absent');
    expect(result.warnings.join('\n')).toContain('acknowledged 1 write(s) but no fs call reached the model');
  });

  it('the callback and promise styles, stat with mode and uid, chmod, realpath, access are modelled', async () => {
    const result = await crashTest(workload('callback-and-promises.mjs'));
    expect(result.error).toBeUndefined();
    expect(result.exitCode).toBe(0);
    expect(result.images).toBeGreaterThan(5);
  });

  it('an unmodelled call fails loudly; a write outside dir fails before it reaches the disk', async () => {
    const unmodelled = await crashTest(workload('unmodelled.mjs'));
    expect(unmodelled.exitCode).toBe(2);
    expect(unmodelled.error).toContain('fs.symlinkSync is not modelled');
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'crash-test-outside-'));
    const outside = path.join(tmp, 'escaped.txt');
    process.env.DURABILITY_CRASH_TEST_OUTSIDE = outside;
    try {
      const result = await crashTest(workload('outside.mjs'));
      expect(result.exitCode).toBe(2);
      expect(result.error).toContain(`fs.writeFileSync on ${outside}, outside the throw-away directory`);
      expect(existsSync(outside)).toBe(false);
    } finally {
      delete process.env.DURABILITY_CRASH_TEST_OUTSIDE;
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('fsync faults', () => {
  it('a swallowed fsync failure loses the acknowledged record only under --fail-fsync', async () => {
    const [clean, faulty] = [await crashTest(workload('ignores-fsync-error.mjs')), await crashTest(workload('ignores-fsync-error.mjs'), { failFsync: 3 })];
    expect(clean.exitCode, JSON.stringify(clean.examples[0])).toBe(0);
    expect(faulty.exitCode).toBe(1);
    // fsync #3 is the second record's: its data was dropped, the record acknowledged anyway
    expect(faulty.examples.some((e) => e.key === 'r2' && e.kind === 'absent')).toBe(true);
  });
});

describe('file system behaviour: posix (default) and ext4 auto_da_alloc', () => {
  it('an unsynced temp file renamed over a file loses under posix, not under ext4', async () => {
    const [posix, ext4] = await Promise.all([crashTest(workload('rename-unsynced.mjs')), crashTest(workload('rename-unsynced.mjs'), { fs: 'ext4' })]);
    expect(posix.exitCode).toBe(1);
    // the rename reached the disk before the data: the replaced file is empty, both before and after the directory fsync
    expect(posix.examples.filter((e) => e.kind === 'empty or torn').map((e) => [e.expected, e.found])).toEqual([['"first"', '""'], ['"second"', '""']]);
    expect(ext4.exitCode, JSON.stringify(ext4.examples[0])).toBe(0);
    expect(ext4.fs).toBe('ext4');
  });

  it('truncate-then-rewrite loses under both: auto_da_alloc flushes at close, a crash before it still finds the file empty', async () => {
    const [posix, ext4] = await Promise.all([crashTest(workload('rewrite-in-place.mjs')), crashTest(workload('rewrite-in-place.mjs'), { fs: 'ext4' })]);
    for (const result of [posix, ext4]) {
      expect(result.exitCode).toBe(1);
      expect(result.examples.some((e) => e.kind === 'empty or torn' && e.found === '""')).toBe(true);
    }
  });
});
