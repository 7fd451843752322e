/**
 * Buggy variant: CURRENT.tmp is renamed over CURRENT without an fsync of its data (the 2009 ext4 zero-length-file
 * bug). The rename and its directory entry are durable, the bytes are not: after a crash CURRENT is empty, the
 * database cannot be opened, and the WAL that held the flushed writes is already truncated.
 */
import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import { CurrentFileLsmTree } from './current-manifest.js';
import { syncDirectory } from './lsm.js';

export class UnsyncedCurrentLsmTree extends CurrentFileLsmTree {
  protected override async setCurrent(manifest: string): Promise<void> {
    const target = path.join(this.dir, 'CURRENT');
    const tmp = `${target}.tmp`;
    const file = await open(tmp, 'w');
    try {
      await file.write(`${manifest}\n`);
    } finally {
      await file.close();
    }
    await rename(tmp, target); // expect: durability/require-fsync-before-rename
    syncDirectory(this.dir);
  }
}
