import path from 'node:path';
import { leaveTornTail, type AckRecorder, type Scenario, type Workload } from '../scenario.js';
import { HashIndexStore } from './hash-index.js';

function workload(syncWrites: boolean): Workload {
  return {
    async run(dir: string, recorder: AckRecorder) {
      let store = await HashIndexStore.open(dir, { syncWrites });
      const put = async (key: string, value: string) => {
        recorder.begin(key, value);
        await store.put(key, value);
        recorder.ack(key);
      };
      for (let i = 0; i < 200; i++) await put(`k${i % 30}`, `v${i}`);
      await store.close();
      leaveTornTail(path.join(dir, 'store.data'));
      store = await HashIndexStore.open(dir, { syncWrites });
      for (let i = 0; i < 30; i += 5) {
        recorder.begin(`k${i}`, null);
        await store.delete(`k${i}`);
        recorder.ack(`k${i}`);
      }
      await store.compact();
      for (let i = 0; i < 150; i++) await put(`k${(i * 11) % 40}`, `w${i}`);
      await store.close();
    },
    async recover(dir: string, keys: readonly string[]) {
      const store = await HashIndexStore.open(dir, { syncWrites });
      const values = new Map<string, string | null>();
      for (const key of keys) values.set(key, await store.get(key));
      await store.close();
      return values;
    },
  };
}

export const scenarios: Scenario[] = [
  { engine: 'hash-index-storage', variant: 'sync-writes-on', expect: 'durable', description: 'syncWrites: true, every record fsynced before it resolves', source: 'reference-engines/hash-index-storage/hash-index.ts', workload: workload(true) },
  { engine: 'hash-index-storage', variant: 'sync-writes-off', expect: 'trade-off', description: 'syncWrites: false, the documented throughput trade-off', source: 'reference-engines/hash-index-storage/hash-index.ts', workload: workload(false) },
];
