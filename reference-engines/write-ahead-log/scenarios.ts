import type { AckRecorder, Scenario, Workload } from '../scenario.js';
import { LazySyncWriteAheadLog } from './buggy-batch-ack.js';
import { WriteAheadLog, type WalOptions } from './wal.js';

type WalClass = new (dir: string, options?: WalOptions) => WriteAheadLog;

/** Sync-mode appends, then batch-mode appends with explicit commits and a checkpoint between. */
function workload(Wal: WalClass, mode: 'sync' | 'batch'): Workload {
  return {
    async run(dir: string, recorder: AckRecorder) {
      let wal = new Wal(dir, { mode, batchSize: 4 });
      const ack = (lsns: number[]) => lsns.forEach((lsn) => recorder.ack(`lsn:${lsn}`));
      for (let i = 0; i < 400; i++) {
        const payload = `record-${i}-${'x'.repeat(i % 7)}`;
        recorder.begin(`lsn:${i + 1}`, payload);
        ack(wal.append(Buffer.from(payload)).durable);
        if (i % 5 === 4) ack(wal.commit());
        if (i === 15 || i === 90 || i === 250) {
          wal.truncateBefore(1); // keeps every record: rewrites the log through temp + rename
          ack(wal.commit());
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

export const scenarios: Scenario[] = [
  { engine: 'write-ahead-log', variant: 'correct (sync mode)', expect: 'durable', description: 'flush + fsync on every append', source: 'reference-engines/write-ahead-log/wal.ts', workload: workload(WriteAheadLog, 'sync') },
  { engine: 'write-ahead-log', variant: 'correct (batch mode)', expect: 'durable', description: 'group commit: one write and one fsync per batch, before it is acknowledged', source: 'reference-engines/write-ahead-log/wal.ts', workload: workload(WriteAheadLog, 'batch') },
  { engine: 'write-ahead-log', variant: 'buggy-batch-ack', expect: 'loses', description: 'acknowledges a batch before its fsync (lazy sync at the next commit)', source: 'reference-engines/write-ahead-log/buggy-batch-ack.ts', workload: workload(LazySyncWriteAheadLog, 'batch') },
];
