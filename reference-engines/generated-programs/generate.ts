/**
 * A seeded generator of small key-value stores written against `node:fs` / `node:fs/promises` as user code is, each a
 * complete `Workload` (../scenario.ts) the crash simulator can run and a file ESLint can lint.
 *
 * A program is described by a `ProgramSpec` (a few dozen choices) and rendered to TypeScript by `render`. Every store
 * keeps records `seq:key=value\n` in three files (`log`, `data`, `snap`) that `openStore` creates (and, usually, makes
 * durable with an fsync of their directory). Recovery (runtime.ts) reads every complete line of the three files and
 * keeps the record with the highest sequence number for each key.
 *
 *   - `put(key, value, n)` writes one record: through a log handle (module-level or opened per put, flags 'a', 'a+',
 *     'as', 'as+'), through `appendFileSync` / `writeFile` (with or without `flush: true`), or as a snapshot written to
 *     a temp file and renamed over `snap` (with or without a directory fsync);
 *   - its sync (fsyncSync, fdatasyncSync, a helper, `await fh.sync()`, an un-awaited `fh.sync()`, `fs.fsync(fd, cb)`)
 *     sits straight after the write, on one branch, on both branches, after an early return, in a `finally`, after or
 *     inside a loop of partial writes, behind an option guard that is true or false at run time, or is missing;
 *   - an optional `checkpoint()` copies every record into `data`, syncs it before or after (or never) and truncates
 *     the log (`ftruncateSync`, `truncateSync`, a reopen with 'w', `fh.truncate`, `fsp.truncate`, or not at all);
 *   - the workload acknowledges each put when `put` returns (sync), resolves (promise) or calls back (callback).
 */
import fc from 'fast-check';

export type Style = 'sync' | 'callback' | 'promise';
export type ImportStyle = 'namespace' | 'named' | 'default';
export type SyncKind = 'fsync' | 'fdatasync' | 'helper' | 'none' | 'unawaited' | 'callback' | 'callback-early';
export type Placement =
  | 'straight'
  | 'branch'
  | 'both-branches'
  | 'early-return'
  | 'finally'
  | 'loop-after'
  | 'loop-each'
  | 'loop-first'
  | 'guard-true'
  | 'guard-false';

export interface PutSpec {
  kind: 'log' | 'oneshot' | 'snapshot';
  scope: 'module' | 'local';
  flags: 'a' | 'a+' | 'as' | 'as+';
  writeVia: 'direct' | 'helper';
  sync: SyncKind;
  placement: Placement;
  /** oneshot: appendFileSync (sync/callback styles) or fsp.writeFile of the whole state (promise style) */
  flush: 'none' | 'flush' | 'flush-utf8';
  /** snapshot: how the temp file is written */
  snapWrite: 'fd' | 'writeFile' | 'writeFile-flush';
  renameDirSync: boolean;
}

export interface CheckpointSpec {
  at: number;
  dataSync: 'before' | 'after' | 'none';
  dataSyncVia: 'fsync' | 'fdatasync' | 'helper';
  truncate: 'ftruncate' | 'truncate-path' | 'reopen-w' | 'none';
  logSync: boolean;
}

export interface ProgramSpec {
  style: Style;
  imports: ImportStyle;
  put: PutSpec;
  checkpoint: CheckpointSpec | null;
  puts: number;
  keys: number;
  /** openStore() creates the three files; does it then fsync their directory? */
  openDirSync: boolean;
  /** Metamorphic variant: a sync of what put wrote right before every acknowledgement put makes. */
  syncBeforeAck?: boolean;
}

const putArb = fc.record({
  kind: fc.constantFrom<PutSpec['kind']>('log', 'log', 'log', 'oneshot', 'snapshot'),
  scope: fc.constantFrom<PutSpec['scope']>('module', 'local'),
  flags: fc.constantFrom<PutSpec['flags']>('a', 'a', 'a+', 'as', 'as+'),
  writeVia: fc.constantFrom<PutSpec['writeVia']>('direct', 'direct', 'helper'),
  sync: fc.constantFrom<SyncKind>('fsync', 'fdatasync', 'helper', 'none', 'unawaited', 'callback', 'callback-early'),
  placement: fc.constantFrom<Placement>('straight', 'branch', 'both-branches', 'early-return', 'finally', 'loop-after', 'loop-each', 'loop-first', 'guard-true', 'guard-false'),
  flush: fc.constantFrom<PutSpec['flush']>('none', 'flush', 'flush-utf8'),
  snapWrite: fc.constantFrom<PutSpec['snapWrite']>('fd', 'writeFile', 'writeFile-flush'),
  renameDirSync: fc.boolean(),
});

