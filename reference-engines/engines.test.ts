/** Functional tests of the reference engines on the real file system: they must work, crash or no crash. */
import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WriteAheadLog } from './write-ahead-log/wal.js';
import { LazySyncWriteAheadLog } from './write-ahead-log/buggy-batch-ack.js';
import { IgnoredSyncErrorWriteAheadLog } from './write-ahead-log/buggy-ignore-fsync-error.js';
import { SegmentedLog } from './write-ahead-log/segmented-wal.js';
import { UnsyncedRollSegmentedLog } from './write-ahead-log/buggy-roll-no-dir-fsync.js';
import { StreamLog, type AppendCallback } from './write-ahead-log/stream-log.js';
import { FlushOptionStreamLog } from './write-ahead-log/buggy-stream-ack-on-write.js';
import { UnsyncedMergeBitcask } from './log-structured-hash-table/buggy-merge-no-fsync.js';
import { CurrentFileLsmTree } from './log-structured-merge-tree/current-manifest.js';
import { UnsyncedCurrentLsmTree } from './log-structured-merge-tree/buggy-current-no-fsync.js';
import { UnsyncedRenameLsmTree } from './log-structured-merge-tree/buggy-current-no-dir-fsync.js';
import { Bitcask } from './log-structured-hash-table/bitcask.js';
import { UnsyncedBitcask } from './log-structured-hash-table/buggy-no-fsync.js';
import { HashIndexStore } from './hash-index-storage/hash-index.js';
import { LsmTree } from './log-structured-merge-tree/lsm.js';
import { UnsyncedWalLsmTree } from './log-structured-merge-tree/buggy-wal-no-fsync.js';
import { EarlyTruncateLsmTree } from './log-structured-merge-tree/buggy-truncate-before-sstable-sync.js';
import { BTreeStore } from './b-tree-storage-engine/btree.js';
import { EarlyClearBTreeStore } from './b-tree-storage-engine/buggy-clear-wal-first.js';
import { MetaBeforePagesBTreeStore } from './b-tree-storage-engine/buggy-meta-before-pages.js';
import { openConfiguredStore } from './hash-index-storage/buggy-misread-sync-option.js';
import { JsonFileStore } from './json-file-store/json-store.js';
import { InPlaceJsonFileStore } from './json-file-store/buggy-in-place.js';
import { UnsyncedBackupJsonFileStore } from './json-file-store/buggy-unsynced-backup.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'durability-engine-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('write-ahead-log', () => {
  for (const Wal of [WriteAheadLog, LazySyncWriteAheadLog, IgnoredSyncErrorWriteAheadLog]) {
    it(`${Wal.name}: appends in both modes, reopens, checkpoints, drops a torn tail`, () => {
      const dir = tempDir();
      const wal = new Wal(dir, { mode: 'batch', batchSize: 3 });
      expect(wal.append(Buffer.from('a')).durable).toEqual([]);
      wal.append(Buffer.from('b'));
      expect(wal.append(Buffer.from('c')).durable).toEqual([1, 2, 3]);
      wal.append(Buffer.from('d'));
      expect(wal.commit()).toEqual([4]);
      wal.truncateBefore(3);
      wal.close();
      const reopened = new Wal(dir, { mode: 'sync' });
      expect(reopened.records.map((r) => r.payload.toString())).toEqual(['c', 'd']);
      expect(reopened.append(Buffer.from('e'))).toEqual({ lsn: 5, durable: [5] });
      reopened.close();
      appendFileSync(path.join(dir, 'wal.log'), Buffer.from([9, 0, 0, 0, 1, 2]));
      const torn = new WriteAheadLog(dir);
      expect(torn.records.map((r) => r.payload.toString())).toEqual(['c', 'd', 'e']);
      torn.close();
    });
  }
});

