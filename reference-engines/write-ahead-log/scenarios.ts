import path from 'node:path';
import { leaveTornTail, newestFile, type AckRecorder, type Scenario, type Workload } from '../scenario.js';
import { LazySyncWriteAheadLog } from './buggy-batch-ack.js';
import { IgnoredSyncErrorWriteAheadLog } from './buggy-ignore-fsync-error.js';
import { UnsyncedRollSegmentedLog } from './buggy-roll-no-dir-fsync.js';
import { FlushOptionStreamLog } from './buggy-stream-ack-on-write.js';
import { EarlySyncStreamLog } from './buggy-stream-sync-before-callback.js';
import { SegmentedLog } from './segmented-wal.js';
import { StreamLog, type AppendCallback } from './stream-log.js';
import { WriteAheadLog, type WalOptions } from './wal.js';

type WalClass = new (dir: string, options?: WalOptions) => WriteAheadLog;

/**
 * Appends with explicit commits and log rewrites between; halfway, a reopen over a torn tail. With `checkpointEvery`,
 * every so many appends a checkpoint drops all but the last 20 records: those keys are deleted, and must stay so.
 */
function workload(Wal: WalClass, mode: 'sync' | 'batch', operations = 400, checkpointEvery = 0): Workload {
  return {
    async run(dir: string, recorder: AckRecorder) {
      let wal = new Wal(dir, { mode, batchSize: 4 });
      const ack = (lsns: number[]) => lsns.forEach((lsn) => recorder.ack(`lsn:${lsn}`));
      let dropped = 1; // records below this LSN were dropped by a checkpoint
      for (let i = 0; i < operations; i++) {
        const payload = `record-${i}-${'x'.repeat(i % 7)}`;
        recorder.begin(`lsn:${i + 1}`, payload);
        ack(wal.append(Buffer.from(payload)).durable);
        if (i % 5 === 4) ack(wal.commit());
        if (i === 15 || i === 90 || i === 250) {
          wal.truncateBefore(1); // keeps every record: rewrites the log through temp + rename
          ack(wal.commit());
        }
        if (checkpointEvery > 0 && i % checkpointEvery === checkpointEvery - 1) {
          const keepFrom = i + 1 - 20;
          for (let lsn = dropped; lsn < keepFrom; lsn++) recorder.begin(`lsn:${lsn}`, null);
          wal.truncateBefore(keepFrom);
          for (let lsn = dropped; lsn < keepFrom; lsn++) recorder.ack(`lsn:${lsn}`);
          dropped = keepFrom;
        }
        if (i === 200) {
          ack(wal.commit());
          wal.close();
          leaveTornTail(path.join(dir, 'wal.log'));
          wal = new Wal(dir, { mode, batchSize: 4 });
        }
      }
      ack(wal.commit());
      wal.close();
      wal = new Wal(dir, { mode });
      wal.close();
    },
    async recover(dir: string, keys: readonly string[]) {
      const wal = new Wal(dir, { mode });
      const found = new Map(wal.records.map((r) => [`lsn:${r.lsn}`, r.payload.toString()]));
      wal.close();
      return new Map(keys.map((key) => [key, found.get(key) ?? null]));
    },
  };
}

/** The records recovery finds, by `lsn:<n>` key. */
function recoverRecords(dir: string, keys: readonly string[]): Map<string, string | null> {
  const wal = new WriteAheadLog(dir);
  const found = new Map(wal.records.map((r) => [`lsn:${r.lsn}`, r.payload.toString()]));
  wal.close();
  return new Map(keys.map((key) => [key, found.get(key) ?? null]));
}

/**
 * Sync-mode appends with the `failFsyncNumber` fault: an append that throws is not acknowledged, and the process stops
 * there (fail-stop, as PostgreSQL panics since fsyncgate): a crash follows, and recovery reads what reached the disk.
 */
