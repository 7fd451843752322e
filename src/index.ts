/**
 * The plugin object, built in one place: meta from package.json, the rules, and flat configs that refer to the
 * plugin object itself.
 */
import { createRequire } from 'node:module';
import type { TSESLint } from '@typescript-eslint/utils';
import noFlushWithoutFsync from '../rules/no-flush-without-fsync.js';
import requireSyncBeforeTruncate from '../rules/require-sync-before-truncate.js';
import requireFsyncBeforeRename from '../rules/require-fsync-before-rename.js';
import requireDirFsync from '../rules/require-dir-fsync.js';
import noIgnoredFsyncError from '../rules/no-ignored-fsync-error.js';
import requireAtomicReplace from '../rules/require-atomic-replace.js';

const require = createRequire(import.meta.url);
const pkg = findPackageJson();

function findPackageJson(): { name: string; version: string } {
  // src/index.ts runs from the repo, dist/src/index.js from the package: package.json is one or two levels up.
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const found = require(candidate) as { name?: string; version?: string };
      if (found.name === 'eslint-plugin-durability') return { name: found.name, version: found.version ?? '0.0.0' };
    } catch {
      // try the next location
    }
  }
  return { name: 'eslint-plugin-durability', version: '0.0.0' };
}

export const rules = {
  'no-flush-without-fsync': noFlushWithoutFsync,
  'require-sync-before-truncate': requireSyncBeforeTruncate,
  'require-fsync-before-rename': requireFsyncBeforeRename,
  'require-dir-fsync': requireDirFsync,
  'no-ignored-fsync-error': noIgnoredFsyncError,
  'require-atomic-replace': requireAtomicReplace,
};

type Plugin = TSESLint.FlatConfig.Plugin & { configs: Record<'recommended' | 'strict', TSESLint.FlatConfig.Config> };

const plugin: Plugin = {
  meta: { name: pkg.name, version: pkg.version },
  rules: rules as unknown as TSESLint.FlatConfig.Plugin['rules'],
  configs: {} as Plugin['configs'],
};

plugin.configs.recommended = {
  name: 'durability/recommended',
  plugins: { durability: plugin },
  rules: {
    'durability/no-flush-without-fsync': 'error',
    'durability/require-sync-before-truncate': 'error',
    'durability/require-fsync-before-rename': 'error',
    'durability/require-dir-fsync': 'error',
    'durability/no-ignored-fsync-error': 'error',
    'durability/require-atomic-replace': 'error',
  },
};

plugin.configs.strict = {
  name: 'durability/strict',
  plugins: { durability: plugin },
  rules: {
    'durability/no-flush-without-fsync': ['error', { report: 'all', optionGuardedSync: 'report' }],
    'durability/require-sync-before-truncate': ['error', { report: 'all' }],
    'durability/require-fsync-before-rename': ['error', { report: 'all', optionGuardedSync: 'report' }],
    'durability/require-dir-fsync': ['error', { report: 'all' }],
    'durability/no-ignored-fsync-error': 'error',
    'durability/require-atomic-replace': ['error', { report: 'all' }],
  },
};

export const configs = plugin.configs;
export default plugin;
