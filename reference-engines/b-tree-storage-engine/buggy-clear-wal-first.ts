/**
 * Buggy variant: the checkpoint syncs the new pages and writes the meta page, then clears the WAL before the meta
 * page is synced. A crash in between loses the meta page that names the new root, and the log that could have
 * rebuilt it. Everything else is the correct engine's order, so the one sync moved after the truncate is the bug.
 */
import { fsyncSync, ftruncateSync, writeSync } from 'node:fs';
import { BTreeStore, META_SLOTS, PAGE_SIZE, encodePage } from './btree.js';

export class EarlyClearBTreeStore extends BTreeStore {
  override checkpoint(): void {
    for (const node of this.changedNodes()) {
      node.page = this.nextPage++;
      writeSync(this.pager.fd, encodePage(this.encodeNode(node)), 0, PAGE_SIZE, node.page * PAGE_SIZE);
    }
    fsyncSync(this.pager.fd); // the nodes before the meta page that names them, as the correct engine does
    this.metaVersion++;
    writeSync(this.pager.fd, encodePage(this.encodeMeta()), 0, PAGE_SIZE, (this.metaVersion % META_SLOTS) * PAGE_SIZE);
    ftruncateSync(this.walFd, 0); // expect: durability/require-sync-before-truncate
    fsyncSync(this.walFd);
    fsyncSync(this.pager.fd);
    this.opsSinceCheckpoint = 0;
  }
}
