/**
 * Buggy variant: a failed fsync is ignored, and the append is acknowledged. After a failed fsync Linux may
 * already have dropped the dirty pages (PostgreSQL's "fsyncgate", 2018): the record never reaches the disk, and the
 * records appended after it sit behind a hole that recovery cannot read past.
 */
import { fsyncSync } from 'node:fs';
import { WriteAheadLog } from './wal.js';

export class IgnoredSyncErrorWriteAheadLog extends WriteAheadLog {
  protected override syncToDisk(): void {
    try {
      fsyncSync(this.fd); // expect: durability/no-ignored-fsync-error
    } catch {
      // "the next fsync will catch up"
    }
  }
}
