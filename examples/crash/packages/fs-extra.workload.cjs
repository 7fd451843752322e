// fs-extra's outputJsonSync (creates the parent directory, writes the JSON): a cache entry per user, rewritten once.
const path = require('node:path');
const fse = require('fs-extra');

const WRITES = [['alice', { visits: 1 }], ['bob', { visits: 1 }], ['alice', { visits: 2 }]];

exports.run = function run({ dir, acknowledge }) {
  for (const [user, value] of WRITES) {
    fse.outputJsonSync(path.join(dir, 'users', `${user}.json`), value);
    acknowledge(user, value);
  }
};

exports.recover = function recover({ dir }) {
  const found = {};
  for (const user of ['alice', 'bob']) {
    const file = path.join(dir, 'users', `${user}.json`);
    if (fse.pathExistsSync(file)) found[user] = fse.readJsonSync(file);
  }
  return found;
};
