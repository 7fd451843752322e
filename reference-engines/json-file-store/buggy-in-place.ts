/**
 * Rewrites the only copy of the state in place: `writeFileSync` truncates the file before it writes, and nothing is
 * synced, so a crash can leave it empty or torn and every key the store ever acknowledged is gone.
 */
import { writeFileSync } from 'node:fs';
import { JsonFileStore } from './json-store.js';

export class InPlaceJsonFileStore extends JsonFileStore {
  protected override save(): void {
    writeFileSync(this.file, JSON.stringify(this.state)); // expect: durability/require-atomic-replace
  }
}
