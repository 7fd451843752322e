/**
 * A B-tree key-value store over a page file, with a redo write-ahead log and checkpoints.
 *
 * put/delete append a record to the WAL and fsync it (a helper) before they return, then change the in-memory tree.
 * checkpoint() writes every changed node to fresh pages (pages are never overwritten, as in CouchDB's append-only
 * B-tree, so a torn write can only hit a page nothing points to yet), fsyncs the page file through the Pager, then
 * writes the meta page that names the new root into one of two alternating slots, fsyncs again, and only then clears
 * the WAL — the seed's "sync the pages before clearing the WAL". Recovery takes the newest valid meta slot, loads the
 * tree and replays the WAL.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';

export const PAGE_SIZE = 1024;
export const META_SLOTS = 2;
const MAX_KEYS = 6;

export interface BTreeNode {
  leaf: boolean;
  keys: string[];
  values: string[];
  children: BTreeNode[];
  /** Where this node's latest version lives, or null if it changed since the last checkpoint. */
  page: number | null;
}

function frame(body: Buffer): Buffer {
  const out = Buffer.alloc(8 + body.length);
  out.writeUInt32LE(body.length, 0);
  out.writeUInt32LE(crc32(body), 4);
  body.copy(out, 8);
  return out;
}

function unframe(data: Buffer, offset = 0): Buffer | undefined {
  if (offset + 8 > data.length) return undefined;
  const length = data.readUInt32LE(offset);
  if (length === 0) return undefined; // zeroed space: never written
  const body = data.subarray(offset + 8, offset + 8 + length);
  if (body.length < length || crc32(body) !== data.readUInt32LE(offset + 4)) return undefined;
  return body;
}

/** One page image: the framed body, zero-padded to PAGE_SIZE. */
export function encodePage(body: Buffer): Buffer {
  const framed = frame(body);
  if (framed.length > PAGE_SIZE) throw new Error(`node too large for a page (${framed.length} bytes)`);
  const buffer = Buffer.alloc(PAGE_SIZE);
  framed.copy(buffer);
  return buffer;
}

/** The page file: two meta slots, then node pages appended one after another. */
export class Pager {
  readonly fd: number;

  constructor(file: string) {
    this.fd = openSync(file, existsSync(file) ? 'r+' : 'w+');
  }

  get pageCount(): number {
    return Math.max(META_SLOTS, Math.floor(fstatSync(this.fd).size / PAGE_SIZE));
  }

  readPage(page: number): Buffer {
    const buffer = Buffer.alloc(PAGE_SIZE);
    readSync(this.fd, buffer, 0, PAGE_SIZE, page * PAGE_SIZE);
    return buffer;
  }

  writePage(page: number, body: Buffer): void {
    writeSync(this.fd, encodePage(body), 0, PAGE_SIZE, page * PAGE_SIZE);
  }