function failStopWorkload(Wal: WalClass, appends = 500): Workload {
  return {
    async run(dir: string, recorder: AckRecorder) {
      const wal = new Wal(dir, { mode: 'sync' });
      for (let i = 0; i < appends; i++) {
        recorder.begin(`lsn:${i + 1}`, `record-${i}`);
        try {
          wal.append(Buffer.from(`record-${i}`)).durable.forEach((lsn) => recorder.ack(`lsn:${lsn}`));
        } catch {
          return; // the failed append is not acknowledged, and nothing after it runs
        }
      }
      wal.close();
    },
    recover: async (dir, keys) => recoverRecords(dir, keys),
  };
}

/** Appends to a segmented log small enough to roll every few records, then a reopen. */
function segmentedWorkload(Log: new (dir: string, maxSegmentBytes?: number) => SegmentedLog, operations: number): Workload {
  return {
    async run(dir: string, recorder: AckRecorder) {
      let log = new Log(dir, 200);
      for (let i = 0; i < operations; i++) {
        const payload = `record-${i}-${'s'.repeat(i % 5)}`;
        recorder.begin(`lsn:${i + 1}`, payload);
        recorder.ack(`lsn:${log.append(Buffer.from(payload))}`);
        if (i === Math.floor(operations / 2)) {
          log.close();
          leaveTornTail(newestFile(dir, /\.seg$/));
          log = new Log(dir, 200);
        }
      }
      log.close();
      new Log(dir, 200).close();
    },
    async recover(dir: string, keys: readonly string[]) {
      const log = new Log(dir, 200);
      const found = new Map(log.records.map((r) => [`lsn:${r.lsn}`, r.payload.toString()]));
      log.close();
      return new Map(keys.map((key) => [key, found.get(key) ?? null]));
    },
  };
}

interface CallbackLog {
  append(payload: Buffer, callback: AppendCallback): void;
  close(): Promise<void>;
}

/** Appends through a stream log, each acknowledged when append() calls back; then a reopen. */
function streamWorkload(Log: new (dir: string) => CallbackLog, operations: number): Workload {
  const append = (log: CallbackLog, payload: string) =>
    new Promise<number>((resolve, reject) => log.append(Buffer.from(payload), (error, lsn) => (error ? reject(error) : resolve(lsn as number))));
  return {
    async run(dir: string, recorder: AckRecorder) {
      let log = new Log(dir);
      for (let i = 0; i < operations; i++) {
        const payload = `record-${i}-${'w'.repeat(i % 6)}`;
        recorder.begin(`lsn:${i + 1}`, payload);
        recorder.ack(`lsn:${await append(log, payload)}`);
        if (i === Math.floor(operations / 2)) {
          await log.close();
          leaveTornTail(path.join(dir, 'wal.log'));
          log = new Log(dir);
        }
      }
      await log.close();
      await new Log(dir).close();
    },
    recover: async (dir, keys) => recoverRecords(dir, keys),
  };
}

/**
 * Appends through a stream log `concurrency` at a time, as a server with several requests in flight does: while one
 * write is in flight the stream buffers the next ones. Each is acknowledged when its append() calls back.
 */
function concurrentStreamWorkload(Log: new (dir: string) => CallbackLog, operations: number, concurrency: number): Workload {
  const append = (log: CallbackLog, payload: string) =>
    new Promise<number>((resolve, reject) => log.append(Buffer.from(payload), (error, lsn) => (error ? reject(error) : resolve(lsn as number))));
  return {
    async run(dir: string, recorder: AckRecorder) {
      const log = new Log(dir);
      for (let i = 0; i < operations; i += concurrency) {
        const group: Promise<void>[] = [];
        for (let j = i; j < Math.min(operations, i + concurrency); j++) {
          const payload = `record-${j}-${'c'.repeat(j % 6)}`;
          recorder.begin(`lsn:${j + 1}`, payload);
          group.push(append(log, payload).then((lsn) => recorder.ack(`lsn:${lsn}`)));
        }
        await Promise.all(group);
      }
      await log.close();
      await new Log(dir).close();
    },
    recover: async (dir, keys) => recoverRecords(dir, keys),
  };
}

