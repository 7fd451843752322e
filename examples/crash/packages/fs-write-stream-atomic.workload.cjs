// npm's fs-write-stream-atomic (over graceful-fs): a report file replaced through a write stream, acknowledged at 'close'.
const path = require('node:path');
const fs = require('node:fs');
const writeStreamAtomic = require('fs-write-stream-atomic');

exports.run = async function run({ dir, acknowledge }) {
  const file = path.join(dir, 'report.json');
  for (const rows of [1, 2, 3]) {
    const stream = writeStreamAtomic(file);
    await new Promise((resolve, reject) => {
      stream.on('close', resolve);
      stream.on('error', reject);
      stream.end(JSON.stringify({ rows }));
    });
    acknowledge('rows', rows);
  }
};

exports.recover = function recover({ dir }) {
  const file = path.join(dir, 'report.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
};
