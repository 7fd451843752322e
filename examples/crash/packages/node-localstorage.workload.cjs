// node-localstorage: setItem (one file per key, written with write-file-atomic's sync form) acknowledged on return.
const { LocalStorage } = require('node-localstorage');

exports.run = function run({ dir, acknowledge }) {
  const storage = new LocalStorage(dir);
  for (const [key, value] of [['token', 'abc'], ['user', 'ada'], ['token', 'def']]) {
    storage.setItem(key, value);
    acknowledge(key, value);
  }
};

exports.recover = function recover({ dir }) {
  const storage = new LocalStorage(dir);
  const found = {};
  for (let i = 0; i < storage.length; i++) found[storage.key(i)] = storage.getItem(storage.key(i));
  return found;
};
