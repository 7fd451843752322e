/**
 * Buggy variant: the log rolls to a new segment without an fsync of the directory. Every record written to the new
 * segment is fsynced before it is acknowledged, but the segment's name is not durable: a crash can lose the whole
 * segment, and with it every record acknowledged since the roll.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';
import path from 'node:path';
import { SegmentedLog, segmentName } from './segmented-wal.js';

export class UnsyncedRollSegmentedLog extends SegmentedLog {
  protected override roll(): void {
    if (this.fd >= 0) {
      fsyncSync(this.fd);
      closeSync(this.fd);
    }
    this.fd = openSync(path.join(this.dir, segmentName(this.nextLsn)), 'wx'); // expect: durability/require-dir-fsync
    this.segmentSize = 0;
  }
}