export const scenarios: Scenario[] = [
  { engine: 'write-ahead-log', variant: 'correct (sync mode)', expect: 'durable', description: 'flush + fsync on every append', source: 'reference-engines/write-ahead-log/wal.ts', workload: workload(WriteAheadLog, 'sync', 1250, 200), mutationWorkload: workload(WriteAheadLog, 'sync') },
  { engine: 'write-ahead-log', variant: 'correct (batch mode)', expect: 'durable', description: 'group commit: one write and one fsync per batch, before it is acknowledged', source: 'reference-engines/write-ahead-log/wal.ts', workload: workload(WriteAheadLog, 'batch', 3000, 200), mutationWorkload: workload(WriteAheadLog, 'batch') },
  { engine: 'write-ahead-log', variant: 'buggy-batch-ack', expect: 'loses', description: 'acknowledges a batch before its fsync (lazy sync at the next commit)', source: 'reference-engines/write-ahead-log/buggy-batch-ack.ts', workload: workload(LazySyncWriteAheadLog, 'batch') },
  { engine: 'write-ahead-log', variant: 'correct (segmented, roll)', expect: 'durable', description: 'segmented log: a new segment is created on roll and the directory fsynced before records go to it', source: 'reference-engines/write-ahead-log/segmented-wal.ts', workload: segmentedWorkload(SegmentedLog, 1100), mutationWorkload: segmentedWorkload(SegmentedLog, 400) },
  { engine: 'write-ahead-log', variant: 'buggy-roll-no-dir-fsync', expect: 'loses', description: 'a new segment created on roll without a directory fsync: its fsynced records can vanish with its name', source: 'reference-engines/write-ahead-log/buggy-roll-no-dir-fsync.ts', workload: segmentedWorkload(UnsyncedRollSegmentedLog, 60) },
  { engine: 'write-ahead-log', variant: 'correct (write stream)', expect: 'durable', description: 'fs.createWriteStream log: fs.fsync of its fd in the write callback before append calls back', source: 'reference-engines/write-ahead-log/stream-log.ts', workload: streamWorkload(StreamLog, 1200), mutationWorkload: streamWorkload(StreamLog, 500) },
  { engine: 'write-ahead-log', variant: 'correct (write stream, concurrent appends)', expect: 'durable', description: 'the same stream log with four appends in flight at a time', source: 'reference-engines/write-ahead-log/stream-log.ts', workload: concurrentStreamWorkload(StreamLog, 1200, 4), mutationWorkload: concurrentStreamWorkload(StreamLog, 200, 4) },
  { engine: 'write-ahead-log', variant: 'buggy-stream-sync-before-callback', expect: 'loses', description: "fsyncs the stream's fd right after ws.write(), before the write's callback: the record may still be queued in the stream", source: 'reference-engines/write-ahead-log/buggy-stream-sync-before-callback.ts', workload: concurrentStreamWorkload(EarlySyncStreamLog, 40, 4) },
  { engine: 'write-ahead-log', variant: 'buggy-stream-ack-on-write', expect: 'loses', description: "stream opened with flush: true (one fsync at close), append acknowledged in ws.write's callback", source: 'reference-engines/write-ahead-log/buggy-stream-ack-on-write.ts', workload: streamWorkload(FlushOptionStreamLog, 40) },
  { engine: 'write-ahead-log', variant: 'correct (failed fsync, fail-stop)', expect: 'durable', description: 'the 400th fsync fails (EIO): append throws, nothing more is acknowledged', source: 'reference-engines/write-ahead-log/wal.ts', workload: failStopWorkload(WriteAheadLog, 1300), faults: { failFsyncNumber: 1200 } },
  { engine: 'write-ahead-log', variant: 'buggy-ignore-fsync-error', expect: 'loses', description: 'the 400th fsync fails (EIO); the error is ignored and the append acknowledged (fsyncgate)', source: 'reference-engines/write-ahead-log/buggy-ignore-fsync-error.ts', workload: failStopWorkload(IgnoredSyncErrorWriteAheadLog, 1300), faults: { failFsyncNumber: 1200 } },
];
