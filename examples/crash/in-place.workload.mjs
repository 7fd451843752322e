// durability-crash workload: three settings saved one after another with saveInPlace, each acknowledged once saved.
import path from 'node:path';
import { load, saveInPlace } from './json-store.mjs';

export function run({ dir, acknowledge }) {
  const file = path.join(dir, 'settings.json');
  const settings = {};
  for (const [key, value] of [['theme', 'dark'], ['language', 'en'], ['theme', 'light']]) {
    settings[key] = value;
    saveInPlace(file, settings);
    acknowledge(key, value);
  }
}

export function recover({ dir }) {
  return load(path.join(dir, 'settings.json'));
}
