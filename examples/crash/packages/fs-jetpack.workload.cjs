// fs-jetpack's write(path, data, { atomic: true }): a document rewritten three times, each acknowledged on return.
const path = require('node:path');
const jetpack = require('fs-jetpack');

exports.run = function run({ dir, acknowledge }) {
  const file = path.join(dir, 'doc.json');
  for (const version of [1, 2, 3]) {
    jetpack.write(file, { version }, { atomic: true });
    acknowledge('version', version);
  }
};

exports.recover = function recover({ dir }) {
  const doc = jetpack.read(path.join(dir, 'doc.json'), 'json'); // undefined when missing, throws on bad JSON
  return doc ?? {};
};
