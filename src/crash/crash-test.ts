/**
 * crashTest(workload): runs a user's workload module once against the model file system in a throw-away directory,
 * recovers every crash image with a fresh instance of the module, and says which acknowledged writes came back
 * wrong, each kind of loss with the image that shows it. Inputs: the module's path and options; output: CrashTestResult.
 */
import { mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simulate, type Loss, type LossKind } from './simulate.js';
import { instanceLoader, WorkloadError } from './instances.js';
import type { DiskImage } from './model-fs.js';

export interface CrashTestOptions {
  /** Most distinct crash images recovered (a seeded sample above it). Default 2000. */
  images?: number;
  /** Seed of every random choice (which pages a crash keeps, torn sectors, the sample). Default 42. */
  seed?: number;
  /** Fault injection: the N-th fsync (1-based) fails with EIO and its data never reaches the disk. */
  failFsync?: number;
  /**
   * 'posix' (default): only what POSIX promises, what any file system may do. 'ext4': ext4's default auto_da_alloc
   * as well: a rename over an existing file and the close of a file truncated to 0 flush the file's data first.
   */
  fs?: 'posix' | 'ext4';
  /** Random subsets of the unsynced operations per crash point (default 6). */
  randomSubsets?: number;
  /** A line now and then while the images are recovered. */
  progress?: (line: string) => void;
}

export interface CrashImageFile {
  path: string;
  bytes: number;
  /** The start of the file as text (JSON-escaped by the CLI), '' for an empty file; directories end with '/'. */
  content: string;
}

export interface CrashExample {
  kind: LossKind;
  /** The fs operation (or acknowledgement) the crash came after, and its number in the run. */
  crashAfter: string;
  crashPoint: number;
  /** How the image arose (power loss, process crash, a prefix or a subset of the unsynced operations). */
  state: string;
  /** The unsynced operations the image kept, lost and tore. */
  kept: string[];
  lost: string[];
  torn: string[];
  /** The key that came back wrong ('(recovery)' when recovery threw), its last acknowledged value and what came back, as JSON ('absent': none). */
  key: string;
  expected: string;
  found: string;
  /** The files of the crash image, relative to `dir`. */
  image: CrashImageFile[];
}

export interface CrashTestResult {
  ok: boolean;
  /** 0 nothing lost, 1 an acknowledged write lost (or recovery threw), 2 a workload or usage error. */
  exitCode: 0 | 1 | 2;
  images: number;
  imagesSkipped: number;
  /** Distinct acknowledged writes lost, a recovery that threw counted once. */
  lost: number;
  acknowledged: number;
  /** fs calls that reached the model (run and recoveries). */
  modelCalls: number;
  /** One example per lost write, kind of loss and shape of the image (its empty files, a torn page), in crash order. */
  examples: CrashExample[];
  warnings: string[];
  error?: string;
  seed: number;
  fs: 'posix' | 'ext4';
}

/** Keys sorted: two equal values have one text. */
export function canonical(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    return v;
  };
  return JSON.stringify(sort(value));
}

function entriesOf(recovered: unknown): Map<string, unknown> {
  if (recovered instanceof Map) return recovered as Map<string, unknown>;
  if (recovered && typeof recovered === 'object') return new Map(Object.entries(recovered));
  if (recovered === undefined || recovered === null) return new Map();
  throw new WorkloadError(`recover() must return an object or a Map, not ${typeof recovered}`);
}

function describeImage(image: DiskImage, dir: string): CrashImageFile[] {
  const files: CrashImageFile[] = [];
  for (const [name, bytes] of [...image].sort(([a], [b]) => a.localeCompare(b))) {
    const isDir = name.endsWith('/');
    const relative = path.relative(dir, isDir ? name.slice(0, -1) : name);
    if (relative === '' || relative.startsWith('..')) continue;
    const text = bytes.subarray(0, 120).toString('utf8');
    files.push({ path: isDir ? `${relative}/` : relative, bytes: bytes.length, content: bytes.length > 120 ? `${text}...` : text });
  }
  return files;
}

function example(loss: Loss, dir: string): CrashExample {
  const { kind, crashAfter, crashPoint, state, kept, lost, torn, key } = loss;
  // the values are canonical JSON: shown as they are ('absent' for none), a recovery's exception as its message
  const expected = kind === 'recovery throws' ? 'recovery to succeed' : (loss.expectedValue ?? 'absent');
  const found = kind === 'recovery throws' ? loss.found : (loss.foundValue ?? 'absent');
  return { kind, crashAfter, crashPoint, state, kept, lost, torn, key, expected, found, image: describeImage(loss.image, dir) };
}

