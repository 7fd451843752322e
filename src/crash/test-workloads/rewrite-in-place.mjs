// Truncates the file and rewrites it (writeFileSync on the one copy), fsync after: loses under both fs models.
import fs from 'node:fs';
import path from 'node:path';

export function run({ dir, acknowledge }) {
  const file = path.join(dir, 'v.txt');
  for (const v of ['first', 'second']) {
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, v);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    if (v === 'first') {
      const d = fs.openSync(dir, 'r');
      fs.fsyncSync(d);
      fs.closeSync(d);
    }
    acknowledge('v', v);
  }
}

export function recover({ dir }) {
  const file = path.join(dir, 'v.txt');
  return fs.existsSync(file) ? { v: fs.readFileSync(file, 'utf8') } : {};
}
