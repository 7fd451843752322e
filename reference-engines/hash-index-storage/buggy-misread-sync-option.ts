/**
 * Buggy variant: a configuration layer that reads the store's option under the wrong name (`sync`, as another library
 * calls it, instead of `syncWrites`). Every store it opens runs with `syncWrites: false` whatever the caller asked
 * for, and acknowledges writes that are only in the page cache.
 */
import { HashIndexStore } from './hash-index.js';

export interface StoreConfig {
  syncWrites: boolean;
}

export function openConfiguredStore(dir: string, config: StoreConfig): Promise<HashIndexStore> {
  const { sync } = config as unknown as { sync?: boolean };
  return HashIndexStore.open(dir, { syncWrites: sync === true });
}
