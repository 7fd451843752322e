/**
 * The LSM tree with its manifest kept as LevelDB keeps it: `MANIFEST-<n>` is a log of versions (each record the
 * whole table list), appended and fsynced at every memtable flush and compaction through a long-lived handle, and the
 * small file `CURRENT` names the live manifest. Every few versions a new manifest is started with the whole table
 * list, and CURRENT is switched to it as in LevelDB's `SetCurrentFile`: `CURRENT.tmp` written and fsynced, renamed
 * over `CURRENT`, the directory fsynced. Only then is the WAL that the new tables replace truncated (by
 * `flushMemtable`).
 */
import { open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { LsmTree, decodeEntries, encodeEntry, syncDirectory } from './lsm.js';

export function manifestName(n: number): string {
  return `MANIFEST-${String(n).padStart(6, '0')}`;
}

/** Versions per manifest before a new one is started (LevelDB: when the manifest grows too large, and at open). */
const VERSIONS_PER_MANIFEST = 3;

export class CurrentFileLsmTree extends LsmTree {
  protected manifestNumber = 0;
  protected manifest: FileHandle | undefined;
  protected versionsInManifest = 0;

  /** CURRENT must name a manifest that exists and holds a version; anything else is a corrupt database. */
  protected override async loadManifest(names: string[]): Promise<string[]> {
    if (!names.includes('CURRENT')) return [];
    const current = await readFile(path.join(this.dir, 'CURRENT'), 'utf8');
    const match = /^MANIFEST-(\d{6})\n$/.exec(current);
    if (!match) throw new Error(`corrupt CURRENT file: ${JSON.stringify(current)}`);
    this.manifestNumber = Number(match[1]);
    const versions = decodeEntries(await readFile(path.join(this.dir, manifestName(this.manifestNumber)))).entries;
    const last = versions[versions.length - 1];
    if (!last) throw new Error(`${manifestName(this.manifestNumber)} holds no version`);
    return JSON.parse(last[1] as string) as string[];
  }

  protected override async publishManifest(): Promise<void> {
    if (!this.manifest || this.versionsInManifest >= VERSIONS_PER_MANIFEST) return this.startManifest();
    await this.manifest.write(encodeEntry('version', JSON.stringify(this.tables)));
    await this.manifest.sync();
    this.versionsInManifest++;
  }

  /** A new MANIFEST-<n> holding the whole table list, CURRENT switched to it, the old manifest deleted. */
  protected async startManifest(): Promise<void> {
    const previous = this.manifestNumber;
    const name = manifestName(++this.manifestNumber);
    await this.manifest?.close();
    this.manifest = await open(path.join(this.dir, name), 'w');
    await this.manifest.write(encodeEntry('version', JSON.stringify(this.tables)));
    await this.manifest.sync();
    this.versionsInManifest = 1;
    await this.setCurrent(name);
    if (previous > 0) await unlink(path.join(this.dir, manifestName(previous))); // a leftover old manifest is harmless
  }

  /** Points CURRENT at `manifest`: temp file, fsync, rename, directory fsync. */
  protected async setCurrent(manifest: string): Promise<void> {
    const target = path.join(this.dir, 'CURRENT');
    const tmp = `${target}.tmp`;
    const file = await open(tmp, 'w');
    try {
      await file.write(`${manifest}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, target);
    syncDirectory(this.dir); // also makes the new MANIFEST-<n>'s own entry durable
  }

  override async close(): Promise<void> {
    await this.manifest?.close();
    await super.close();
  }
}
