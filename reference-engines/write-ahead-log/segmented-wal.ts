/**
 * A segmented log, as Kafka keeps one: records (the WAL frame, `encodeRecord`) go to the active segment
 * `<first lsn>.seg` and are fsynced before `append` returns. Once the active segment passes `maxSegmentBytes` the log
 * rolls: the old segment is synced and closed, a new one is created — and the directory is fsynced, or the new
 * segment's name may not survive a crash that its fsynced records do (KAFKA-4451).
 *
 * Recovery reads every segment in order and cuts a torn tail off the last one.
 */
import { closeSync, fsyncSync, ftruncateSync, openSync, readFileSync, readdirSync, writeSync } from 'node:fs';
import path from 'node:path';
import { decodeRecords, encodeRecord, syncDirectory, type WalRecord } from './wal.js';

export function segmentName(firstLsn: number): string {
  return `${String(firstLsn).padStart(10, '0')}.seg`;
}

export class SegmentedLog {
  protected fd = -1;
  protected segmentSize = 0;
  protected nextLsn = 1;
  readonly records: WalRecord[] = [];

  constructor(
    protected readonly dir: string,
    protected readonly maxSegmentBytes = 1024,
  ) {
    const segments = readdirSync(dir).filter((name) => /^\d{10}\.seg$/.test(name)).sort();
    for (const name of segments) {
      const data = readFileSync(path.join(dir, name));
      const { records, validBytes } = decodeRecords(data);
      this.records.push(...records);
      if (records.length > 0) this.nextLsn = (records[records.length - 1] as WalRecord).lsn + 1;
      if (name === segments[segments.length - 1]) {
        this.fd = openSync(path.join(dir, name), 'r+'); // the active segment again; written at segmentSize
        if (validBytes < data.length) {
          ftruncateSync(this.fd, validBytes);
          fsyncSync(this.fd);
        }
        this.segmentSize = validBytes;
      }
    }
    if (this.fd < 0) this.roll();
  }

  /** Writes one record and fsyncs it; returns its LSN, durable. */
  append(payload: Buffer): number {
    if (this.segmentSize >= this.maxSegmentBytes) this.roll();
    const record = { lsn: this.nextLsn++, payload };
    const frame = encodeRecord(record.lsn, payload);
    writeSync(this.fd, frame, 0, frame.length, this.segmentSize);
    fsyncSync(this.fd);
    this.segmentSize += frame.length;
    this.records.push(record);
    return record.lsn;
  }

  /** Closes the active segment (synced) and creates the next one, named by the next LSN. */
  protected roll(): void {
    if (this.fd >= 0) {
      fsyncSync(this.fd);
      closeSync(this.fd);
    }
    this.fd = openSync(path.join(this.dir, segmentName(this.nextLsn)), 'wx');
    this.segmentSize = 0;
    syncDirectory(this.dir);
  }

  close(): void {
    closeSync(this.fd);
  }
}
