// A small JSON settings store, in two versions: the in-place one rewrites its file where it stands; the careful one
// writes a temp file, fsyncs it, renames it over the file and fsyncs the directory. Example code for durability-crash.
import fs from 'node:fs';
import path from 'node:path';

export function load(file) {
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Rewrites `file` in place: the open truncates the only copy before the new bytes are written. */
export function saveInPlace(file, settings) {
  fs.writeFileSync(file, JSON.stringify(settings));
}

/** Writes a temp file, syncs it, renames it over `file`, then syncs the directory that holds the new name. */
export function saveCareful(file, settings) {
  const temp = `${file}.tmp`;
  const fd = fs.openSync(temp, 'w');
  try {
    fs.writeSync(fd, JSON.stringify(settings));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  const dirFd = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
}
