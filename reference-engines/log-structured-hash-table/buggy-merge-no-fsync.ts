/**
 * Buggy variant: merge writes the merged segment to a temp file and renames it into place without an fsync of its
 * data. The rename and the unlinks of the old segments are made durable (directory fsync), the merged records are
 * not: after a crash the merged segment is empty or short, and the old segments that held the same records are gone.
 */
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { Bitcask, syncDirectory, type KeydirEntry } from './bitcask.js';

export class UnsyncedMergeBitcask extends Bitcask {
  protected override writeMergedSegment(target: number, live: readonly (readonly [string, string])[]): Map<string, KeydirEntry> {
    const tmp = `${this.segmentPath(target)}.tmp`;
    const fd = openSync(tmp, 'w');
    const entries = new Map<string, KeydirEntry>();
    let offset = 0;
    try {
      for (const [key, value] of live) {
        const record = this.encode(key, value);
        writeSync(fd, record);
        entries.set(key, { segment: target, offset, size: record.length });
        offset += record.length;
      }
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.segmentPath(target)); // expect: durability/require-fsync-before-rename
    syncDirectory(this.dir);
    return entries;
  }
}
