/**
 * The contract between the reference engines and the crash simulator.
 *
 * Each engine folder exports `scenarios` (from its `scenarios.ts`): one entry per variant. A scenario's workload
 * drives the engine through ordinary `node:fs` / `node:fs/promises` calls; the simulator records those calls,
 * crashes the run at every fs operation, builds the disk images a crash may leave, and calls `recover` on each.
 */

import { closeSync, fstatSync, fsyncSync, openSync, readdirSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * What a writer that crashed in the middle of an append leaves behind: the first bytes of a record (a length field
 * promising more than follows) at the end of `file`, synced, as an earlier crash kept them. A workload leaves one in
 * its log before a reopen, so that the engine's torn-tail recovery runs under the simulator and is crashed too.
 */
export function leaveTornTail(file: string): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.from([9, 0, 0, 0, 1, 2]), 0, 6, fstatSync(fd).size);
  fsyncSync(fd);
  closeSync(fd);
}

/** The newest of the files in `dir` whose names match `pattern` (names sort by age: zero-padded numbers). */
export function newestFile(dir: string, pattern: RegExp): string {
  const names = readdirSync(dir).filter((name) => pattern.test(name)).sort();
  if (names.length === 0) throw new Error(`no file matching ${pattern} in ${dir}`);
  return path.join(dir, names[names.length - 1] as string);
}

export type { AckRecorder, Workload } from '../src/crash/workload.js';
import type { Workload } from '../src/crash/workload.js';

export interface Scenario {
  /** Folder name, e.g. 'write-ahead-log'. */
  engine: string;
  /** 'correct', or 'buggy-<what>', or for the hash-index store 'sync-writes-on' / 'sync-writes-off'. */
  variant: string;
  /**
   * What the crash simulator must find: 'durable' (no acknowledged write lost), 'loses' (at least one lost), or
   * 'trade-off' (losses are the documented, opted-in behaviour, e.g. syncWrites: false).
   */
  expect: 'durable' | 'loses' | 'trade-off';
  /** One sentence: what this variant does. */
  description: string;
  /** Source file of the variant (relative to the repo root), so lint results can be joined with crash results. */
  source: string;
  workload: Workload;
  /**
   * The same workload, shorter, for the mutation study, which runs it once or more for each of about a hundred
   * mutants: `workload` where absent. A correct variant's `workload` is sized for at least 1,000 distinct crash images.
   */
  mutationWorkload?: Workload;
  /** Fault injection for this run: the N-th fsync (1-based) fails once with EIO and its data never becomes durable. */
  faults?: { failFsyncNumber: number };
  /**
   * A buggy variant the rules do not flag yet: why (the validation table of `npm run check` shows it as a known gap
   * instead of failing). Its marker is left out of the source until the analysis reports it.
   */
  lintGap?: string;
}
