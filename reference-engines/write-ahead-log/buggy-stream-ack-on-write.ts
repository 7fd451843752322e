/**
 * Buggy variant of the stream log: the stream is opened with `flush: true`, read as "every write goes to disk" — it
 * means one fsync when the stream closes. append() calls back from the write callback, when the bytes are only in the
 * OS page cache.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { encodeRecord, syncDirectory } from './wal.js';
import { recoverNextLsn, type AppendCallback } from './stream-log.js';

export class FlushOptionStreamLog {
  protected nextLsn: number;
  private readonly stream: WriteStream;

  constructor(dir: string) {
    this.nextLsn = recoverNextLsn(dir);
    this.stream = createWriteStream(path.join(dir, 'wal.log'), { flags: 'a', flush: true });
    syncDirectory(dir);
  }

  append(payload: Buffer, callback: AppendCallback): void {
    const lsn = this.nextLsn++;
    this.stream.write(encodeRecord(lsn, payload), (error) => callback(error ?? null, lsn)); // expect: durability/no-flush-without-fsync
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'close');
  }
}