describe('write-ahead-log: segmented log', () => {
  for (const Log of [SegmentedLog, UnsyncedRollSegmentedLog]) {
    it(`${Log.name}: rolls segments, reopens, drops a torn tail of the last segment`, () => {
      const dir = tempDir();
      const log = new Log(dir, 100);
      for (let i = 0; i < 20; i++) expect(log.append(Buffer.from(`r${i}`))).toBe(i + 1);
      log.close();
      const segments = readdirSync(dir).filter((name) => name.endsWith('.seg'));
      expect(segments.length).toBeGreaterThan(3);
      appendFileSync(path.join(dir, segments[segments.length - 1] as string), Buffer.from([9, 0, 0]));
      const reopened = new Log(dir, 100);
      expect(reopened.records.map((r) => r.payload.toString())).toEqual(Array.from({ length: 20 }, (_, i) => `r${i}`));
      expect(reopened.append(Buffer.from('next'))).toBe(21);
      reopened.close();
      expect(new Log(dir, 100).records.at(-1)?.payload.toString()).toBe('next');
    });
  }
});

describe('write-ahead-log: stream log', () => {
  for (const Log of [StreamLog, FlushOptionStreamLog]) {
    it(`${Log.name}: appends through a WriteStream, readable by WriteAheadLog, continues after a reopen`, async () => {
      const dir = tempDir();
      const append = (log: { append(p: Buffer, cb: AppendCallback): void }, payload: string) =>
        new Promise<number | undefined>((resolve, reject) => log.append(Buffer.from(payload), (error, lsn) => (error ? reject(error) : resolve(lsn))));
      const log = new Log(dir);
      expect(await append(log, 'a')).toBe(1);
      expect(await append(log, 'b')).toBe(2);
      await log.close();
      const again = new Log(dir);
      expect(await append(again, 'c')).toBe(3);
      await again.close();
      const wal = new WriteAheadLog(dir);
      expect(wal.records.map((r) => `${r.lsn}:${r.payload.toString()}`)).toEqual(['1:a', '2:b', '3:c']);
      wal.close();
    });
  }
});

describe('log-structured-hash-table (Bitcask)', () => {
  for (const Store of [Bitcask, UnsyncedBitcask, UnsyncedMergeBitcask]) {
    it(`${Store.name}: put/get/delete/overwrite, rotation, merge, reopen`, () => {
      const dir = tempDir();
      const db = new Store(dir, { maxSegmentBytes: 100 });
      for (let i = 0; i < 40; i++) db.put(`k${i % 10}`, `v${i}`);
      db.delete('k3');
      expect(db.get('k3')).toBeNull();
      expect(db.get('k4')).toBe('v34');
      db.merge();
      db.put('k0', 'after-merge');
      db.close();
      const reopened = new Store(dir);
      expect(reopened.get('k0')).toBe('after-merge');
      expect(reopened.get('k9')).toBe('v39');
      expect(reopened.get('k3')).toBeNull();
      reopened.close();
    });
  }
});

describe('hash-index-storage', () => {
  for (const syncWrites of [true, false]) {
    it(`syncWrites ${syncWrites}: put/get/delete, compact, reopen, torn tail`, async () => {
      const dir = tempDir();
      const store = await HashIndexStore.open(dir, { syncWrites });
      for (let i = 0; i < 30; i++) await store.put(`k${i % 7}`, `v${i}`);
      await store.delete('k2');
      await store.compact();
      await store.put('k1', 'new');
      await store.close();
      const file = path.join(dir, 'store.data');
      appendFileSync(file, Buffer.from([1, 2, 3]));
      const reopened = await HashIndexStore.open(dir, { syncWrites });
      expect(await reopened.get('k1')).toBe('new');
      expect(await reopened.get('k6')).toBe('v27');
      expect(await reopened.get('k2')).toBeNull();
      await reopened.close();
      expect(statSync(file).size).toBeGreaterThan(0);
    });
  }
});

describe('hash-index-storage: a configuration layer that misreads the sync option', () => {
  it('opens a working store (the bug is only in durability)', async () => {
    const dir = tempDir();
    const store = await openConfiguredStore(dir, { syncWrites: true });
    await store.put('a', '1');
    await store.put('a', '2');
    await store.close();
    const reopened = await HashIndexStore.open(dir, { syncWrites: true });
    expect(await reopened.get('a')).toBe('2');
    await reopened.close();
  });
});

