// The callback and promise styles: mkdir, open/write/fsync/close by callback, stat (mode, uid), chmod, realpath,
// access; fs.promises writeFile with flush, rename, a directory fsync through a FileHandle.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const call = (fn, ...args) => promisify(fn)(...args);

export async function run({ dir, acknowledge }) {
  const sub = path.join(dir, 'sub');
  await call(fs.mkdir, sub, { recursive: true });
  const dirHandle = await fsp.open(dir, 'r');
  await dirHandle.sync();
  await dirHandle.close();
  const file = path.join(sub, 'a.txt');
  const fd = await call(fs.open, file, 'w');
  await call(fs.write, fd, 'one');
  await call(fs.fsync, fd);
  await call(fs.close, fd);
  await call(fs.chmod, file, 0o600);
  const stats = await call(fs.stat, file);
  if ((stats.mode & 0o777) !== 0o600 || typeof stats.uid !== 'number' || !stats.isFile()) throw new Error('stat lost the mode');
  if ((await call(fs.realpath, file)) !== file) throw new Error('realpath');
  await call(fs.access, file);
  const subHandle = await fsp.open(sub, 'r');
  await subHandle.sync();
  await subHandle.close();
  acknowledge('a', 'one');
  await fsp.writeFile(`${file}.tmp`, 'two', { flush: true });
  await fsp.rename(`${file}.tmp`, file);
  const again = await fsp.open(sub, 'r');
  await again.sync();
  await again.close();
  acknowledge('a', 'two');
}

export async function recover({ dir }) {
  const file = path.join(dir, 'sub', 'a.txt');
  const exists = await new Promise((resolve) => fs.access(file, (error) => resolve(!error)));
  return exists ? { a: await fsp.readFile(file, 'utf8') } : {};
}
