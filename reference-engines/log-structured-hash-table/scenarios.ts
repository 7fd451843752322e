import { leaveTornTail, newestFile, type AckRecorder, type Scenario, type Workload } from '../scenario.js';
import { Bitcask, type BitcaskOptions } from './bitcask.js';
import { UnsyncedMergeBitcask } from './buggy-merge-no-fsync.js';
import { UnsyncedBitcask } from './buggy-no-fsync.js';

type BitcaskClass = new (dir: string, options?: BitcaskOptions) => Bitcask;

/** Puts, overwrites and deletes across segment rotations, a reopen over a torn tail, a merge, and more puts after it. */
function workload(Store: BitcaskClass, putsAfterMerge = 140, putsBeforeMerge = 220): Workload {
  return {
    async run(dir: string, recorder: AckRecorder) {
      let db = new Store(dir, { maxSegmentBytes: 600 });
      const put = (key: string, value: string) => {
        recorder.begin(key, value);
        db.put(key, value);
        recorder.ack(key);
      };
      const del = (key: string) => {
        recorder.begin(key, null);
        db.delete(key);
        recorder.ack(key);
      };
      for (let i = 0; i < putsBeforeMerge; i++) put(`k${i % 25}`, `v${i}-${'y'.repeat(i % 9)}`);
      db.close();
      leaveTornTail(newestFile(dir, /^\d{6}\.data$/));
      db = new Store(dir, { maxSegmentBytes: 600 });
      for (let i = 0; i < 25; i += 4) del(`k${i}`);
      db.merge();
      for (let i = 0; i < putsAfterMerge; i++) put(`k${(i * 7) % 30}`, `w${i}`);
      del('k3');
      db.close();
    },
    async recover(dir: string, keys: readonly string[]) {
      const db = new Store(dir);
      const values = new Map(keys.map((key) => [key, db.get(key)]));
      db.close();
      return values;
    },
  };
}

export const scenarios: Scenario[] = [
  { engine: 'log-structured-hash-table', variant: 'correct', expect: 'durable', description: 'every record fdatasynced before put/delete return', source: 'reference-engines/log-structured-hash-table/bitcask.ts', workload: workload(Bitcask, 420, 660), mutationWorkload: workload(Bitcask) },
  { engine: 'log-structured-hash-table', variant: 'buggy-no-fsync', expect: 'loses', description: 'seed bug 2: record written, never synced (put and delete)', source: 'reference-engines/log-structured-hash-table/buggy-no-fsync.ts', workload: workload(UnsyncedBitcask) },
  { engine: 'log-structured-hash-table', variant: 'buggy-merge-no-fsync', expect: 'loses', description: 'merged segment renamed into place without an fsync of its data, old segments then unlinked', source: 'reference-engines/log-structured-hash-table/buggy-merge-no-fsync.ts', workload: workload(UnsyncedMergeBitcask, 10) },
];
