/**
 * A write-ahead log with two durability modes.
 *
 * - `sync`:  every append writes one framed record and fsyncs before it returns its LSN.
 * - `batch`: appends are buffered in memory (group commit); `commit()` writes the whole batch with one write, fsyncs
 *            it, and returns the LSNs it made durable. A batch that reaches `batchSize` commits from `append`.
 *
 * Record frame: [u32 payload length][u32 crc32(lsn + payload)][u64 lsn][payload]. Recovery scans the file and stops at
 * the first short or corrupt record, truncating the torn tail a crash can leave.
 */
import { closeSync, fsyncSync, ftruncateSync, fstatSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';

export type WalMode = 'sync' | 'batch';

export interface WalOptions {
  mode?: WalMode;
  batchSize?: number;
}

export interface WalRecord {
  lsn: number;
  payload: Buffer;
}

const HEADER = 16;

export function encodeRecord(lsn: number, payload: Buffer): Buffer {
  const frame = Buffer.alloc(HEADER + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeBigUInt64LE(BigInt(lsn), 8);
  payload.copy(frame, HEADER);
  frame.writeUInt32LE(crc32(frame.subarray(8)), 4);
  return frame;
}

/** Decodes framed records, stopping at the first short or corrupt one. */
export function decodeRecords(data: Buffer): { records: WalRecord[]; validBytes: number } {
  const records: WalRecord[] = [];
  let offset = 0;
  while (offset + HEADER <= data.length) {
    const length = data.readUInt32LE(offset);
    if (offset + HEADER + length > data.length) break;
    const body = data.subarray(offset + 8, offset + HEADER + length);
    if (crc32(body) !== data.readUInt32LE(offset + 4)) break;
    const lsn = Number(data.readBigUInt64LE(offset + 8));
    records.push({ lsn, payload: Buffer.from(data.subarray(offset + HEADER, offset + HEADER + length)) });
    offset += HEADER + length;
  }
  return { records, validBytes: offset };
}

export class WriteAheadLog {
  protected fd: number;
  protected nextLsn = 1;
  protected pending: WalRecord[] = [];
  protected readonly mode: WalMode;
  protected readonly batchSize: number;
  readonly records: WalRecord[] = [];

  constructor(
    protected readonly dir: string,
    options: WalOptions = {},
  ) {
    this.mode = options.mode ?? 'sync';
    this.batchSize = options.batchSize ?? 8;
    const file = path.join(dir, 'wal.log');
    this.fd = openSync(file, 'a+');
    this.recover();
    syncDirectory(dir);
  }

  /** Replays the log, dropping a torn tail. */
  private recover(): void {
    const size = fstatSync(this.fd).size;
    const data = Buffer.alloc(size);
    readSync(this.fd, data, 0, size, 0);
    const { records, validBytes: offset } = decodeRecords(data);
    this.records.push(...records);
    if (records.length > 0) this.nextLsn = (records[records.length - 1] as WalRecord).lsn + 1;
    if (offset < size) {
      ftruncateSync(this.fd, offset);
      fsyncSync(this.fd);
    }
  }

  /** Sync mode: durable when it returns. Batch mode: buffered until `commit()` (or the batch fills). */
  append(payload: Buffer): { lsn: number; durable: number[] } {
    const record = { lsn: this.nextLsn++, payload };
    if (this.mode === 'sync') {
      writeSync(this.fd, encodeRecord(record.lsn, payload));
      this.syncToDisk();
      this.records.push(record);
      return { lsn: record.lsn, durable: [record.lsn] };
    }
    this.pending.push(record);
    const durable = this.pending.length >= this.batchSize ? this.commit() : [];
    return { lsn: record.lsn, durable };
  }

  /** Writes the pending batch with one write and fsyncs it; returns the LSNs now durable. */
  commit(): number[] {
    if (this.pending.length === 0) return [];
    const batch = this.pending;
    this.pending = [];
    writeSync(this.fd, Buffer.concat(batch.map((r) => encodeRecord(r.lsn, r.payload))));
    this.syncToDisk();
    this.records.push(...batch);
    return batch.map((r) => r.lsn);
  }

  /** Checkpoint: keep only records >= lsn, by writing a new log, syncing it, and renaming it over the old one. */
  truncateBefore(lsn: number): void {
    this.commit();
    const kept = this.records.filter((r) => r.lsn >= lsn);
    const file = path.join(this.dir, 'wal.log');
    const tmp = `${file}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, Buffer.concat(kept.map((r) => encodeRecord(r.lsn, r.payload))));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    syncDirectory(this.dir);
    closeSync(this.fd);
    this.fd = openSync(file, 'a+');
    this.records.splice(0, this.records.length, ...kept);
  }

  protected syncToDisk(): void {
    fsyncSync(this.fd);
  }

  close(): void {
    this.commit();
    closeSync(this.fd);
  }
}

/** A new or renamed directory entry lasts only once its directory is fsynced (Windows refuses; it needs no such step). */
export function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
