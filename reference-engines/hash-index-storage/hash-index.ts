/**
 * A hash-index store (Bitcask-style) over one append-only data file, with an explicit `syncWrites` option — as in
 * real Bitcask's `sync_strategy` — and compaction.
 *
 * Record: [u32 crc32(rest)][u32 key length][i32 value length, -1 = tombstone][key][value].
 */
import { open, readdir, rename, type FileHandle } from 'node:fs/promises';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';

export interface HashIndexOptions {
  /**
   * true: every put/delete is fsynced before it resolves — it survives power loss.
   * false: records reach the OS page cache only; a power loss can lose the most recent acknowledged writes. This is
   * the documented throughput trade-off (Bitcask's `sync_strategy: none`): choose it only for data you can rebuild.
   */
  syncWrites: boolean;
}

const HEADER = 12;

export class HashIndexStore {
  private readonly index = new Map<string, { offset: number; size: number }>();
  private size = 0;

  private constructor(
    private readonly dir: string,
    private file: FileHandle,
    private readonly syncWrites: boolean,
  ) {}

  static async open(dir: string, options: HashIndexOptions): Promise<HashIndexStore> {
    const names = await readdir(dir);
    const isNew = !names.includes('store.data');
    const file = await open(path.join(dir, 'store.data'), 'a+');
    if (isNew) syncDirectory(dir);
    const store = new HashIndexStore(dir, file, options.syncWrites);
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    const data = await this.file.readFile();
    let offset = 0;
    while (offset + HEADER <= data.length) {
      const keyLength = data.readUInt32LE(offset + 4);
      const valueLength = data.readInt32LE(offset + 8);
      const total = HEADER + keyLength + Math.max(0, valueLength);
      if (offset + total > data.length || crc32(data.subarray(offset + 4, offset + total)) !== data.readUInt32LE(offset)) break;
      const key = data.toString('utf8', offset + HEADER, offset + HEADER + keyLength);
      if (valueLength < 0) this.index.delete(key);
      else this.index.set(key, { offset, size: total });
      offset += total;
    }
    if (offset < data.length) {
      await this.file.truncate(offset);
      await this.file.sync();
    }
    this.size = offset;
  }

  private encode(key: string, value: string | null): Buffer {
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

  private async writeRecord(record: Buffer): Promise<number> {
    const offset = this.size;
    await this.file.write(record);
    if (this.syncWrites) await this.file.sync();
    this.size += record.length;
    return offset;
  }

  async put(key: string, value: string): Promise<void> {
    const record = this.encode(key, value);
    const offset = await this.writeRecord(record);
    this.index.set(key, { offset, size: record.length });
  }

  async delete(key: string): Promise<void> {
    if (!this.index.has(key)) return;
    await this.writeRecord(this.encode(key, null));
    this.index.delete(key);
  }

  async get(key: string): Promise<string | null> {
    const entry = this.index.get(key);
    if (!entry) return null;
    const record = Buffer.alloc(entry.size);
    await this.file.read(record, 0, entry.size, entry.offset);
    return record.toString('utf8', HEADER + record.readUInt32LE(4));
  }

  /** Compaction: live records to a temp file, fsynced, renamed over the data file, directory fsynced. */
  async compact(): Promise<void> {
    const live: [string, string][] = [];
    for (const key of this.index.keys()) live.push([key, (await this.get(key)) as string]);
    const target = path.join(this.dir, 'store.data');
    const tmp = `${target}.compact`;
    const out = await open(tmp, 'w');
    this.index.clear();
    let offset = 0;
    try {
      for (const [key, value] of live) {
        const record = this.encode(key, value);
        await out.write(record);
        this.index.set(key, { offset, size: record.length });
        offset += record.length;
      }
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(tmp, target);
    syncDirectory(this.dir);
    await this.file.close();
    this.file = await open(target, 'a+');
    this.size = offset;
  }

  async close(): Promise<void> {
    await this.file.close();
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
