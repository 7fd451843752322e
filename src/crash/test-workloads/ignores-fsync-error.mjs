// Appends records with an fsync each, and acknowledges even when the fsync failed (the error is swallowed).
import fs from 'node:fs';
import path from 'node:path';

export function run({ dir, acknowledge }) {
  const file = path.join(dir, 'log.txt');
  const fd = fs.openSync(file, 'a');
  const dirFd = fs.openSync(dir, 'r');
  fs.fsyncSync(dirFd);
  fs.closeSync(dirFd);
  for (const n of [1, 2, 3]) {
    fs.writeSync(fd, `${n}\n`);
    try {
      fs.fsyncSync(fd);
    } catch {
      // swallowed: the record is acknowledged anyway
    }
    acknowledge(`r${n}`, n);
  }
  fs.closeSync(fd);
}

export function recover({ dir }) {
  const file = path.join(dir, 'log.txt');
  if (!fs.existsSync(file)) return {};
  const found = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) if (/^\d+$/.test(line)) found[`r${line}`] = Number(line);
  return found;
}