describe('json-file-store', () => {
  for (const Store of [JsonFileStore, InPlaceJsonFileStore, UnsyncedBackupJsonFileStore]) {
    it(`${Store.name}: set/get/delete, reopen reads the state file back`, () => {
      const dir = tempDir();
      const store = new Store(dir);
      for (let i = 0; i < 10; i++) store.set(`k${i % 4}`, `v${i}`);
      store.delete('k1');
      const reopened = new Store(dir);
      expect(reopened.get('k3')).toBe('v7');
      expect(reopened.get('k0')).toBe('v8');
      expect(reopened.get('k1')).toBeNull();
      expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    });
  }

  it('UnsyncedBackupJsonFileStore: a torn state file is answered from the backup', () => {
    const dir = tempDir();
    const store = new UnsyncedBackupJsonFileStore(dir);
    store.set('a', '1');
    store.set('b', '2'); // the backup now holds {a}
    truncateSync(path.join(dir, 'state.json'), 3);
    expect(new UnsyncedBackupJsonFileStore(dir).get('a')).toBe('1');
    expect(() => new JsonFileStore(dir)).toThrow(SyntaxError);
  });
});

describe('log-structured-merge-tree', () => {
  for (const Tree of [LsmTree, UnsyncedWalLsmTree, EarlyTruncateLsmTree, CurrentFileLsmTree, UnsyncedCurrentLsmTree, UnsyncedRenameLsmTree]) {
    it(`${Tree.name}: memtable flushes, compaction, deletes, reopen with WAL replay`, async () => {
      const dir = tempDir();
      const tree = await Tree.open(dir, { memtableLimit: 4, compactAfter: 2 });
      for (let i = 0; i < 30; i++) await tree.put(`k${i % 9}`, `v${i}`);
      await tree.delete('k5');
      await tree.close();
      const reopened = await Tree.open(dir, { memtableLimit: 4, compactAfter: 2 });
      expect(await reopened.get('k8')).toBe('v26');
      expect(await reopened.get('k2')).toBe('v29');
      expect(await reopened.get('k5')).toBeNull();
      await reopened.close();
      // a torn WAL tail is dropped on open
      appendFileSync(path.join(dir, 'wal.log'), Buffer.from([50, 0, 0, 0, 7]));
      const again = await Tree.open(dir);
      expect(await again.get('k8')).toBe('v26');
      await again.close();
      // without its WAL the tree keeps what was flushed to SSTables (puts 0-27) and loses the memtable's tail:
      // the last two puts and the delete, which only the WAL held
      truncateSync(path.join(dir, 'wal.log'), 0);
      const withoutWal = await Tree.open(dir);
      expect(await withoutWal.get('k8')).toBe('v26');
      expect(await withoutWal.get('k1')).toBe('v19');
      expect(await withoutWal.get('k5')).toBe('v23');
      await withoutWal.close();
    });
  }
});

describe('b-tree-storage-engine', () => {
  for (const Store of [BTreeStore, EarlyClearBTreeStore, MetaBeforePagesBTreeStore]) {
    it(`${Store.name}: splits, overwrites, deletes, checkpoints, reopen with WAL replay and a torn WAL tail`, () => {
      const dir = tempDir();
      const store = new Store(dir, 10);
      for (let i = 0; i < 100; i++) store.put(`k${String(i % 40).padStart(2, '0')}`, `v${i}`);
      store.delete('k07');
      expect(store.get('k39')).toBe('v79');
      expect(store.get('k07')).toBeNull();
      store.close();
      appendFileSync(path.join(dir, 'wal.log'), Buffer.from([40, 0, 0, 0, 1]));
      const reopened = new Store(dir, 10);
      for (let i = 0; i < 40; i++) expect(reopened.get(`k${String(i).padStart(2, '0')}`)).toBe(i === 7 ? null : `v${i < 20 ? i + 80 : i + 40}`);
      reopened.checkpoint();
      reopened.close();
      const again = new Store(dir);
      expect(again.get('k00')).toBe('v80');
      again.close();
    });
  }
});