  sync(): void {
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

export class BTreeStore {
  protected root: BTreeNode = { leaf: true, keys: [], values: [], children: [], page: null };
  protected readonly pager: Pager;
  protected walFd: number;
  protected metaVersion = 0;
  protected nextPage: number;
  protected opsSinceCheckpoint = 0;

  constructor(
    protected readonly dir: string,
    protected readonly checkpointEvery = 16,
  ) {
    const created = !existsSync(path.join(dir, 'pages.db')) || !existsSync(path.join(dir, 'wal.log'));
    this.pager = new Pager(path.join(dir, 'pages.db'));
    this.walFd = openSync(path.join(dir, 'wal.log'), 'a+');
    if (created) syncDirectory(dir);
    this.nextPage = this.pager.pageCount;
    this.loadTree();
    this.replayWal();
  }

  private loadTree(): void {
    let best: { version: number; root: number } | undefined;
    for (let slot = 0; slot < META_SLOTS; slot++) {
      const body = unframe(this.pager.readPage(slot));
      if (!body) continue;
      const meta = JSON.parse(body.toString()) as { version: number; root: number };
      if (!best || meta.version > best.version) best = meta;
    }
    if (!best) return;
    this.metaVersion = best.version;
    this.root = this.loadNode(best.root);
  }

  private loadNode(page: number): BTreeNode {
    const body = unframe(this.pager.readPage(page));
    if (!body) throw new Error(`page ${page} is corrupt`);
    const stored = JSON.parse(body.toString()) as { leaf: boolean; keys: string[]; values: string[]; children: number[] };
    return { leaf: stored.leaf, keys: stored.keys, values: stored.values, children: stored.children.map((child) => this.loadNode(child)), page };
  }

  private replayWal(): void {
    const size = fstatSync(this.walFd).size;
    const data = Buffer.alloc(size);
    readSync(this.walFd, data, 0, size, 0);
    let offset = 0;
    for (let body = unframe(data, 0); body; body = unframe(data, offset)) {
      const [key, value] = JSON.parse(body.toString()) as [string, string | null];
      this.apply(key, value);
      offset += 8 + body.length;
    }
    if (offset < size) {
      ftruncateSync(this.walFd, offset);
      fsyncSync(this.walFd);
    }
  }

  protected logChange(key: string, value: string | null): void {
    writeSync(this.walFd, frame(Buffer.from(JSON.stringify([key, value]))));
    this.syncWal();
  }

  private syncWal(): void {
    fsyncSync(this.walFd);
  }

  put(key: string, value: string): void {
    this.logChange(key, value);
    this.apply(key, value);
    this.maybeCheckpoint();
  }

  delete(key: string): void {
    this.logChange(key, null);
    this.apply(key, null);
    this.maybeCheckpoint();
  }

  get(key: string): string | null {
    let node = this.root;
    for (;;) {
      const index = node.keys.findIndex((k) => k >= key);
      if (node.leaf) return index >= 0 && node.keys[index] === key ? (node.values[index] as string) : null;
      node = node.children[index < 0 ? node.keys.length : node.keys[index] === key ? index + 1 : index] as BTreeNode;
    }
  }

  private maybeCheckpoint(): void {
    if (++this.opsSinceCheckpoint >= this.checkpointEvery) this.checkpoint();
  }

  /** Inserts or deletes in the in-memory tree, marking the changed path for the next checkpoint. */
  protected apply(key: string, value: string | null): void {
    const pathNodes: BTreeNode[] = [];
    let node = this.root;
    for (;;) {
      node.page = null;
      pathNodes.push(node);
      if (node.leaf) break;
      const index = node.keys.findIndex((k) => k > key);
      node = node.children[index < 0 ? node.keys.length : index] as BTreeNode;
    }
    const index = node.keys.findIndex((k) => k >= key);
    const found = index >= 0 && node.keys[index] === key;
    if (value === null) {
      if (found) {
        node.keys.splice(index, 1);
        node.values.splice(index, 1);
      }
      return;
    }
    if (found) node.values[index] = value;
    else {
      const at = index < 0 ? node.keys.length : index;
      node.keys.splice(at, 0, key);
      node.values.splice(at, 0, value);
    }
    // split full nodes from the leaf up
    for (let level = pathNodes.length - 1; level >= 0; level--) {
      const full = pathNodes[level] as BTreeNode;
      if (full.keys.length <= MAX_KEYS) break;
      const middle = Math.floor(full.keys.length / 2);
      const right: BTreeNode = full.leaf
        ? { leaf: true, keys: full.keys.splice(middle), values: full.values.splice(middle), children: [], page: null }
        : { leaf: false, keys: full.keys.splice(middle + 1), values: [], children: full.children.splice(middle + 1), page: null };
      const separator = full.leaf ? (right.keys[0] as string) : (full.keys.pop() as string);
      if (level === 0) {
        this.root = { leaf: false, keys: [separator], values: [], children: [full, right], page: null };
      } else {
        const parent = pathNodes[level - 1] as BTreeNode;
        const position = parent.children.indexOf(full);
        parent.keys.splice(position, 0, separator);
        parent.children.splice(position + 1, 0, right);
      }
    }
  }

  /** Changed nodes, children before parents, so a parent can name its children's new pages. */
  protected changedNodes(): BTreeNode[] {
    const order: BTreeNode[] = [];
    const stack: [BTreeNode, boolean][] = [[this.root, false]];
    while (stack.length > 0) {
      const [node, expanded] = stack.pop() as [BTreeNode, boolean];
      if (node.page !== null) continue;
      if (expanded) order.push(node);
      else {
        stack.push([node, true]);
        for (const child of node.children) stack.push([child, false]);
      }
    }
    return order;
  }

  protected encodeNode(node: BTreeNode): Buffer {
    return Buffer.from(JSON.stringify({ leaf: node.leaf, keys: node.keys, values: node.values, children: node.children.map((c) => c.page) }));
  }

  protected encodeMeta(): Buffer {
    return Buffer.from(JSON.stringify({ version: this.metaVersion, root: this.root.page }));
  }

  checkpoint(): void {
    for (const node of this.changedNodes()) {
      node.page = this.nextPage++;
      this.pager.writePage(node.page, this.encodeNode(node));
    }
    this.pager.sync();
    this.metaVersion++;
    this.pager.writePage(this.metaVersion % META_SLOTS, this.encodeMeta());
    this.pager.sync();
    ftruncateSync(this.walFd, 0);
    fsyncSync(this.walFd);
    this.opsSinceCheckpoint = 0;
  }

  close(): void {
    this.pager.close();
    closeSync(this.walFd);
  }
}

export function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