const checkpointArb = fc.record({
  at: fc.integer({ min: 0, max: 2 }),
  dataSync: fc.constantFrom<CheckpointSpec['dataSync']>('before', 'before', 'after', 'none'),
  dataSyncVia: fc.constantFrom<CheckpointSpec['dataSyncVia']>('fsync', 'fdatasync', 'helper'),
  truncate: fc.constantFrom<CheckpointSpec['truncate']>('ftruncate', 'truncate-path', 'reopen-w', 'none'),
  logSync: fc.boolean(),
});

/** Raw choices; `normalize` maps combinations a style cannot express onto the nearest it can. */
export const programArb: fc.Arbitrary<ProgramSpec> = fc
  .record({
    style: fc.constantFrom<Style>('sync', 'callback', 'promise'),
    imports: fc.constantFrom<ImportStyle>('namespace', 'named', 'default'),
    put: putArb,
    checkpoint: fc.option(checkpointArb, { freq: 2 }),
    puts: fc.integer({ min: 2, max: 3 }),
    keys: fc.integer({ min: 1, max: 2 }),
    openDirSync: fc.constantFrom(true, true, true, false),
  })
  .map(normalize);

export function normalize(raw: ProgramSpec): ProgramSpec {
  const spec: ProgramSpec = structuredClone(raw);
  const put = spec.put;
  // sync kinds each style can write
  if (spec.style === 'sync' && (put.sync === 'unawaited' || put.sync === 'callback' || put.sync === 'callback-early')) put.sync = 'fsync';
  if (spec.style === 'promise' && (put.sync === 'callback' || put.sync === 'callback-early')) put.sync = 'unawaited';
  if (spec.style === 'callback' && put.sync === 'unawaited') put.sync = 'callback';
  // a callback fsync ends the function: it cannot sit in a loop body or a finally
  if (spec.style === 'callback' && (put.sync === 'callback' || put.sync === 'callback-early')) {
    if (put.placement === 'finally' || put.placement === 'loop-after') put.placement = 'straight';
    if (put.placement === 'loop-each' || put.placement === 'loop-first' || put.placement === 'both-branches') put.placement = 'branch';
  }
  if (put.kind !== 'log') {
    put.scope = 'local';
    put.flags = 'a';
    put.writeVia = 'direct';
    if (put.kind === 'oneshot') {
      put.sync = 'none';
      put.placement = 'straight';
    } else if (!['straight', 'branch', 'guard-true', 'guard-false'].includes(put.placement)) put.placement = 'straight';
    if (put.kind === 'snapshot' && put.snapWrite !== 'fd') {
      put.sync = 'none';
      put.placement = 'straight';
    }
    if (put.kind === 'snapshot' && spec.style === 'callback' && (put.sync === 'callback' || put.sync === 'callback-early')) put.sync = 'fsync';
  }
  if (put.sync === 'none' && put.placement !== 'finally' && !put.placement.startsWith('loop')) put.placement = 'straight';
  if (put.kind !== 'oneshot') put.flush = 'none';
  if (put.kind !== 'snapshot') {
    put.snapWrite = 'fd';
    put.renameDirSync = false;
  }
  if (spec.checkpoint) {
    const ck = spec.checkpoint;
    ck.at = Math.min(ck.at, spec.puts - 1);
    if (ck.dataSync === 'none') ck.dataSyncVia = 'fsync';
    if (ck.truncate === 'none') ck.logSync = false;
    // ftruncate needs the long-lived log handle
    if (ck.truncate === 'ftruncate' && !(put.kind === 'log' && put.scope === 'module')) ck.truncate = 'truncate-path';
  }
  spec.keys = Math.min(spec.keys, spec.puts);
  return spec;
}

export function sampleSpecs(count: number, seed: number): ProgramSpec[] {
  return fc.sample(programArb, { seed, numRuns: count });
}

