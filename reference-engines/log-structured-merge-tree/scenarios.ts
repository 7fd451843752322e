import path from 'node:path';
import { leaveTornTail, type AckRecorder, type Scenario, type Workload } from '../scenario.js';
import { EarlyTruncateLsmTree } from './buggy-truncate-before-sstable-sync.js';
import { UnsyncedRenameLsmTree } from './buggy-current-no-dir-fsync.js';
import { UnsyncedCurrentLsmTree } from './buggy-current-no-fsync.js';
import { CurrentFileLsmTree } from './current-manifest.js';
import { UnsyncedWalLsmTree } from './buggy-wal-no-fsync.js';
import { LsmTree } from './lsm.js';

type Opener = (dir: string) => Promise<LsmTree>;

/** Enough puts and deletes for several memtable flushes and compactions; halfway, a reopen over a torn WAL tail. */
function workload(openTree: Opener, operations = 300): Workload {
  return {
    async run(dir: string, recorder: AckRecorder) {
      let tree = await openTree(dir);
      for (let i = 0; i < operations; i++) {
        if (i === Math.floor(operations / 2)) {
          await tree.close();
          leaveTornTail(path.join(dir, 'wal.log'));
          tree = await openTree(dir);
        }
        const key = `k${(i * 7) % 23}`;
        if (i % 11 === 10) {
          recorder.begin(key, null);
          await tree.delete(key);
        } else {
          recorder.begin(key, `v${i}`);
          await tree.put(key, `v${i}`);
        }
        recorder.ack(key);
      }
      await tree.close();
    },
    async recover(dir: string, keys: readonly string[]) {
      const tree = await openTree(dir);
      const values = new Map<string, string | null>();
      for (const key of keys) values.set(key, await tree.get(key));
      await tree.close();
      return values;
    },
  };
}

const options = { memtableLimit: 8, compactAfter: 3 };

export const scenarios: Scenario[] = [
  { engine: 'log-structured-merge-tree', variant: 'correct', expect: 'durable', description: 'WAL synced per write; SSTable and manifest synced before the WAL is truncated', source: 'reference-engines/log-structured-merge-tree/lsm.ts', workload: workload((dir) => LsmTree.open(dir, options), 560), mutationWorkload: workload((dir) => LsmTree.open(dir, options)) },
  { engine: 'log-structured-merge-tree', variant: 'buggy-wal-no-fsync', expect: 'loses', description: 'seed bug 1: WAL append written, never synced', source: 'reference-engines/log-structured-merge-tree/buggy-wal-no-fsync.ts', workload: workload((dir) => UnsyncedWalLsmTree.open(dir, options)) },
  { engine: 'log-structured-merge-tree', variant: 'correct (CURRENT + MANIFEST-n)', expect: 'durable', description: 'LevelDB-style manifest: MANIFEST-<n> synced, CURRENT.tmp synced, renamed over CURRENT, directory synced, then the WAL truncated', source: 'reference-engines/log-structured-merge-tree/current-manifest.ts', workload: workload((dir) => CurrentFileLsmTree.open(dir, options), 560), mutationWorkload: workload((dir) => CurrentFileLsmTree.open(dir, options)) },
  { engine: 'log-structured-merge-tree', variant: 'buggy-current-no-fsync', expect: 'loses', description: 'CURRENT.tmp renamed over CURRENT without an fsync of its data: CURRENT can be empty', source: 'reference-engines/log-structured-merge-tree/buggy-current-no-fsync.ts', workload: workload((dir) => UnsyncedCurrentLsmTree.open(dir, options)) },
  { engine: 'log-structured-merge-tree', variant: 'buggy-current-no-dir-fsync', expect: 'loses', description: 'CURRENT renamed, no directory fsync before the WAL is truncated: CURRENT can name the old manifest', source: 'reference-engines/log-structured-merge-tree/buggy-current-no-dir-fsync.ts', workload: workload((dir) => UnsyncedRenameLsmTree.open(dir, options)) },
  { engine: 'log-structured-merge-tree', variant: 'buggy-truncate-before-sstable-sync', expect: 'loses', description: 'WAL truncated before the new SSTable is synced', source: 'reference-engines/log-structured-merge-tree/buggy-truncate-before-sstable-sync.ts', workload: workload((dir) => EarlyTruncateLsmTree.open(dir, options)) },
];
