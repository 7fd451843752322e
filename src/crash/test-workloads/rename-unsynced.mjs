// Replaces a durable file by renaming an unsynced temp file over it, then syncs the directory: POSIX lets the rename
// reach the disk before the data (an empty file); ext4's auto_da_alloc flushes the data first.
import fs from 'node:fs';
import path from 'node:path';

function syncDir(dir) {
  const fd = fs.openSync(dir, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}

export function run({ dir, acknowledge }) {
  const file = path.join(dir, 'v.txt');
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'first');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  syncDir(dir);
  acknowledge('v', 'first');
  fs.writeFileSync(`${file}.tmp`, 'second');
  fs.renameSync(`${file}.tmp`, file);
  syncDir(dir);
  acknowledge('v', 'second');
}

export function recover({ dir }) {
  const file = path.join(dir, 'v.txt');
  return fs.existsSync(file) ? { v: fs.readFileSync(file, 'utf8') } : {};
}
