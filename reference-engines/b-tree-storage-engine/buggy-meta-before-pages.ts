/**
 * Buggy variant: the checkpoint writes the new node pages and then the meta page that names the new root, with one
 * fsync after both instead of one between them. Write-back goes page by page in no order, so a crash before that fsync
 * can leave the meta page on disk without the nodes it points to: recovery finds a root that is not there. (The WAL is
 * cleared only after the fsync, so it still holds every change; what is lost is the database's openability.)
 */
import { fsyncSync, ftruncateSync } from 'node:fs';
import { BTreeStore, META_SLOTS } from './btree.js';

export class MetaBeforePagesBTreeStore extends BTreeStore {
  override checkpoint(): void {
    for (const node of this.changedNodes()) {
      node.page = this.nextPage++;
      this.pager.writePage(node.page, this.encodeNode(node));
    }
    this.metaVersion++;
    this.pager.writePage(this.metaVersion % META_SLOTS, this.encodeMeta());
    this.pager.sync();
    ftruncateSync(this.walFd, 0);
    fsyncSync(this.walFd);
    this.opsSinceCheckpoint = 0;
  }
}
