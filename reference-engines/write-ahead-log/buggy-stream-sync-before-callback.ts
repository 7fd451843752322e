/**
 * Buggy variant of the stream log: append() hands the record to the stream and fsyncs the stream's fd at once,
 * calling back when that fsync completes. A WriteStream queues writes (one is in flight at a time, the rest wait in
 * the stream's buffer), so the fsync can run before the record has even reached the fd: it syncs nothing new, and
 * append() acknowledges a record that only the process's memory holds.
 */
import { createWriteStream, fstatSync, fsync, openSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { encodeRecord } from './wal.js';
import { recoverNextLsn, type AppendCallback } from './stream-log.js';

export class EarlySyncStreamLog {
  protected nextLsn: number;
  private readonly fd: number;
  private readonly stream: WriteStream;

  constructor(dir: string) {
    this.nextLsn = recoverNextLsn(dir);
    const file = path.join(dir, 'wal.log');
    this.fd = openSync(file, 'r+');
    this.stream = createWriteStream(file, { fd: this.fd, flags: 'r+', start: fstatSync(this.fd).size });
  }

  append(payload: Buffer, callback: AppendCallback): void {
    const lsn = this.nextLsn++;
    this.stream.write(encodeRecord(lsn, payload));
    fsync(this.fd, (syncError) => callback(syncError ?? null, lsn)); // expect: durability/no-flush-without-fsync
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'close');
  }
}
