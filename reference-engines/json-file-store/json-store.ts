/**
 * A key-value store whose whole state is one JSON file, the way settings, config and small app databases persist in
 * Node: read back when the store opens, rewritten on every save. The correct variant replaces the file atomically
 * and durably: the new contents go to a temp file, which is fsynced, renamed over the state file, and the directory
 * is fsynced, so a crash leaves either the old or the new state, never an empty or torn file.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';

export class JsonFileStore {
  protected readonly file: string;
  protected state: Record<string, string>;

  constructor(protected readonly dir: string) {
    this.file = path.join(dir, 'state.json');
    this.state = this.load();
  }

  /** The state on disk; a missing file is an empty store, an unreadable one is an error the caller sees. */
  protected load(): Record<string, string> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    return JSON.parse(text) as Record<string, string>;
  }

  get(key: string): string | null {
    return this.state[key] ?? null;
  }

  /** Returns once the new state is durable. */
  set(key: string, value: string): void {
    this.state = { ...this.state, [key]: value };
    this.save();
  }

  delete(key: string): void {
    const { [key]: _removed, ...rest } = this.state;
    this.state = rest;
    this.save();
  }

  protected save(): void {
    const temp = `${this.file}.tmp`;
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, JSON.stringify(this.state));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.file);
    syncDirectory(this.dir);
  }
}

/** Makes the directory's entries (the rename) durable. */
export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
