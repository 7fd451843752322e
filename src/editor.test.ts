/**
 * What an editor shows: editor integrations (vscode-eslint, the ESLint language servers) lint the buffer through
 * ESLint's Node API, `new ESLint(...)` and `lintText(text, { filePath })`, and turn each message into a diagnostic
 * (range, severity, text) and each suggestion into a quick fix. For each rule of `configs.recommended` (a test checks
 * that none is missing), one bug in four forms (TypeScript and JavaScript, ES modules and CommonJS): the message, its
 * range, its severity, the quick fix's title and the code after the fix, which must lint clean. And a buffer that
 * does not parse gives a parse error, not a crash.
 */
import { describe, expect, it } from 'vitest';
import { ESLint, type Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import durability from './index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Buffers are linted as if they were files here (they are never written). */
const dir = path.join(root, 'editor-buffers');

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.ts', '**/*.cts', '**/*.mts'], languageOptions: { parser: tsParser as Linter.Parser } },
    durability.configs.recommended as Linter.Config,
  ],
});

type Variant = 'ts-esm' | 'ts-cjs' | 'js-esm' | 'js-cjs';
const VARIANTS: { variant: Variant; file: string; ts: boolean; esm: boolean }[] = [
  { variant: 'ts-esm', file: 'store.ts', ts: true, esm: true },
  { variant: 'ts-cjs', file: 'store.cts', ts: true, esm: false },
  { variant: 'js-esm', file: 'store.js', ts: false, esm: true },
  { variant: 'js-cjs', file: 'store.cjs', ts: false, esm: false },
];

/**
 * A case is written once, with `{:T}` for TypeScript-only text (a type annotation, removed in JavaScript) and
 * `<EXPORT name>` for the last line. The first two lines import fs and path in the variant's module form, so every
 * variant reports the same lines and columns.
 */
function source(template: string, variant: (typeof VARIANTS)[number]): string {
  const header = variant.esm
    ? `import * as fs from 'node:fs';\nimport * as path from 'node:path';\n`
    : `const fs = require('node:fs');\nconst path = require('node:path');\n`;
  const body = template
    .replace(/\{:([^}]*)\}/g, (_, type: string) => (variant.ts ? `: ${type}` : ''))
    .replace(/<TS\|JS ([^|>]*)\|([^>]*)>/g, (_, ts: string, js: string) => (variant.ts ? ts : js))
    .replace(/<EXPORT ([\w, ]+)>/, (_, names: string) => (variant.esm ? `export { ${names} };` : `module.exports = { ${names} };`));
  return header + body;
}

interface Case {
  rule: string;
  template: string;
  message: string;
  /** line, column, endLine, endColumn */
  range: [number, number, number, number];
  /** The quick fix: its title, and the code after it, as a line inserted after a line or a line replaced. */
  suggestion: { desc: string } & ({ inserted: string; afterLine: number } | { replaced: { line: number; text: string } });
  /** Other rules that report the same code. */
  also?: string[];
}

