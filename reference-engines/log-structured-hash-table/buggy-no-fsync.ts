/**
 * Buggy variant, seed bug 2: the record write returns without any fsync, so put() and delete() both acknowledge data
 * that is only in the page cache.
 */
import { writeSync } from 'node:fs';
import { Bitcask } from './bitcask.js';

export class UnsyncedBitcask extends Bitcask {
  protected override writeRecord(key: string, value: string | null): number {
    const record = this.encode(key, value);
    const offset = this.activeSize;
    writeSync(this.activeFd, record); // expect: durability/no-flush-without-fsync
    this.activeSize += record.length;
    return offset;
  }
}
