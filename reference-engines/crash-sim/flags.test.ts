/**
 * The crash model decodes open flags on its own (it is the oracle the rules are judged against, so it does not share
 * the analysis's decoder), but it must accept every flag string the catalog knows, and agree with it on what each
 * flag does: sync every write, truncate, create, append.
 */
import { describe, expect, it } from 'vitest';
import { APPEND_OPEN_FLAGS, CREATING_OPEN_FLAGS, SYNC_OPEN_FLAGS, TRUNCATING_OPEN_FLAGS } from '../../src/catalog.js';
import { decodeFlags } from './model-fs.js';

const catalogFlags = [...new Set([...SYNC_OPEN_FLAGS, ...TRUNCATING_OPEN_FLAGS, ...CREATING_OPEN_FLAGS, ...APPEND_OPEN_FLAGS, 'r', 'r+', 'rs'])].sort();

describe('the crash model reads every open flag the catalog knows', () => {
  for (const flag of catalogFlags) {
    it(`'${flag}'`, () => {
      const decoded = decodeFlags(flag);
      expect({ sync: decoded.sync, truncate: decoded.truncate, create: decoded.create, append: decoded.append }).toEqual({
        sync: SYNC_OPEN_FLAGS.has(flag),
        truncate: TRUNCATING_OPEN_FLAGS.has(flag),
        create: CREATING_OPEN_FLAGS.has(flag),
        append: APPEND_OPEN_FLAGS.has(flag),
      });
    });
  }
});