const CASES: Case[] = [
  {
    rule: 'no-flush-without-fsync',
    template: `const fd = fs.openSync('journal.log', 'a');
function append(record{:Buffer}) {
  fs.writeSync(fd, record);
}
<EXPORT append>
`,
    message:
      '`fd` is written here and reaches the end of `append()` without an fsync: the data may be only in the OS page cache when `append()` reports success, and a power loss then loses it.',
    range: [5, 3, 5, 27],
    suggestion: { desc: 'Insert `fs.fsyncSync(fd);` before the end of `append()`.', inserted: '  fs.fsyncSync(fd);', afterLine: 5 },
  },
  {
    rule: 'require-sync-before-truncate',
    template: `class BTree {
  pages = fs.openSync('pages.db', 'r+');
  wal = fs.openSync('wal.log', 'a');
  checkpoint(page{:Buffer}) {
    fs.writeSync(this.pages, page, 0, page.length, 0);
    fs.ftruncateSync(this.wal, 0);
    fs.fsyncSync(this.pages);
  }
}
<EXPORT BTree>
`,
    message:
      '`this.wal` is destroyed here while `this.pages`, written on line 7, may not be on disk yet: a crash now loses data that only `this.wal` held. Sync `this.pages` first.',
    range: [8, 5, 8, 34],
    suggestion: { desc: 'Insert `fs.fsyncSync(this.pages);` before this statement.', inserted: '    fs.fsyncSync(this.pages);', afterLine: 7 },
  },
  {
    rule: 'require-fsync-before-rename',
    // the directory synced after the rename shows that durability is meant
    template: `function syncDirectory(dir{:string}) {
  const fd = fs.openSync(dir, 'r');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}
function save(dir{:string}, data{:Buffer}) {
  const fd = fs.openSync(path.join(dir, 'state.json.tmp'), 'w');
  fs.writeSync(fd, data);
  fs.closeSync(fd);
  fs.renameSync(path.join(dir, 'state.json.tmp'), path.join(dir, 'state.json'));
  syncDirectory(dir);
}
<EXPORT save>
`,
    message:
      "`path.join(dir, 'state.json.tmp')` is renamed over `path.join(dir, 'state.json')` here while `fd`, written on line 9, may not be on disk yet: the rename is atomic but not durable, and after a power loss `path.join(dir, 'state.json')` can be empty or partly written. Sync `fd` before the rename.",
    range: [11, 3, 11, 80],
    // the sync goes before the close
    suggestion: { desc: 'Insert `fs.fsyncSync(fd);` before the rename (and before the close of the handle).', inserted: '  fs.fsyncSync(fd);', afterLine: 9 },
  },
  {
    rule: 'require-dir-fsync',
    template: `function syncDirectory(dir{:string}) {
  const fd = fs.openSync(dir, 'r');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}
class Log {
  <TS|JS constructor(readonly dir: string) {}|constructor(dir) { this.dir = dir; }>
  newSegment(id{:number}) {
    const fd = fs.openSync(path.join(this.dir, \`\${id}.log\`), 'wx');
    return fd;
  }
  checkpoint() {
    syncDirectory(this.dir);
  }
}
<EXPORT Log>
`,
    message:
      'This call creates a file in `this.dir`, and the return on line 11 reports success without an fsync of `this.dir`: the entry lives in the directory, and after a power loss the new file can be missing.',
    range: [10, 16, 10, 67],
    suggestion: { desc: 'Insert `syncDirectory(this.dir);` before the return on line 11.', inserted: '    syncDirectory(this.dir);', afterLine: 10 },
  },
  {
    rule: 'require-atomic-replace',
    template: `class Settings {
  <TS|JS constructor(readonly file: string) {}|constructor(file) { this.file = file; }>
  load() {
    return JSON.parse(fs.readFileSync(this.file, 'utf8'));
  }
  save(data{:object}) {
    fs.writeFileSync(this.file, JSON.stringify(data));
  }
}
<EXPORT Settings>
`,
    message:
      '`this.file` is read back on line 6: it holds state, and this write replaces it in place. The write truncates it first, and a crash before the new contents reach the disk leaves it empty or partial. Write a temp file, fsync it, rename it over `this.file`, then fsync the directory.',
    range: [9, 5, 9, 54],
    suggestion: {
      desc: 'Write `this.file` through a temp file: write, fsync, rename over it, fsync its directory.',
      replaced: {
        line: 9,
        text: [
          '    {',
          '      const durableTarget = this.file;',
          '      const durableTemp = `${durableTarget}.tmp-${process.pid}`;',
          "      const durableFd = fs.openSync(durableTemp, 'w');",
          '      try {',
          '        fs.writeFileSync(durableFd, JSON.stringify(data));',
          '        fs.fsyncSync(durableFd);',
          '      } finally {',
          '        fs.closeSync(durableFd);',
          '      }',
          '      fs.renameSync(durableTemp, durableTarget);',
          "      const durableDir = fs.openSync(path.dirname(durableTarget), 'r');",
          '      try {',
          '        fs.fsyncSync(durableDir);',
          '      } finally {',
          '        fs.closeSync(durableDir);',
          '      }',
          '    }',
        ].join('\n'),
      },
    },
  },
  {
    rule: 'no-ignored-fsync-error',
    template: `async function append(record{:Buffer}) {
  const fh = await fs.promises.open('journal.log', 'a');
  await fh.write(record);
  fh.sync();
  await fh.close();
}
<EXPORT append>
`,
    message: 'This sync of `fh` is neither awaited nor returned: its failure reaches nobody, and the code goes on before the data is on disk.',
    range: [6, 3, 6, 12],
    suggestion: { desc: 'Await the sync.', replaced: { line: 6, text: '  await fh.sync();' } },
    // the write is not synced either, as far as the end of append() can tell: the awaited sync clears both
    also: ['no-flush-without-fsync'],
  },
];

