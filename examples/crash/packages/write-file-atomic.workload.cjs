// write-file-atomic (promise form, its default fsync of the temp file): a state file replaced three times.
const path = require('node:path');
const fs = require('node:fs');
const writeFileAtomic = require('write-file-atomic');

exports.run = async function run({ dir, acknowledge }) {
  const file = path.join(dir, 'state.json');
  for (const step of ['created', 'paid', 'shipped']) {
    await writeFileAtomic(file, JSON.stringify({ step }));
    acknowledge('step', step);
  }
};

exports.recover = function recover({ dir }) {
  const file = path.join(dir, 'state.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
};
