/**
 * Bitcask: append-only data files ("segments"), an in-memory keydir (key -> segment, offset, size), tombstones for
 * delete, and merge, which rewrites live records into a new segment and drops the old ones.
 *
 * Record: [u32 crc32(rest)][u32 key length][i32 value length, -1 = tombstone][key][value].
 * Every record is fsynced before put/delete return. New segment files get their directory fsynced before use.
 * Recovery scans segments in order and truncates a torn tail of the last one.
 */
import { closeSync, existsSync, fdatasyncSync, fsyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';

export interface KeydirEntry {
  segment: number;
  offset: number;
  size: number;
}

const HEADER = 12;

export interface BitcaskOptions {
  /** Rotate the active segment once it is larger than this many bytes. */
  maxSegmentBytes?: number;
}

export class Bitcask {
  protected readonly keydir = new Map<string, KeydirEntry>();
  protected activeSegment = 0;
  protected activeFd = -1;
  protected activeSize = 0;
  protected readonly maxSegmentBytes: number;
  private readonly readFds = new Map<number, number>();

  constructor(
    protected readonly dir: string,
    options: BitcaskOptions = {},
  ) {
    this.maxSegmentBytes = options.maxSegmentBytes ?? 4096;
    mkdirSync(dir, { recursive: true });
    const segments = this.segmentIds();
    for (const [index, id] of segments.entries()) this.load(id, index === segments.length - 1);
    this.openActive(segments.length > 0 ? (segments[segments.length - 1] as number) : 1);
  }

  protected segmentPath(id: number): string {
    return path.join(this.dir, `${String(id).padStart(6, '0')}.data`);
  }

  private segmentIds(): number[] {
    return readdirSync(this.dir)
      .filter((name) => /^\d{6}\.data$/.test(name))
      .map((name) => Number(name.slice(0, 6)))
      .sort((a, b) => a - b);
  }

  private openActive(id: number): void {
    const isNew = !existsSync(this.segmentPath(id));
    this.activeSegment = id;
    this.activeFd = openSync(this.segmentPath(id), 'a+');
    this.activeSize = fstatSync(this.activeFd).size;
    if (isNew) syncDirectory(this.dir);
  }

  /** Rebuilds the keydir from one segment; a torn tail of the last segment is cut off. */
  private load(id: number, last: boolean): void {
    const fd = openSync(this.segmentPath(id), 'r+');
    try {
      const size = fstatSync(fd).size;
      const data = Buffer.alloc(size);
      readSync(fd, data, 0, size, 0);
      let offset = 0;
      while (offset + HEADER <= size) {
        const keyLength = data.readUInt32LE(offset + 4);
        const valueLength = data.readInt32LE(offset + 8);
        const total = HEADER + keyLength + Math.max(0, valueLength);
        if (offset + total > size || crc32(data.subarray(offset + 4, offset + total)) !== data.readUInt32LE(offset)) break;
        const key = data.toString('utf8', offset + HEADER, offset + HEADER + keyLength);
        if (valueLength < 0) this.keydir.delete(key);
        else this.keydir.set(key, { segment: id, offset, size: total });
        offset += total;
      }
      if (offset < size && last) {
        ftruncateSync(fd, offset);
        fsyncSync(fd);
      }
    } finally {
      closeSync(fd);
    }
  }

  protected encode(key: string, value: string | null): Buffer {
    const keyBytes = Buffer.from(key);
    const valueBytes = value === null ? Buffer.alloc(0) : Buffer.from(value);
    const record = Buffer.alloc(HEADER + keyBytes.length + valueBytes.length);
    record.writeUInt32LE(keyBytes.length, 4);
    record.writeInt32LE(value === null ? -1 : valueBytes.length, 8);
    keyBytes.copy(record, HEADER);
    valueBytes.copy(record, HEADER + keyBytes.length);
    record.writeUInt32LE(crc32(record.subarray(4)), 0);
    return record;
  }

  /** Appends one record to the active segment and makes it durable; returns its offset. */
  protected writeRecord(key: string, value: string | null): number {
    const record = this.encode(key, value);
    const offset = this.activeSize;
    writeSync(this.activeFd, record);
    fdatasyncSync(this.activeFd);
    this.activeSize += record.length;
    return offset;
  }

  put(key: string, value: string): void {
    if (this.activeSize > this.maxSegmentBytes) this.rotate();
    const record = this.encode(key, value);
    const offset = this.writeRecord(key, value);
    this.keydir.set(key, { segment: this.activeSegment, offset, size: record.length });
  }

  delete(key: string): void {
    if (!this.keydir.has(key)) return;
    this.writeRecord(key, null);
    this.keydir.delete(key);
  }

  get(key: string): string | null {
    const entry = this.keydir.get(key);
    if (!entry) return null;
    const fd = this.readFd(entry.segment);
    const record = Buffer.alloc(entry.size);
    readSync(fd, record, 0, entry.size, entry.offset);
    const keyLength = record.readUInt32LE(4);
    return record.toString('utf8', HEADER + keyLength);
  }

  private readFd(segment: number): number {
    if (segment === this.activeSegment) return this.activeFd;
    let fd = this.readFds.get(segment);
    if (fd === undefined) {
      fd = openSync(this.segmentPath(segment), 'r');
      this.readFds.set(segment, fd);
    }
    return fd;
  }

  protected rotate(): void {
    closeSync(this.activeFd);
    this.openActive(this.activeSegment + 1);
  }

  /** Merge: every live record into one new segment (see writeMergedSegment); only then are the old segments unlinked. */
  merge(): void {
    const live = [...this.keydir.keys()].map((key) => [key, this.get(key) as string] as const);
    const old = this.segmentIds();
    const target = this.activeSegment + 1;
    const entries = this.writeMergedSegment(target, live);
    for (const fdOfSegment of this.readFds.values()) closeSync(fdOfSegment);
    this.readFds.clear();
    closeSync(this.activeFd);
    for (const id of old) unlinkSync(this.segmentPath(id));
    syncDirectory(this.dir);
    this.keydir.clear();
    for (const [key, entry] of entries) this.keydir.set(key, entry);
    this.openActive(target + 1);
  }

  /** The merged segment: written to a temp file, fsynced, renamed into place, the directory fsynced. */
  protected writeMergedSegment(target: number, live: readonly (readonly [string, string])[]): Map<string, KeydirEntry> {
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
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.segmentPath(target));
    syncDirectory(this.dir);
    return entries;
  }

  close(): void {
    for (const fd of this.readFds.values()) closeSync(fd);
    this.readFds.clear();
    closeSync(this.activeFd);
  }
}

export function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
