/**
 * Keeps a backup before rewriting in place, and falls back to it when the state file does not parse. The backup is
 * a copy nobody syncs, and the rewrite is synced only after it has truncated the file: a power loss in between can
 * leave an empty state file and a backup whose data never reached the disk, so both copies are lost. Everything
 * else is done right (the state file is fsynced, the directory too), so the backup is the only bug.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { JsonFileStore, syncDirectory } from './json-store.js';

export class UnsyncedBackupJsonFileStore extends JsonFileStore {
  protected override load(): Record<string, string> {
    try {
      return super.load();
    } catch {
      // the state file is torn: the backup is the previous state (none before the second save)
      let backup: string;
      try {
        backup = readFileSync(`${this.file}.bak`, 'utf8');
      } catch {
        return {};
      }
      return JSON.parse(backup) as Record<string, string>;
    }
  }

  protected override save(): void {
    // a copy of the current state (copyFileSync does the same: a new file written, not synced)
    if (existsSync(this.file)) writeFileSync(`${this.file}.bak`, readFileSync(this.file)); // expect: durability/require-atomic-replace
    const fd = openSync(this.file, 'w'); // expect: durability/require-atomic-replace // expect: durability/require-dir-fsync (the first save creates the file; its directory is never synced)
    try {
      writeSync(fd, JSON.stringify(this.state));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    syncDirectory(this.dir);
  }
}
