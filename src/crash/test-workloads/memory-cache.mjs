// A store that answers reads from a module-level cache and writes nothing: only a fresh module instance per recover
// shows that nothing reached the disk.
const cache = new Map();

export function run({ acknowledge }) {
  cache.set('k', 'v');
  acknowledge('k', 'v');
}

export function recover() {
  return cache;
}
