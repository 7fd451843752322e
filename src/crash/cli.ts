/**
 * durability-crash <workload> [--json] [--images N] [--seed N] [--fail-fsync N] [--fs posix|ext4]
 * Runs crashTest on a workload module and prints the result (text or JSON); the exit code is the result's
 * (0 nothing lost, 1 a loss, 2 a usage or workload error).
 */
import { existsSync } from 'node:fs';
import { crashTest, type CrashTestOptions } from './crash-test.js';
import { formatResult } from './format.js';

const USAGE = `usage: durability-crash <workload.mjs|.cjs|.js> [options]

A workload module exports run({ dir, acknowledge }) and recover({ dir }) (see docs/crash.md).
  --json             print { images, lost, examples: [...] } as JSON
  --images N         recover at most N distinct crash images, a seeded sample above it (default 2000)
  --seed N           seed of every random choice (default 42)
  --fail-fsync N     the N-th fsync fails with EIO, its data never reaches the disk
  --fs posix|ext4    posix (default): what any file system may do; ext4: with ext4's default auto_da_alloc
                     (replace-by-rename and truncate-then-rewrite flush the new data first)`;

function number(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n < 0) throw new Error(`${name} needs a whole number`);
  return n;
}

export async function run(argv: string[], out: (text: string) => void = (t) => process.stdout.write(`${t}\n`), err: (text: string) => void = (t) => process.stderr.write(`${t}\n`)): Promise<number> {
  let json = false;
  let file: string | undefined;
  const options: CrashTestOptions = {};
  try {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i] as string;
      if (arg === '--json') json = true;
      else if (arg === '--images') options.images = number(argv[++i], arg);
      else if (arg === '--seed') options.seed = number(argv[++i], arg);
      else if (arg === '--fail-fsync') options.failFsync = number(argv[++i], arg);
      else if (arg === '--fs') {
        const mode = argv[++i];
        if (mode !== 'posix' && mode !== 'ext4') throw new Error('--fs is posix or ext4');
        options.fs = mode;
      } else if (arg === '--help' || arg === '-h') {
        out(USAGE);
        return 0;
      } else if (arg.startsWith('-') || file !== undefined) throw new Error(`unknown argument ${arg}`);
      else file = arg;
    }
    if (file === undefined) throw new Error('no workload given');
    if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  } catch (error) {
    err(`durability-crash: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const started = Date.now();
  options.progress = (line) => {
    if (Date.now() - started > 2000) err(line);
  };
  const result = await crashTest(file, options);
  if (json) out(JSON.stringify({ images: result.images, imagesSkipped: result.imagesSkipped, lost: result.lost, acknowledged: result.acknowledged, fs: result.fs, seed: result.seed, warnings: result.warnings, error: result.error, examples: result.examples }, null, 2));
  else out(formatResult(result));
  if (json) for (const warning of result.warnings) err(`warning: ${warning}`);
  return result.exitCode;
}
