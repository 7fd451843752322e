/**
 * A log written through a WriteStream (`fs.createWriteStream`), as many Node services keep a journal. Records are the
 * WAL frame (`encodeRecord`) in `wal.log`, so `WriteAheadLog` reads them back and cuts a torn tail.
 *
 * A write callback means the bytes reached the OS, not the disk: append() calls back only once the stream's fd has
 * been fsynced after the write (`fs.fsync`, in the write callback).
 */
import { createWriteStream, fstatSync, fsync, openSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { WriteAheadLog, encodeRecord } from './wal.js';

export type AppendCallback = (error: Error | null, lsn?: number) => void;

/** Replays `wal.log` (creating it, its directory entry synced) and returns the next LSN. */
export function recoverNextLsn(dir: string): number {
  const wal = new WriteAheadLog(dir);
  const last = wal.records[wal.records.length - 1];
  wal.close();
  return (last?.lsn ?? 0) + 1;
}

export class StreamLog {
  protected nextLsn: number;
  private readonly fd: number;
  private readonly stream: WriteStream;

  constructor(dir: string) {
    this.nextLsn = recoverNextLsn(dir);
    const file = path.join(dir, 'wal.log');
    this.fd = openSync(file, 'r+'); // created by recoverNextLsn; the stream writes through this fd from the end
    this.stream = createWriteStream(file, { fd: this.fd, flags: 'r+', start: fstatSync(this.fd).size });
  }

  /** Calls back with the record's LSN once it is on disk. */
  append(payload: Buffer, callback: AppendCallback): void {
    const lsn = this.nextLsn++;
    this.stream.write(encodeRecord(lsn, payload), (error) => {
      if (error) return callback(error);
      fsync(this.fd, (syncError) => callback(syncError ?? null, lsn));
    });
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'close');
  }
}
