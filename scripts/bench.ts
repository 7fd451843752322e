/**
 * npm run bench [-- --json] [-- --dist]
 *
 * In one run: (1) a generated storage-like corpus and the reference engines, linted with the TypeScript parser and
 * no rules (parse + traverse) and with every rule of the plugin (strict), medians of several runs, as a wall-time
 * ratio and as the plugin's own rule time (ESLint's per-rule stats) over the parse-only time; (2) growth with input
 * size for straight-line code, deeply nested branches and long if-chains; (3) a nesting depth that would overflow a
 * recursive analysis. `-- --dist` benches the build in dist/ (`npm run build` first) instead of the sources under tsx.
 */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// `-- --dist`: the compiled plugin (`npm run build` first), without tsx's transform: esbuild's `__name` wrapper of
// every function (also every closure made at run time) is a cost of the TypeScript sources under tsx only.
const entry = process.argv.includes('--dist') ? '../dist/src/index.js' : '../src/index.js';
const plugin = ((await import(entry)) as typeof import('../src/index.js')).default;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const linter = new Linter({ configType: 'flat' });
const base: Linter.Config = { files: ['**/*.ts'], languageOptions: { parser: tsParser as never } };

/** The plugin's time inside its own listeners, as ESLint's TIMING measures it: every listener call wrapped. */
let ruleTime = 0;
function timed<T extends (...args: never[]) => unknown>(fn: T): T {
  return ((...args: never[]) => {
    const start = performance.now();
    try {
      return fn(...args);
    } finally {
      ruleTime += performance.now() - start;
    }
  }) as T;
}
const timedRules = Object.fromEntries(
  Object.entries(plugin.rules ?? {}).map(([name, rule]) => {
    const original = rule as unknown as { create: (context: unknown) => Record<string, (...args: never[]) => unknown>; meta: unknown };
    return [name, { ...original, create: timed((context: unknown) => Object.fromEntries(Object.entries(original.create(context)).map(([k, f]) => [k, timed(f)]))) }];
  }),
);
const timedPlugin = { ...plugin, rules: timedRules };
const withRules: Linter.Config[] = [base, { files: ['**/*.ts'], plugins: { durability: timedPlugin as never }, rules: (plugin.configs.strict as Linter.Config).rules }];

interface Source {
  name: string;
  text: string;
}

