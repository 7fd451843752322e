/**
 * require-atomic-replace: a file the module reads back (its state) rewritten in place by a one-shot write, a copy onto
 * it or a truncating open. Reported at the rewriting call, synced or not: the truncation comes first, and a crash before
 * the new contents are on disk leaves the only copy empty or partial. `recommended` leaves out caches and scratch files
 * (locks, pid and temp files); neither config reports creates (an empty write, a write behind `!existsSync(p)`) or
 * scripts (module top level, a function called at once there). The code of every case starts at line 1, column 1.
 */
import { describe } from 'vitest';
import requireAtomicReplace, { type Options } from './require-atomic-replace.js';
import { testedRule, untypedRuleTester } from './test-setup.js';

const rule = testedRule(requireAtomicReplace);
const STRICT: Options = [{ report: 'all' }];
const ruleTester = untypedRuleTester();

describe('read back and rewritten in place', () => {
  ruleTester.run('require-atomic-replace', rule, {
    valid: [
      {
        name: 'a file written and never read back: an output, not state',
        code: `import { writeFileSync } from 'node:fs';
export function emit(out: string, code: string) {
  writeFileSync(out, code);
}`,
      },
      {
        name: 'read back, replaced through a synced temp file renamed over it',
        code: `import fs from 'node:fs';
export class Settings {
  constructor(private file: string) {}
  load() { return JSON.parse(fs.readFileSync(this.file, 'utf8')); }
  save(data: unknown) {
    const temp = this.file + '.tmp';
    const fd = fs.openSync(temp, 'w');
    fs.writeSync(fd, JSON.stringify(data));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(temp, this.file);
  }
}`,
      },
      {
        name: 'a create: written only when the file is not there yet',
        code: `import fs from 'node:fs';
export class Settings {
  constructor(private file: string) {}
  load() { return JSON.parse(fs.readFileSync(this.file, 'utf8')); }
  ensure() {
    if (!fs.existsSync(this.file)) fs.writeFileSync(this.file, '{}');
  }
}`,
      },
      {
        name: 'an empty write creates the file: no data (also through a const)',
        code: `import fs from 'node:fs';
const NOTHING = '';
export class Watched {
  constructor(private file: string) {}
  read() { return fs.readFileSync(this.file, 'utf8'); }
  touch() { fs.writeFileSync(this.file, ''); }
  reset() { fs.writeFileSync(this.file, NOTHING); }
}`,
      },
      {
        name: 'recommended: a cache read back and rewritten can be rebuilt',
        code: `import fs from 'node:fs';
export class Index {
  constructor(private cacheFile: string) {}
  load() { return JSON.parse(fs.readFileSync(this.cacheFile, 'utf8')); }
  save(entries: unknown) { fs.writeFileSync(this.cacheFile, JSON.stringify(entries)); }
}`,
      },
      {
        name: 'recommended: a lock file holds no data',
        code: `import fs from 'node:fs';
export class Lock {
  constructor(private lockPath: string) {}
  owner() { return Number(fs.readFileSync(this.lockPath, 'utf8')); }
  take() { fs.writeFileSync(this.lockPath, String(process.pid)); }
}`,
      },
      {
        name: 'a script: an immediately invoked function at the top level',
        code: `import fs from 'node:fs';
const README = 'README.md';
(async () => {
  const text = await fs.promises.readFile(README, 'utf8');
  await fs.promises.writeFile(README, text.replace('x', 'y'));
})();`,
      },
      {
        name: 'writeFileSync through an fd writes an open file, not a name',
        code: `import fs from 'node:fs';
export function rewrite(file: string, data: string) {
  const old = fs.readFileSync(file, 'utf8');
  const fd = fs.openSync(file + '.next', 'wx');
  fs.writeFileSync(fd, old + data);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}`,
      },
      {
        name: 'recommended: read, edited and written back in one function (an edit, the way scripts touch files)',
        code: `import fs from 'node:fs';
export function bumpVersion(pkgPath: string, version: string) {
  const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
  pkg.version = version;
  fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
}`,
      },
      {
        name: 'recommended: a module that exports nothing is a script or a test',
        code: `import fs from 'node:fs';
const DATA = 'data.json';
function load() { return JSON.parse(fs.readFileSync(DATA, 'utf8')); }
function save(value: unknown) { fs.writeFileSync(DATA, JSON.stringify(value)); }
save({ ...load(), updated: true });`,
      },
      {
        name: 'two different parameters: the source is read, the destination written',
        code: `import fs from 'node:fs';
export function transform(src: string, dest: string) {
  const text = fs.readFileSync(src, 'utf8');
  fs.writeFileSync(dest, text.toUpperCase());
}`,
      },
    ],
    invalid: [
      {
        name: 'a settings class: read in load(), rewritten in save() (the suggestion writes a synced temp file)',
        code: `import fs from 'node:fs';
import path from 'node:path';
export class Settings {
  constructor(private file: string) {}
  load() { return JSON.parse(fs.readFileSync(this.file, 'utf8')); }
  save(data: unknown) {
    fs.writeFileSync(this.file, JSON.stringify(data));
  }
}`,
        errors: [
          {
            messageId: 'inPlaceWrite',
            line: 7,
            column: 5,
            suggestions: [
              {
                messageId: 'replaceAtomically',
                output: `import fs from 'node:fs';
import path from 'node:path';
export class Settings {
  constructor(private file: string) {}
  load() { return JSON.parse(fs.readFileSync(this.file, 'utf8')); }
  save(data: unknown) {
    {
      const durableTarget = this.file;
      const durableTemp = \`\${durableTarget}.tmp-\${process.pid}\`;
      const durableFd = fs.openSync(durableTemp, 'w');
      try {
        fs.writeFileSync(durableFd, JSON.stringify(data));
        fs.fsyncSync(durableFd);
      } finally {
        fs.closeSync(durableFd);
      }
      fs.renameSync(durableTemp, durableTarget);
      const durableDir = fs.openSync(path.dirname(durableTarget), 'r');
      try {
        fs.fsyncSync(durableDir);
      } finally {
        fs.closeSync(durableDir);
      }
    }
  }
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'synced in place is still in place: the truncation comes before the data',
        code: `import { openSync, readFileSync, writeSync, fsyncSync, closeSync } from 'node:fs';
export class Journal {
  constructor(private file: string) {}
  replay() { return readFileSync(this.file); }
  rewrite(data: Buffer) {
    const fd = openSync(this.file, 'w');
    writeSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
  }
}`,
        errors: [{ messageId: 'inPlaceOpen', line: 6, column: 16, suggestions: [] }],
      },
      {
        name: 'a key-value store: the same path method in get() and set() (promises: no suggestion)',
        code: `import fs from 'node:fs/promises';
import path from 'node:path';
export class FileStore {
  constructor(private dir: string) {}
  async get(key: string) { return JSON.parse(await fs.readFile(this.pathOf(key), 'utf8')); }
  async set(key: string, value: unknown) { await fs.writeFile(this.pathOf(key), JSON.stringify(value)); }
  private pathOf(key: string) { return path.join(this.dir, key + '.json'); }
}`,
        errors: [{ messageId: 'inPlaceWrite', line: 6, column: 50, suggestions: [] }],
      },
      {
        name: 'the same path shape built from different locals in the reader and the writer',
        code: `import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
export class Records {
  constructor(private root: string) {}
  async read(kind: string, id: string) { return readFile(path.join(this.root, kind, id), 'utf8'); }
  async write(record: { kind: string; id: string; body: string }) {
    const file = path.join(this.root, record.kind, record.id);
    await writeFile(file, record.body);
  }
}`,
        errors: [{ messageId: 'inPlaceWrite', line: 8, column: 11, suggestions: [] }],
      },
      {
        name: 'a module-local read helper, and a copy onto the state file',
        code: `import fs from 'node:fs';
const STATE = 'state.json';
function readJson(file: string) { return JSON.parse(fs.readFileSync(file, 'utf8')); }
export function current() { return readJson(STATE); }
export function restore(from: string) { fs.copyFileSync(from, STATE); }`,
        errors: [{ messageId: 'inPlaceCopy', line: 5, column: 41, suggestions: [] }],
      },
      {
        name: 'read and write helpers of the same parameter',
        code: `import fs from 'node:fs';
export function read(file: string) { return JSON.parse(fs.readFileSync(file, 'utf8')); }
export function write(file: string, value: unknown) { fs.writeFileSync(file, JSON.stringify(value)); }`,
        errors: [{ messageId: 'inPlaceWrite', line: 3, column: 55, suggestions: [] }],
      },
      {
        name: 'an unsynced backup copy first does not make the rewrite safe',
        code: `import fs from 'node:fs';
export class Config {
  constructor(private file: string) {}
  load() { return fs.readFileSync(this.file, 'utf8'); }
  migrate(text: string) {
    fs.copyFileSync(this.file, this.file + '.bak');
    fs.writeFileSync(this.file, text);
  }
}`,
        errors: [{ messageId: 'inPlaceWrite', line: 7, column: 5, suggestions: [] }],
      },
      {
        name: 'strict: read, edited and written back in one function',
        options: STRICT,
        code: `import fs from 'node:fs';
export function bumpVersion(pkgPath: string, version: string) {
  const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
  pkg.version = version;
  fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
}`,
        errors: [{ messageId: 'inPlaceWrite', line: 5, column: 3, suggestions: [] }],
      },
      {
        name: 'strict: a cache too',
        options: STRICT,
        code: `import fs from 'node:fs';
export class Index {
  constructor(private cacheFile: string) {}
  load() { return JSON.parse(fs.readFileSync(this.cacheFile, 'utf8')); }
  save(entries: unknown) { fs.writeFileSync(this.cacheFile, JSON.stringify(entries)); }
}`,
        errors: [{ messageId: 'inPlaceWrite', line: 5, column: 28, suggestions: [] }],
      },
    ],
  });
});
