/**
 * Buggy variant: CURRENT.tmp is fsynced and renamed over CURRENT, but the directory is not fsynced before
 * setCurrent returns (LevelDB issue #190). The caller then truncates the WAL; a crash can undo the rename, and CURRENT
 * names the old manifest, which does not list the table holding the WAL's writes.
 */
import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import { CurrentFileLsmTree } from './current-manifest.js';

export class UnsyncedRenameLsmTree extends CurrentFileLsmTree {
  protected override async setCurrent(manifest: string): Promise<void> {
    const target = path.join(this.dir, 'CURRENT');
    const tmp = `${target}.tmp`;
    const file = await open(tmp, 'w');
    try {
      await file.write(`${manifest}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, target); // expect: durability/require-dir-fsync
  }
}
