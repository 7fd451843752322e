// Takes copies of fs members when it loads, as many packages do; saves with a temp file renamed unsynced.
const { existsSync, readFileSync, writeFileSync, renameSync } = require('fs');
const path = require('path');

exports.run = function run({ dir, acknowledge }) {
  const file = path.join(dir, 'state.json');
  for (const n of [1, 2]) {
    writeFileSync(`${file}.tmp`, JSON.stringify({ n }));
    renameSync(`${file}.tmp`, file);
    acknowledge('n', n);
  }
};

exports.recover = function recover({ dir }) {
  const file = path.join(dir, 'state.json');
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {}; // a damaged file reads as empty: the loss shows as 'absent', the image as a 0-byte file
  }
};
