import type { AckRecorder, Scenario, Workload } from '../scenario.js';
import { InPlaceJsonFileStore } from './buggy-in-place.js';
import { UnsyncedBackupJsonFileStore } from './buggy-unsynced-backup.js';
import { JsonFileStore } from './json-store.js';

type StoreClass = new (dir: string) => JsonFileStore;

/** Sets, overwrites and deletes, each acknowledged when the call returns; recovery reopens the store. */
function workload(Store: StoreClass): Workload {
  return {
    async run(dir: string, recorder: AckRecorder) {
      const store = new Store(dir);
      for (let i = 0; i < 320; i++) {
        const key = `k${i % 12}`;
        const value = `v${i}-${'z'.repeat(i % 7)}`;
        recorder.begin(key, value);
        store.set(key, value);
        recorder.ack(key);
        if (i % 9 === 8) {
          const gone = `k${(i * 5) % 12}`;
          recorder.begin(gone, null);
          store.delete(gone);
          recorder.ack(gone);
        }
      }
    },
    async recover(dir: string, keys: readonly string[]) {
      const store = new Store(dir);
      return new Map(keys.map((key) => [key, store.get(key)]));
    },
  };
}

export const scenarios: Scenario[] = [
  { engine: 'json-file-store', variant: 'correct', expect: 'durable', description: 'temp file written and fsynced, renamed over the state file, directory fsynced', source: 'reference-engines/json-file-store/json-store.ts', workload: workload(JsonFileStore) },
  { engine: 'json-file-store', variant: 'buggy-in-place', expect: 'loses', description: 'the state file rewritten in place with writeFileSync, never synced', source: 'reference-engines/json-file-store/buggy-in-place.ts', workload: workload(InPlaceJsonFileStore) },
  { engine: 'json-file-store', variant: 'buggy-unsynced-backup', expect: 'loses', description: 'an unsynced backup copy, then the state file truncated and rewritten in place', source: 'reference-engines/json-file-store/buggy-unsynced-backup.ts', workload: workload(UnsyncedBackupJsonFileStore) },
];
