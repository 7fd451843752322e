// nconf's file store: settings set one by one, each saved with save(callback) and acknowledged in the callback.
const path = require('node:path');
const { Provider } = require('nconf');

const SETTINGS = [['port', 8080], ['host', 'example.org'], ['port', 9090]];

exports.run = async function run({ dir, acknowledge }) {
  const config = new Provider();
  config.file({ file: path.join(dir, 'config.json') });
  for (const [key, value] of SETTINGS) {
    config.set(key, value);
    await new Promise((resolve, reject) => config.save((error) => (error ? reject(error) : resolve())));
    acknowledge(key, value);
  }
};

exports.recover = function recover({ dir }) {
  const config = new Provider();
  config.file({ file: path.join(dir, 'config.json') }); // reads the file now: a damaged one throws
  return { port: config.get('port'), host: config.get('host') };
};
