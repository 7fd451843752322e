/**
 * Buggy variant: the checkpoint writes the new pages and the meta page, then clears the WAL before the page file is
 * synced. A crash in between loses the pages, the meta page, and the log that could have rebuilt them.
 */
import { fsyncSync, ftruncateSync, writeSync } from 'node:fs';
import { BTreeStore, META_SLOTS, PAGE_SIZE, encodePage } from './btree.js';

export class EarlyClearBTreeStore extends BTreeStore {
  override checkpoint(): void {
    for (const node of this.changedNodes()) {
      node.page = this.nextPage++;
      writeSync(this.pager.fd, encodePage(this.encodeNode(node)), 0, PAGE_SIZE, node.page * PAGE_SIZE);
    }
    this.metaVersion++;
    writeSync(this.pager.fd, encodePage(this.encodeMeta()), 0, PAGE_SIZE, (this.metaVersion % META_SLOTS) * PAGE_SIZE);
    ftruncateSync(this.walFd, 0); // expect: durability/require-sync-before-truncate
    fsyncSync(this.walFd);
    fsyncSync(this.pager.fd);
    this.opsSinceCheckpoint = 0;
  }
}
