/**
 * Buggy variant: a "lazy sync" optimisation. commit() writes the batch and acknowledges it at once, promising to
 * fsync it at the start of the next commit. A crash between the two loses a batch the caller was told is durable.
 */
import { writeSync } from 'node:fs';
import { WriteAheadLog, encodeRecord } from './wal.js';

export class LazySyncWriteAheadLog extends WriteAheadLog {
  private unsyncedBatch = false;

  override commit(): number[] {
    if (this.unsyncedBatch) {
      this.syncToDisk();
      this.unsyncedBatch = false;
    }
    if (this.pending.length === 0) return [];
    const batch = this.pending;
    this.pending = [];
    writeSync(this.fd, Buffer.concat(batch.map((r) => encodeRecord(r.lsn, r.payload)))); // expect: durability/no-flush-without-fsync
    this.unsyncedBatch = true;
    this.records.push(...batch);
    return batch.map((r) => r.lsn);
  }
}