// The model replaces the process's one `fs`: crash tests of one process run one at a time
const queueKey = Symbol.for('eslint-plugin-durability.crash.queue');

export function crashTest(workloadFile: string, options: CrashTestOptions = {}): Promise<CrashTestResult> {
  const g = globalThis as Record<symbol, Promise<unknown> | undefined>;
  const next = (g[queueKey] ?? Promise.resolve()).then(() => crashTestNow(workloadFile, options));
  g[queueKey] = next.catch(() => undefined);
  return next;
}

async function crashTestNow(workloadFile: string, options: CrashTestOptions): Promise<CrashTestResult> {
  const seed = options.seed ?? 42;
  const fsMode = options.fs ?? 'posix';
  const base = { ok: false, images: 0, imagesSkipped: 0, lost: 0, acknowledged: 0, modelCalls: 0, examples: [], warnings: [] as string[], seed, fs: fsMode };
  // the model's root: a real, empty throw-away directory, so a call that escapes the model lands (and is seen) there
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'durability-crash-')));
  const dir = path.join(root, 'data');
  const loader = instanceLoader(workloadFile);
  let modelCalls = 0;
  try {
    const result = await simulate(
      {
        async run(runDir, recorder) {
          const instance = await loader.load();
          const report = (key: unknown, value: unknown) => {
            if (typeof key !== 'string') throw new WorkloadError(`acknowledge(key, value): the key must be a string, not ${typeof key}`);
            recorder.begin(key, canonical(value));
          };
          await instance.run({
            dir: runDir,
            begin: report,
            acknowledge(key: string, value: unknown) {
              report(key, value);
              recorder.ack(key);
            },
          });
        },
        async recover(recoverDir, keys) {
          const instance = await loader.load();
          const found = entriesOf(await instance.recover({ dir: recoverDir }));
          return new Map(keys.map((key) => [key, canonical(found.get(key))]));
        },
      },
      {
        seed,
        root,
        dir,
        guardOutside: true,
        laterAcksInFlight: true,
        autoDaAlloc: fsMode === 'ext4',
        failFsyncNumber: options.failFsync,
        maxImages: options.images ?? 2000,
        randomSubsets: options.randomSubsets,
        onProgress: (done, total) => options.progress?.(`durability-crash: ${done}/${total} crash images recovered`),
        onModelCall: () => modelCalls++,
      },
    );
    const warnings: string[] = [];
    if (result.acknowledged > 0 && modelCalls === 0)
      warnings.push(`the workload acknowledged ${result.acknowledged} write(s) but no fs call reached the model: code that writes through a native addon (leveldown, sqlite), a child process or a path outside \`dir\` is not tested`);
    const escaped = readdirSync(root);
    if (escaped.length > 0) warnings.push(`something wrote to the real disk, not the model (a native addon or a child process?): ${escaped.join(', ')} in ${root}`);
    // the files as the run left them, no crash: a recover that throws there is broken (2); one that reads back wrong
    // values shows a store that loses without a crash, on a plain restart (1)
    if (result.sanityError && result.sanityError.includes('recovery threw'))
      return { ...base, ...counts(result), modelCalls, warnings, exitCode: 2, error: `workload error: ${result.sanityError}` };
    if (result.sanityError) return { ...base, ...counts(result), lost: Math.max(1, result.lost), modelCalls, warnings, exitCode: 1, error: `lost without a crash (a plain restart): ${result.sanityError}` };
    return { ...base, ...counts(result), modelCalls, warnings, ok: result.lost === 0, exitCode: result.lost === 0 ? 0 : 1, examples: result.losses.map((loss) => example(loss, dir)) };
  } catch (error) {
    return { ...base, modelCalls, exitCode: 2, error: `workload error: ${(error as Error).stack ?? String(error)}` };
  } finally {
    loader.close();
    rmSync(root, { recursive: true, force: true });
  }
}

function counts(result: { images: number; imagesSkipped: number; lost: number; acknowledged: number }) {
  return { images: result.images, imagesSkipped: result.imagesSkipped, lost: result.lost, acknowledged: result.acknowledged };
}
