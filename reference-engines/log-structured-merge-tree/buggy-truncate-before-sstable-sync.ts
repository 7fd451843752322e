/**
 * Buggy variant: the memtable flush writes the SSTable but truncates the WAL before the table is fsynced. A crash
 * then loses the table's unsynced contents and the log that could have rebuilt them.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { LsmTree, encodeEntry, syncDirectory } from './lsm.js';

export class EarlyTruncateLsmTree extends LsmTree {
  protected override async flushMemtable(): Promise<void> {
    const name = `${String(this.nextTable++).padStart(6, '0')}.sst`;
    const table = await open(path.join(this.dir, name), 'w');
    syncDirectory(this.dir);
    await table.write(Buffer.concat([...this.memtable].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => encodeEntry(k, v))));
    this.tables.push(name);
    await this.publishManifest();
    await this.wal.truncate(0); // expect: durability/require-sync-before-truncate
    await this.wal.sync();
    await table.sync();
    await table.close();
    this.memtable.clear();
    if (this.tables.length >= this.options.compactAfter) await this.compact();
  }
}
