import path from 'node:path';
import { leaveTornTail, type AckRecorder, type Scenario, type Workload } from '../scenario.js';
import { BTreeStore } from './btree.js';
import { EarlyClearBTreeStore } from './buggy-clear-wal-first.js';
import { MetaBeforePagesBTreeStore } from './buggy-meta-before-pages.js';

type StoreClass = new (dir: string, checkpointEvery?: number) => BTreeStore;

/** Inserts (enough for node splits), overwrites and deletes, with a checkpoint every 16 operations; halfway, a reopen over a torn WAL tail. */
function workload(Store: StoreClass, operations = 240): Workload {
  return {
    async run(dir: string, recorder: AckRecorder) {
      let store = new Store(dir, 16);
      for (let i = 0; i < operations; i++) {
        if (i === 120) {
          store.close();
          leaveTornTail(path.join(dir, 'wal.log'));
          store = new Store(dir, 16);
        }
        const key = `k${String((i * 37) % 60).padStart(2, '0')}`;
        const value = i % 13 === 12 ? null : `v${i}`;
        recorder.begin(key, value);
        if (value === null) store.delete(key);
        else store.put(key, value);
        recorder.ack(key);
      }
      store.close();
    },
    async recover(dir: string, keys: readonly string[]) {
      const store = new Store(dir);
      const values = new Map(keys.map((key) => [key, store.get(key)]));
      store.close();
      return values;
    },
  };
}

export const scenarios: Scenario[] = [
  { engine: 'b-tree-storage-engine', variant: 'correct', expect: 'durable', description: 'WAL fsynced per change; pages and meta synced before the WAL is cleared', source: 'reference-engines/b-tree-storage-engine/btree.ts', workload: workload(BTreeStore, 650), mutationWorkload: workload(BTreeStore) },
  { engine: 'b-tree-storage-engine', variant: 'buggy-clear-wal-first', expect: 'loses', description: 'checkpoint clears the WAL before the page file is synced', source: 'reference-engines/b-tree-storage-engine/buggy-clear-wal-first.ts', workload: workload(EarlyClearBTreeStore) },
  {
    engine: 'b-tree-storage-engine',
    variant: 'buggy-meta-before-pages',
    expect: 'loses',
    description: 'checkpoint writes the nodes and the meta page naming them with one fsync after both: the meta page can reach the disk first',
    source: 'reference-engines/b-tree-storage-engine/buggy-meta-before-pages.ts',
    workload: workload(MetaBeforePagesBTreeStore),
    lintGap: 'no rule orders two writes of one file: a commit record written before the data it points to is synced (see docs/model.md)',
  },
];
