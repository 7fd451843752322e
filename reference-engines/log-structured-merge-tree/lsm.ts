/**
 * An LSM tree: a memtable in front of immutable sorted tables (SSTables), a write-ahead log for the memtable, a
 * manifest naming the live tables, and compaction that merges every table into one.
 *
 * put/delete: the WAL record is written and fsynced (FileHandle.sync) before they resolve. Memtable flush: the
 * SSTable is written and fsynced, its directory entry synced, the manifest republished (temp + fsync + rename +
 * directory fsync), and only then is the WAL truncated.
 */
import { open, readFile, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';

type Value = string | null; // null = tombstone

export function encodeEntry(key: string, value: Value): Buffer {
  const body = Buffer.from(JSON.stringify([key, value]));
  const frame = Buffer.alloc(8 + body.length);
  frame.writeUInt32LE(body.length, 0);
  frame.writeUInt32LE(crc32(body), 4);
  body.copy(frame, 8);
  return frame;
}

/** Decodes framed entries, stopping at the first torn or corrupt one. */
export function decodeEntries(data: Buffer): { entries: [string, Value][]; validBytes: number } {
  const entries: [string, Value][] = [];
  let offset = 0;
  while (offset + 8 <= data.length) {
    const length = data.readUInt32LE(offset);
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (body.length < length || crc32(body) !== data.readUInt32LE(offset + 4)) break;
    entries.push(JSON.parse(body.toString()) as [string, Value]);
    offset += 8 + length;
  }
  return { entries, validBytes: offset };
}

export interface LsmOptions {
  memtableLimit?: number;
  compactAfter?: number;
}

export class LsmTree {
  protected memtable = new Map<string, Value>();
  protected tables: string[] = [];
  protected nextTable = 1;

  /** Use `LsmTree.open()`: it recovers the tree before it is used. */
  constructor(
    protected readonly dir: string,
    protected wal: FileHandle,
    protected readonly options: Required<LsmOptions>,
  ) {}

  static async open<T extends LsmTree>(this: new (dir: string, wal: FileHandle, options: Required<LsmOptions>) => T, dir: string, options: LsmOptions = {}): Promise<T> {
    const names = await readdir(dir);
    const wal = await open(path.join(dir, 'wal.log'), 'a+');
    if (!names.includes('wal.log')) syncDirectory(dir);
    const tree = new this(dir, wal, { memtableLimit: options.memtableLimit ?? 16, compactAfter: options.compactAfter ?? 4 });
    await tree.recover(names);
    return tree;
  }

  protected async recover(names: string[]): Promise<void> {
    this.tables = await this.loadManifest(names);
    this.nextTable = Math.max(0, ...this.tables.map((name) => Number(name.slice(0, 6)))) + 1;
    const log = decodeEntries(await this.wal.readFile());
    for (const [key, value] of log.entries) this.memtable.set(key, value);
    const size = (await this.wal.stat()).size;
    if (log.validBytes < size) {
      await this.wal.truncate(log.validBytes);
      await this.wal.sync();
    }
  }

  /** The live tables, as the manifest names them. */
  protected async loadManifest(names: string[]): Promise<string[]> {
    return names.includes('MANIFEST') ? (JSON.parse(await readFile(path.join(this.dir, 'MANIFEST'), 'utf8')) as string[]) : [];
  }

  /** Appends one record to the WAL and makes it durable. */
  protected async append(key: string, value: Value): Promise<void> {
    await this.wal.write(encodeEntry(key, value));
    await this.wal.sync();
  }

  async put(key: string, value: string): Promise<void> {
    await this.append(key, value);
    this.memtable.set(key, value);
    if (this.memtable.size >= this.options.memtableLimit) await this.flushMemtable();
  }

  async delete(key: string): Promise<void> {
    await this.append(key, null);
    this.memtable.set(key, null);
    if (this.memtable.size >= this.options.memtableLimit) await this.flushMemtable();
  }

  async get(key: string): Promise<string | null> {
    if (this.memtable.has(key)) return this.memtable.get(key) ?? null;
    for (const name of [...this.tables].reverse()) {
      const entries = new Map(decodeEntries(await readFile(path.join(this.dir, name))).entries);
      if (entries.has(key)) return entries.get(key) ?? null;
    }
    return null;
  }

  protected async writeTable(entries: [string, Value][]): Promise<string> {
    const name = `${String(this.nextTable++).padStart(6, '0')}.sst`;
    const table = await open(path.join(this.dir, name), 'w');
    try {
      await table.write(Buffer.concat(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => encodeEntry(k, v))));
      await table.sync();
    } finally {
      await table.close();
    }
    syncDirectory(this.dir);
    return name;
  }

  protected async publishManifest(): Promise<void> {
    const target = path.join(this.dir, 'MANIFEST');
    const tmp = `${target}.tmp`;
    const file = await open(tmp, 'w');
    try {
      await file.write(JSON.stringify(this.tables));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, target);
    syncDirectory(this.dir);
  }

  /** Memtable -> SSTable; the WAL is cleared only once the table and the manifest naming it are durable. */
  protected async flushMemtable(): Promise<void> {
    const name = await this.writeTable([...this.memtable]);
    this.tables.push(name);
    await this.publishManifest();
    await this.wal.truncate(0);
    await this.wal.sync();
    this.memtable.clear();
    if (this.tables.length >= this.options.compactAfter) await this.compact();
  }

  /** Merges every table into one, newest value wins, tombstones dropped (this is the bottom level). */
  async compact(): Promise<void> {
    const merged = new Map<string, Value>();
    for (const name of this.tables) for (const [key, value] of decodeEntries(await readFile(path.join(this.dir, name))).entries) merged.set(key, value);
    const live = [...merged].filter(([, value]) => value !== null);
    const old = this.tables;
    this.tables = [await this.writeTable(live)];
    await this.publishManifest();
    for (const name of old) await unlink(path.join(this.dir, name));
    syncDirectory(this.dir);
  }

  async close(): Promise<void> {
    await this.wal.close();
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