/** The sync sites of a spec, each as a spec without it (for the "removing a sync never removes a report" check). */
export function withoutEachSync(spec: ProgramSpec): { site: string; spec: ProgramSpec }[] {
  const out: { site: string; spec: ProgramSpec }[] = [];
  const variant = (site: string, change: (s: ProgramSpec) => void) => {
    const copy = structuredClone(spec);
    change(copy);
    out.push({ site, spec: copy });
  };
  if (spec.put.sync !== 'none' && (spec.put.kind === 'log' || (spec.put.kind === 'snapshot' && spec.put.snapWrite === 'fd'))) {
    variant('put sync', (s) => {
      s.put.sync = 'none';
    });
  }
  if (spec.put.kind === 'snapshot' && spec.put.renameDirSync) {
    variant('directory sync', (s) => {
      s.put.renameDirSync = false;
    });
  }
  if (spec.checkpoint && spec.checkpoint.dataSync !== 'none') {
    variant('checkpoint data sync', (s) => {
      (s.checkpoint as CheckpointSpec).dataSync = 'none';
    });
  }
  if (spec.checkpoint?.logSync) {
    variant('checkpoint log sync', (s) => {
      (s.checkpoint as CheckpointSpec).logSync = false;
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

class Code {
  readonly lines: string[] = [];
  private depth = 0;
  line(text: string): this {
    this.lines.push(`${'  '.repeat(this.depth)}${text}`);
    return this;
  }
  block(head: string, body: () => void, tail = '}'): this {
    this.line(`${head} {`);
    this.depth++;
    body();
    this.depth--;
    return this.line(tail);
  }
}

/**
 * TypeScript source of the program; `importDir` is where this folder is, seen from the file (the program imports the
 * Workload type from ../scenario.ts and `recoverRecords` from ./runtime.ts).
 */
export function render(spec: ProgramSpec, importDir = '.'): string {
  const { style, put } = spec;
  const promise = style === 'promise';
  const fsNames = new Set<string>();
  const fspNames = new Set<string>();
  const fsCall = (name: string): string => {
    fsNames.add(name);
    return spec.imports === 'named' ? name : `fs.${name}`;
  };
  const fspCall = (name: string): string => {
    fspNames.add(name);
    return spec.imports === 'named' ? name : `fsp.${name}`;
  };
  const helpers = new Set<string>();
  const local = put.scope === 'local';
  const h = put.kind === 'log' ? (local ? (promise ? 'fh' : 'fd') : promise ? 'logFh' : 'logFd') : promise ? 'fh' : 'fd';

  // ---- statements ----
  const syncStmt = (kind: SyncKind, handle: string): string | undefined => {
    switch (kind) {
      case 'fsync':
        return promise ? `await ${handle}.sync();` : `${fsCall('fsyncSync')}(${handle});`;
      case 'fdatasync':
        return promise ? `await ${handle}.datasync();` : `${fsCall('fdatasyncSync')}(${handle});`;
      case 'helper':
        helpers.add('syncLog');
        return promise ? `await syncLog(${handle});` : `syncLog(${handle});`;
      case 'unawaited':
        return `${handle}.sync();`;
      case 'none':
        return undefined;
      default:
        return `${fsCall('fsyncSync')}(${handle});`; // callback kinds outside an exit (not reached: normalize)
    }
  };
  const writeStmt = (data: string): string => {
    if (put.writeVia === 'helper') {
      helpers.add('appendRecord');
      return promise ? `await appendRecord(${h}, ${data});` : `appendRecord(${h}, ${data});`;
    }
    return promise ? `await ${h}.write(${data});` : `${fsCall('writeSync')}(${h}, ${data});`;
  };
  const otherSync: SyncKind = put.sync === 'fsync' ? 'fdatasync' : put.sync === 'fdatasync' ? 'fsync' : put.sync;

  const code = new Code();
  // ---- imports ----
  const head: string[] = [];

  // ---- module state ----
  code.line(`let root = '';`);
  code.line(`let seq = 0;`);
  code.line(`const state = new Map<string, string>();`);
  if (put.kind === 'log' && !local) code.line(promise ? `let logFh: FileHandle | undefined;` : `let logFd = -1;`);
  if (put.placement === 'guard-true' || put.placement === 'guard-false') code.line(`const options = { syncWrites: ${put.placement === 'guard-true'} };`);
  code.line('');
  code.block(`function file(name: string): string`, () => code.line(`return path.join(root, name);`));
  code.line('');
  code.block(`function record(key: string, value: string): string`, () => {
    code.line('seq += 1;');
    code.line('const line = `${seq}:${key}=${value}\\n`;');
    code.line('state.set(key, line);');
    code.line('return line;');
  });
  code.line('');
  const usesSnapshot = put.kind === 'snapshot' || (put.kind === 'oneshot' && promise) || spec.checkpoint !== null;
  if (usesSnapshot) {
    code.block(`function snapshot(): string`, () => code.line(`return [...state.values()].join('');`));
    code.line('');
  }

  const handleExpr = put.kind === 'log' && !local && promise ? 'logFh' : h;
  const hh = put.kind === 'log' && !local && promise ? `${h}!` : h; // the handle as used in put

  // exits of put: what runs when put acknowledges (returns, resolves, calls back)
  const ackSync = (): void => {
    if (!spec.syncBeforeAck) return;
    if (put.kind === 'log') code.line(promise ? `await ${hh}.sync();` : `${fsCall('fsyncSync')}(${hh});`);
    else {
      helpers.add('syncPath');
      const target = put.kind === 'oneshot' ? (promise ? `file('snap')` : `file('log')`) : `file('snap')`;
      code.line(promise ? `await syncPath(${target});` : `syncPath(${target});`);
      if (put.kind === 'snapshot') {
        helpers.add('syncDir');
        code.line(promise ? 'await syncDir();' : 'syncDir();');
      }
    }
  };
  const closeLocal = (): void => {
    if (put.kind === 'log' && local) code.line(promise ? `await ${h}.close();` : `${fsCall('closeSync')}(${h});`);
  };
  /** The end of put on a path: sync (or not), close, acknowledge. `last` when it is the function's last statement. */
  const exit = (synced: boolean, last: boolean, kind: SyncKind = put.sync): void => {
    if (style === 'callback' && synced && (kind === 'callback' || kind === 'callback-early')) {
      const fsyncName = fsCall('fsync');
      if (kind === 'callback') {
        code.block(`${fsyncName}(${hh}, (err) =>`, () => {
          ackSync();
          closeLocal();
          code.line('cb(err);');
        }, '});');
      } else {
        if (put.kind === 'log' && local) code.block(`${fsyncName}(${hh}, () =>`, () => closeLocal(), '});');
        else code.line(`${fsyncName}(${hh}, () => {});`);
        ackSync();
        code.line('cb(null);');
      }
      if (!last) code.line('return;');
      return;
    }
    if (synced) {
      const s = syncStmt(kind, hh);
      if (s) code.line(s);
    }
    ackSync();
    closeLocal();
    if (style === 'callback') code.line('cb(null);');
    if (!last) code.line('return;');
  };

  const putSignature =
    style === 'callback'
      ? `export function put(key: string, value: string, n: number, cb: (err: Error | null) => void): void`
      : promise
        ? `export async function put(key: string, value: string, n: number): Promise<void>`
        : `export function put(key: string, value: string, n: number): void`;

  code.block(putSignature, () => {
    code.line(put.kind === 'snapshot' || (put.kind === 'oneshot' && promise) ? 'record(key, value);' : 'const line = record(key, value);');
    if (put.kind === 'log') {
      if (local) code.line(promise ? `const fh = await ${fspCall('open')}(file('log'), '${put.flags}');` : `const fd = ${fsCall('openSync')}(file('log'), '${put.flags}');`);
      const loop = (body: (part: string, index: string) => void, indexed: boolean) => {
        code.line(`const parts = [line.slice(0, 3), line.slice(3)];`);
        if (indexed) code.block(`for (let i = 0; i < parts.length; i++)`, () => body('parts[i]!', 'i'));
        else code.block(`for (const part of parts)`, () => body('part', ''));
      };
      switch (put.placement) {
        case 'straight':
          code.line(writeStmt('line'));
          exit(true, true);
          break;
        case 'branch':
          code.line(writeStmt('line'));
          code.block(`if (n % 2 === 0)`, () => exit(true, false));
          exit(false, true);
          break;
        case 'both-branches':
          code.line(writeStmt('line'));
          code.block(`if (n % 2 === 0)`, () => exit(true, false));
          exit(true, true, otherSync);
          break;
        case 'early-return':
          code.line(writeStmt('line'));
          code.block(`if (n % 2 === 1)`, () => exit(false, false));
          exit(true, true);
          break;
        case 'guard-true':
        case 'guard-false':
          code.line(writeStmt('line'));
          code.block(`if (options.syncWrites)`, () => exit(true, false));
          exit(false, true);
          break;
        case 'finally': {
          const s = syncStmt(put.sync, hh);
          code.block('try', () => code.line(writeStmt('line')));
          code.block('finally', () => {
            if (s) code.line(s);
          });
          exit(false, true);
          break;
        }
        case 'loop-after':
          loop((part) => code.line(writeStmt(part)), false);
          exit(true, true);
          break;
        case 'loop-each':
          loop((part) => {
            code.line(writeStmt(part));
            const s = syncStmt(put.sync, hh);
            if (s) code.line(s);
          }, false);
          exit(false, true);
          break;
        case 'loop-first':
          loop((part, i) => {
            code.line(writeStmt(part));
            const s = syncStmt(put.sync, hh);
            if (s) code.line(`if (${i} === 0) ${s}`);
          }, true);
          exit(false, true);
          break;
      }
    } else if (put.kind === 'oneshot') {
      if (promise) {
        const opts = put.flush === 'none' ? '' : put.flush === 'flush' ? ', { flush: true }' : `, { flush: true, encoding: 'utf8' }`;
        code.line(`await ${fspCall('writeFile')}(file('snap'), snapshot()${opts});`);
      } else {
        const opts = put.flush === 'none' ? '' : put.flush === 'flush' ? ', { flush: true }' : `, { flush: true, encoding: 'utf8' }`;
        code.line(`${fsCall('appendFileSync')}(file('log'), line${opts});`);
      }
      exit(false, true);
    } else {
      // snapshot: temp file + rename
      code.line(`const tmp = file('snap.tmp');`);
      const finish = () => {
        if (promise) code.line(`await ${fspCall('rename')}(tmp, file('snap'));`);
        else code.line(`${fsCall('renameSync')}(tmp, file('snap'));`);
        if (put.renameDirSync) {
          helpers.add('syncDir');
          code.line(promise ? 'await syncDir();' : 'syncDir();');
        }
      };
      if (put.snapWrite === 'fd') {
        code.line(promise ? `const fh = await ${fspCall('open')}(tmp, 'w');` : `const fd = ${fsCall('openSync')}(tmp, 'w');`);
        code.line(promise ? `await fh.write(snapshot());` : `${fsCall('writeSync')}(fd, snapshot());`);
        const s = syncStmt(put.sync, h);
        if (put.placement === 'branch') {
          if (s) code.block('if (n % 2 === 0)', () => code.line(s));
        } else if (put.placement === 'guard-true' || put.placement === 'guard-false') {
          if (s) code.block('if (options.syncWrites)', () => code.line(s));
        } else if (s) code.line(s);
        code.line(promise ? `await fh.close();` : `${fsCall('closeSync')}(fd);`);
      } else {
        const opts = put.snapWrite === 'writeFile-flush' ? ', { flush: true }' : '';
        code.line(promise ? `await ${fspCall('writeFile')}(tmp, snapshot()${opts});` : `${fsCall('writeFileSync')}(tmp, snapshot()${opts});`);
      }
      finish();
      exit(false, true);
    }
  });
  code.line('');

  // ---- checkpoint ----
  const ck = spec.checkpoint;
  if (ck) {
    const ckSync = (handle: string): string => {
      if (ck.dataSyncVia === 'helper') {
        helpers.add('syncLog');
        return promise ? `await syncLog(${handle});` : `syncLog(${handle});`;
      }
      if (promise) return ck.dataSyncVia === 'fsync' ? `await ${handle}.sync();` : `await ${handle}.datasync();`;
      return ck.dataSyncVia === 'fsync' ? `${fsCall('fsyncSync')}(${handle});` : `${fsCall('fdatasyncSync')}(${handle});`;
    };
    code.block(promise ? `export async function checkpoint(): Promise<void>` : `export function checkpoint(): void`, () => {
      const d = promise ? 'dfh' : 'dfd';
      code.line(promise ? `const dfh = await ${fspCall('open')}(file('data'), 'a');` : `const dfd = ${fsCall('openSync')}(file('data'), 'a');`);
      code.line(promise ? `await dfh.write(snapshot());` : `${fsCall('writeSync')}(dfd, snapshot());`);
      if (ck.dataSync === 'before') code.line(ckSync(d));
      switch (ck.truncate) {
        case 'ftruncate':
          code.line(promise ? `await logFh!.truncate(0);` : `${fsCall('ftruncateSync')}(logFd, 0);`);
          break;
        case 'truncate-path':
          code.line(promise ? `await ${fspCall('truncate')}(file('log'), 0);` : `${fsCall('truncateSync')}(file('log'), 0);`);
          break;
        case 'reopen-w':
          code.line(promise ? `await (await ${fspCall('open')}(file('log'), 'w')).close();` : `${fsCall('closeSync')}(${fsCall('openSync')}(file('log'), 'w'));`);
          break;
        case 'none':
          break;
      }
      if (ck.logSync) {
        if (put.kind === 'log' && !local) code.line(promise ? `await logFh!.sync();` : `${fsCall('fsyncSync')}(logFd);`);
        else {
          helpers.add('syncPath');
          code.line(promise ? `await syncPath(file('log'));` : `syncPath(file('log'));`);
        }
      }
      if (ck.dataSync === 'after') code.line(ckSync(d));
      code.line(promise ? `await dfh.close();` : `${fsCall('closeSync')}(dfd);`);
    });
    code.line('');
  }

  // ---- open / close / workload ----
  const tail = new Code();
  tail.block(promise ? `async function openStore(dir: string): Promise<void>` : `function openStore(dir: string): void`, () => {
    tail.line('root = dir;');
    tail.line('seq = 0;');
    tail.line('state.clear();');
    tail.block(`for (const name of ['log', 'data', 'snap'])`, () =>
      tail.line(promise ? `await (await ${fspCall('open')}(file(name), 'a')).close();` : `${fsCall('closeSync')}(${fsCall('openSync')}(file(name), 'a'));`),
    );
    if (put.kind === 'log' && !local) tail.line(promise ? `logFh = await ${fspCall('open')}(file('log'), '${put.flags}');` : `logFd = ${fsCall('openSync')}(file('log'), '${put.flags}');`);
    if (spec.openDirSync) {
      helpers.add('syncDir');
      tail.line(promise ? 'await syncDir();' : 'syncDir();');
    }
  });
  tail.line('');
  const moduleHandle = put.kind === 'log' && !local;
  if (moduleHandle) {
    tail.block(promise ? `async function closeStore(): Promise<void>` : `function closeStore(): void`, () => {
      tail.line(promise ? `await logFh!.close();` : `${fsCall('closeSync')}(logFd);`);
    });
    tail.line('');
  }
  tail.block(`export const workload: Workload =`, () => {
    tail.block(`async run(dir: string, recorder: AckRecorder): Promise<void>`, () => {
      tail.line(promise ? 'await openStore(dir);' : 'openStore(dir);');
      tail.block(`for (let n = 0; n < ${spec.puts}; n++)`, () => {
        tail.line(`const key = \`k\${n % ${spec.keys}}\`;`);
        tail.line('const value = `v${n}`;');
        tail.line('recorder.begin(key, value);');
        if (style === 'sync') {
          tail.line('put(key, value, n);');
          tail.line('recorder.ack(key);');
        } else if (promise) {
          tail.line('await put(key, value, n);');
          tail.line('recorder.ack(key);');
        } else {
          tail.block('await new Promise<void>((resolve, reject) =>', () => {
            tail.block('put(key, value, n, (err) =>', () => {
              tail.line('if (err) return reject(err);');
              tail.line('recorder.ack(key);');
              tail.line('resolve();');
            }, '});');
          }, '});');
        }
        if (ck) tail.line(`if (n === ${ck.at}) ${promise ? 'await checkpoint();' : 'checkpoint();'}`);
      });
      if (moduleHandle) tail.line(promise ? 'await closeStore();' : 'closeStore();');
    }, '},');
    tail.line('recover: recoverRecords,');
  }, '};');

  // ---- helpers ----
  const helperCode = new Code();
  if (helpers.has('appendRecord')) {
    helperCode.block(promise ? `async function appendRecord(handle: FileHandle, data: string): Promise<void>` : `function appendRecord(handle: number, data: string): void`, () =>
      helperCode.line(promise ? 'await handle.write(data);' : `${fsCall('writeSync')}(handle, data);`),
    );
    helperCode.line('');
  }
  if (helpers.has('syncLog')) {
    helperCode.block(promise ? `async function syncLog(handle: FileHandle): Promise<void>` : `function syncLog(handle: number): void`, () =>
      helperCode.line(promise ? 'await handle.sync();' : `${fsCall('fsyncSync')}(handle);`),
    );
    helperCode.line('');
  }
  if (helpers.has('syncPath')) {
    helperCode.block(promise ? `async function syncPath(p: string): Promise<void>` : `function syncPath(p: string): void`, () => {
      if (promise) {
        helperCode.line(`const handle = await ${fspCall('open')}(p, 'r');`);
        helperCode.line('await handle.sync();');
        helperCode.line('await handle.close();');
      } else {
        helperCode.line(`const handle = ${fsCall('openSync')}(p, 'r');`);
        helperCode.line(`${fsCall('fsyncSync')}(handle);`);
        helperCode.line(`${fsCall('closeSync')}(handle);`);
      }
    });
    helperCode.line('');
  }
  if (helpers.has('syncDir')) {
    helperCode.block(promise ? `async function syncDir(): Promise<void>` : `function syncDir(): void`, () => {
      if (promise) {
        helperCode.line(`const handle = await ${fspCall('open')}(root, 'r');`);
        helperCode.line('await handle.sync();');
        helperCode.line('await handle.close();');
      } else {
        helperCode.line(`const handle = ${fsCall('openSync')}(root, 'r');`);
        helperCode.line(`${fsCall('fsyncSync')}(handle);`);
        helperCode.line(`${fsCall('closeSync')}(handle);`);
      }
    });
    helperCode.line('');
  }

  if (spec.imports === 'named') {
    if (fsNames.size) head.push(`import { ${[...fsNames].sort().join(', ')} } from 'node:fs';`);
    if (promise || fspNames.size) {
      const names = [...fspNames].sort();
      if (promise) names.push('type FileHandle');
      head.push(`import { ${names.join(', ')} } from 'node:fs/promises';`);
    }
  } else {
    head.push(spec.imports === 'namespace' ? `import * as fs from 'node:fs';` : `import fs from 'node:fs';`);
    if (promise || fspNames.size) head.push(spec.imports === 'namespace' ? `import * as fsp from 'node:fs/promises';` : `import fsp from 'node:fs/promises';`);
    if (promise) head.push(`import type { FileHandle } from 'node:fs/promises';`);
  }
  head.push(`import path from 'node:path';`);
  head.push(`import type { AckRecorder, Workload } from '${importDir === '.' ? '..' : `${importDir}/..`}/scenario.js';`);
  head.push(`import { recoverRecords } from '${importDir}/runtime.js';`);
  void handleExpr;
  return [`// generated: ${describe(spec)}`, ...head, '', ...code.lines, ...helperCode.lines, ...tail.lines, ''].join('\n');
}

/** One line: the choices that matter. */
export function describe(spec: ProgramSpec): string {
  const p = spec.put;
  const parts = [`${spec.style}`, `${spec.imports} imports`, `${spec.puts} puts`];
  if (p.kind === 'log') parts.push(`log (${p.scope} handle, '${p.flags}', write ${p.writeVia}), sync ${p.sync} ${p.placement}`);
  else if (p.kind === 'oneshot') parts.push(`${spec.style === 'promise' ? 'writeFile' : 'appendFileSync'} ${p.flush}`);
  else parts.push(`snapshot (${p.snapWrite}${p.snapWrite === 'fd' ? `, sync ${p.sync} ${p.placement}` : ''}, rename${p.renameDirSync ? ' + dir fsync' : ', no dir fsync'})`);
  const ck = spec.checkpoint;
  if (ck) parts.push(`checkpoint after put ${ck.at} (data sync ${ck.dataSync}${ck.dataSync !== 'none' ? ` via ${ck.dataSyncVia}` : ''}, truncate ${ck.truncate}${ck.logSync ? ', log synced' : ''})`);
  if (spec.syncBeforeAck) parts.push('sync before every ack');
  return parts.join('; ');
}