function lintAll(sources: Source[], rules: boolean): { ms: number; ruleMs: number } {
  ruleTime = 0;
  const started = performance.now();
  for (const source of sources) {
    const messages = linter.verify(source.text, rules ? withRules : [base], source.name);
    const fatal = messages.find((m) => m.fatal);
    if (fatal) throw new Error(`${source.name}: ${fatal.message}`);
  }
  return { ms: performance.now() - started, ruleMs: ruleTime };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function measure(sources: Source[], runs = 5) {
  lintAll(sources, false);
  lintAll(sources, true); // warm-up
  const parse: number[] = [];
  const full: number[] = [];
  const rule: number[] = [];
  for (let i = 0; i < runs; i++) {
    parse.push(lintAll(sources, false).ms);
    const withPlugin = lintAll(sources, true);
    full.push(withPlugin.ms);
    rule.push(withPlugin.ruleMs);
  }
  return { parseMs: median(parse), fullMs: median(full), ruleMs: median(rule) };
}

/** A storage-like class: fields holding fds, writes, syncs, helpers, branches, loops, try/finally. */
function storageModule(i: number): string {
  return `import { openSync, writeSync, fsyncSync, ftruncateSync, closeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
export class Store${i} {
  private fd = openSync('data-${i}.log', 'a');
  private wal = openSync('wal-${i}.log', 'a');
  private fh?: FileHandle;
  private syncWrites = ${i % 2 === 0};
  async init() { this.fh = await open('aux-${i}', 'a'); }
  put(key: string, value: string) {
    const record = Buffer.from(key + '=' + value + '\\n');
    if (record.length > 4096) throw new Error('too large');
    writeSync(this.fd, record);
    if (this.syncWrites) this.syncData();
    return record.length;
  }
  putMany(entries: [string, string][]) {
    for (const [k, v] of entries) {
      try { writeSync(this.fd, Buffer.from(k + v)); } finally { if (k === '') continue; }
    }
    this.syncData();
  }
  async putAsync(b: Buffer) { await this.fh!.write(b); await this.fh!.sync(); return true; }
  checkpoint() {
    switch (this.fd % 3) { case 0: this.syncData(); break; case 1: fsyncSync(this.fd); break; default: this.syncData(); }
    ftruncateSync(this.wal, 0);
    fsyncSync(this.wal);
  }
  private syncData() { fsyncSync(this.fd); }
  close() { closeSync(this.fd); closeSync(this.wal); }
}
export function helper${i}(fd: number, parts: Buffer[]) { let n = 0; while (n < parts.length) { writeSync(fd, parts[n++]!); } fsyncSync(fd); return n; }
`;
}

function filesUnder(dir: string): Source[] {
  const out: Source[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push({ name: path.relative(root, full), text: readFileSync(full, 'utf8') });
  }
  return out;
}

function shape(kind: 'straight' | 'nested' | 'chain' | 'functions', n: number): Source {
  if (kind === 'functions') {
    // n functions, each writing and syncing through a helper of the file: summaries and their fixpoint grow with n
    const body = ["import { openSync, writeSync, fsyncSync } from 'node:fs';", "const fd = openSync('x', 'a');", 'function syncIt() { fsyncSync(fd); }'];
    for (let i = 0; i < n; i++) body.push(`export function f${i}(b: Buffer) { writeSync(fd, b); if (b.length > ${i}) { syncIt(); } return ${i}; }`);
    return { name: `functions-${n}.ts`, text: body.join('\n') };
  }
  const lines = ["import { openSync, writeSync, fsyncSync } from 'node:fs';", "const fd = openSync('x', 'a');", 'export function f(b: Buffer, c: number) {'];
  if (kind === 'straight') for (let i = 0; i < n; i++) lines.push(i % 3 === 2 ? '  fsyncSync(fd);' : '  writeSync(fd, b);');
  if (kind === 'chain') for (let i = 0; i < n; i++) lines.push(`  if (c === ${i}) { writeSync(fd, b); } else if (c > ${i}) { fsyncSync(fd); }`);
  if (kind === 'nested') {
    for (let i = 0; i < n; i++) lines.push(`${' '.repeat(i % 40)}if (c > ${i}) { writeSync(fd, b);`);
    for (let i = 0; i < n; i++) lines.push('}');
  }
  lines.push('  return 1;', '}');
  return { name: `${kind}-${n}.ts`, text: lines.join('\n') };
}

/**
 * Import depth: m0 calls a helper of m1, which calls one of m2, ... to m<n>, which syncs; m0 is linted (first lint:
 * a new folder, so no module summary is cached). The analysis reads other modules to MAX_MODULE_DEPTH only.
 */
function importChain(n: number): number {
  const dir = path.join(root, '.tmp', 'bench', `chain-${n}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i <= n; i++) {
    const text =
      i === n
        ? `import { fsyncSync } from 'node:fs';\nexport function step${i}(fd: number) { fsyncSync(fd); }\n`
        : `import { step${i + 1} } from './m${i + 1}.js';\n${i === 0 ? "import { openSync, writeSync } from 'node:fs';\nconst fd = openSync('x', 'a');\nexport function put(b: Buffer) { writeSync(fd, b); step1(fd); return true; }\n" : ''}export function step${i}(fd: number) { step${i + 1}(fd); }\n`;
    writeFileSync(path.join(dir, `m${i}.ts`), text);
  }
  const chainLinter = new Linter({ configType: 'flat', cwd: dir });
  const file = path.join(dir, 'm0.ts');
  const started = performance.now();
  chainLinter.verify(readFileSync(file, 'utf8'), withRules, file);
  const ms = performance.now() - started;
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

function main(): void {
  const json = process.argv.includes('--json');
  const generated = Array.from({ length: 150 }, (_, i) => ({ name: `gen/store-${i}.ts`, text: storageModule(i) }));
  const engines = filesUnder(path.join(root, 'reference-engines'));
  const corpora = [
    { name: 'generated storage corpus', sources: generated },
    { name: 'reference-engines', sources: engines },
  ];
  const corpusRows = corpora.map((corpus) => {
    const m = measure(corpus.sources);
    const bytes = corpus.sources.reduce((n, s) => n + s.text.length, 0);
    return { corpus: corpus.name, files: corpus.sources.length, kb: Math.round(bytes / 1024), ...m, wallOverhead: (m.fullMs - m.parseMs) / m.parseMs, ruleOverParse: m.ruleMs / m.parseMs };
  });
  const scaling: { shape: string; n: number; ms: number; ratio: number | null }[] = [];
  for (const kind of ['straight', 'nested', 'chain', 'functions'] as const) {
    let previous: number | undefined;
    // ESLint's own parser overflows its stack near 1,000 nested blocks: nesting stops below that
    for (const n of kind === 'nested' ? [50, 100, 200, 400, 800] : [100, 200, 400, 800, 1600]) {
      const source = shape(kind, n);
      const ms = median([0, 1, 2].map(() => lintAll([source], true).ms));
      scaling.push({ shape: kind, n, ms, ratio: previous ? ms / previous : null });
      previous = ms;
    }
  }
  let previousChain: number | undefined;
  for (const n of [1, 2, 4, 8, 16]) {
    const ms = median([0, 1, 2].map(() => importChain(n)));
    scaling.push({ shape: 'imports', n, ms, ratio: previousChain ? ms / previousChain : null });
    previousChain = ms;
  }
  // The deepest nesting the parser accepts, and whether the plugin gets through it (no recursion of ours to overflow).
  let deepResult = 'none parsed';
  for (const depth of [3000, 2000, 1500, 1200, 1000, 900]) {
    const source = shape('nested', depth);
    const parsed = linter.verify(source.text, [base], source.name).find((m) => m.fatal);
    if (parsed) continue;
    try {
      lintAll([source], true);
      deepResult = `depth ${depth} (the deepest of 3000/2000/1500/1200/1000/900 that ESLint's parser accepts): ok`;
    } catch (error) {
      deepResult = `depth ${depth}: the plugin threw ${(error as Error).message.slice(0, 100)}`;
    }
    break;
  }
  if (json) {
    console.log(JSON.stringify({ corpora: corpusRows, scaling, deepNesting: deepResult }, null, 2));
    return;
  }
  console.log('corpus                      files   KB   parse-only ms  with plugin ms  wall overhead  rule time / parse');
  for (const r of corpusRows) {
    console.log(
      `${r.corpus.padEnd(26)} ${String(r.files).padStart(6)} ${String(r.kb).padStart(4)}  ${r.parseMs.toFixed(0).padStart(13)}  ${r.fullMs.toFixed(0).padStart(14)}  ${(r.wallOverhead * 100).toFixed(1).padStart(12)}%  ${(r.ruleOverParse * 100).toFixed(1).padStart(16)}%`,
    );
  }
  console.log('\nshape     n      ms   time(n)/time(n/2)');
  for (const s of scaling) console.log(`${s.shape.padEnd(9)} ${String(s.n).padStart(5)} ${s.ms.toFixed(1).padStart(7)}   ${s.ratio ? s.ratio.toFixed(2) : '-'}`);
  console.log('(imports: a chain of n modules, each calling the next one\'s helper; the analysis reads 4 levels deep at most)');
  console.log(`\nnested ifs in one function, ${deepResult}`);
}

main();
