// Calls something the model does not know (a symbolic link in dir): the run must fail loudly, not reach the disk.
import fs from 'node:fs';
import path from 'node:path';

export function run({ dir, acknowledge }) {
  fs.symlinkSync(path.join(dir, 'target'), path.join(dir, 'link'));
  acknowledge('x', 1);
}

export function recover() {
  return {};
}