/** Applies one suggestion the way an editor applies a quick fix: replace the range by the text. */
function applyFix(code: string, fix: { range: [number, number]; text: string }): string {
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

async function lint(code: string, file: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(dir, file) });
  return result!;
}

describe.each(CASES)('$rule, as an editor shows it', (c) => {
  it.each(VARIANTS)('$variant ($file): diagnostic, quick fix, fixed code lints clean', async (variant) => {
    const code = source(c.template, variant);
    const result = await lint(code, variant.file);
    expect(result.fatalErrorCount).toBe(0);
    expect(result.messages.map((m) => m.ruleId).sort()).toEqual([c.rule, ...(c.also ?? [])].map((r) => `durability/${r}`).sort());
    const message = result.messages.find((m) => m.ruleId === `durability/${c.rule}`);
    expect(message).toMatchObject({
      ruleId: `durability/${c.rule}`,
      severity: 2,
      message: c.message,
      line: c.range[0],
      column: c.range[1],
      endLine: c.range[2],
      endColumn: c.range[3],
    });
    expect(message!.fix).toBeUndefined(); // suggestions only, no autofix
    expect(message!.suggestions).toHaveLength(1);
    const [suggestion] = message!.suggestions!;
    expect(suggestion!.desc).toBe(c.suggestion.desc);

    const fixed = applyFix(code, suggestion!.fix);
    const lines = code.split('\n');
    if ('replaced' in c.suggestion) lines[c.suggestion.replaced.line - 1] = c.suggestion.replaced.text;
    else lines.splice(c.suggestion.afterLine, 0, c.suggestion.inserted);
    expect(fixed).toBe(lines.join('\n'));
    const after = await lint(fixed, variant.file);
    expect(after.messages).toEqual([]);
  });
});

it('every rule of configs.recommended has a case', () => {
  expect(CASES.map((c) => `durability/${c.rule}`).sort()).toEqual(Object.keys(durability.configs.recommended.rules ?? {}).sort());
});

describe('a quick fix that also edits the import', () => {
  it.each([
    ['store.ts', true],
    ['store.js', false],
  ] as const)('%s: fsyncSync is added to the named import', async (file, ts) => {
    const code = `import { openSync, writeSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record${ts ? ': Buffer' : ''}) {
  writeSync(fd, record);
}
`;
    const result = await lint(code, file);
    expect(result.messages).toMatchObject([{ ruleId: 'durability/no-flush-without-fsync', line: 4, column: 3, endLine: 4, endColumn: 24 }]);
    const [suggestion] = result.messages[0]!.suggestions!;
    expect(suggestion!.desc).toBe('Insert `fsyncSync(fd);` before the end of `append()`.');
    const fixed = applyFix(code, suggestion!.fix);
    expect(fixed).toBe(`import { openSync, writeSync, fsyncSync } from 'node:fs';
const fd = openSync('journal.log', 'a');
export function append(record${ts ? ': Buffer' : ''}) {
  writeSync(fd, record);
  fsyncSync(fd);
}
`);
    expect((await lint(fixed, file)).messages).toEqual([]);
  });
});

describe('a buffer that does not parse (the user is typing)', () => {
  it.each([
    ['store.ts', `import * as fs from 'node:fs';\nconst fd = fs.openSync('journal.log', 'a');\nexport function append(record: Buffer) {\n  fs.writeSync(fd, record\n}\n`],
    ['store.js', `import * as fs from 'node:fs';\nconst fd = fs.openSync('journal.log', 'a');\nexport function append(record) {\n  fs.writeSync(fd, record\n}\n`],
    ['store.cjs', `const fs = require('node:fs');\nfunction append(record) {\n  fs.writeSync(fd, record);\n}}\n`],
  ])('%s: one parse error, no rule message, no crash', async (file, code) => {
    const result = await lint(code, file);
    expect(result.fatalErrorCount).toBe(1);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toMatchObject({ ruleId: null, fatal: true, severity: 2 });
    expect(result.messages[0]!.message).toMatch(/^Parsing error: /);
    expect(result.messages[0]!.line).toBeGreaterThanOrEqual(4);
  });

  it('the buffer is linted again once it parses', async () => {
    const result = await lint(`import * as fs from 'node:fs';\nconst fd = fs.openSync('journal.log', 'a');\nexport function append(record: Buffer) {\n  fs.writeSync(fd, record);\n}\n`, 'store.ts');
    expect(result.messages.map((m) => [m.ruleId, m.line])).toEqual([['durability/no-flush-without-fsync', 4]]);
  });
});
