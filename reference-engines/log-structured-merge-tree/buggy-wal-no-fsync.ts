/**
 * Buggy variant, seed bug 1: the WAL append writes the record — "flushes" it to the OS — and never syncs it.
 */
import { LsmTree, encodeEntry } from './lsm.js';

export class UnsyncedWalLsmTree extends LsmTree {
  protected override async append(key: string, value: string | null): Promise<void> {
    await this.wal.write(encodeEntry(key, value)); // expect: durability/no-flush-without-fsync
  }
}
