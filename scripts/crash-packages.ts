/**
 * npm run crash-packages: the README's package table from scratch. Runs durability-crash on every workload in
 * examples/crash/packages/ under both file-system models, and durability-check (recommended, strict) on a copy of each
 * package's installed source (ESLint skips node_modules, so the copy lives in a temporary folder; a package's own nested
 * node_modules stay skipped: node-localstorage's write-file-atomic 5 is linted by hand, see the README). Prints one block per package.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crashTest } from '../src/crash/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workloads = path.join(repo, 'examples/crash/packages');
/** The packages whose source each workload runs (a package the workload's package calls into counts too). */
const SOURCES: Record<string, string[]> = {
  nconf: ['nconf'],
  'fs-jetpack': ['fs-jetpack'],
  lowdb: ['lowdb', 'steno'],
  'fs-extra': ['fs-extra', 'jsonfile'],
  'write-file-atomic': ['write-file-atomic'],
  'node-localstorage': ['node-localstorage'],
  'fs-write-stream-atomic': ['fs-write-stream-atomic'],
  atomically: ['atomically'],
};

function lint(packages: string[], config: string): string {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'crash-packages-'));
  try {
    // copied without the node_modules skip; a 'dist' folder is renamed (the checker's walk skips dist/)
    for (const name of packages) cpSync(path.join(repo, 'node_modules', name), path.join(tmp, name), { recursive: true, filter: (src) => !src.endsWith('.d.ts') });
    const files = (readdirSync(tmp, { recursive: true }) as string[]).filter((f) => /\.(c|m)?js$/.test(f)).map((f) => path.join(tmp, f));
    try {
      return execFileSync(process.execPath, [path.join(repo, 'bin/durability-check.js'), '--untyped', '-c', config, ...files], { cwd: tmp, encoding: 'utf8' }).replaceAll(tmp + path.sep, '');
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? error).replaceAll(tmp + path.sep, '');
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

for (const file of readdirSync(workloads).sort()) {
  const name = file.replace(/\.workload\.(c|m)?js$/, '');
  const version = (JSON.parse(readFileSync(path.join(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  console.log(`## ${name} ${version}`);
  for (const fs of ['posix', 'ext4'] as const) {
    const result = await crashTest(path.join(workloads, file), { fs });
    const kinds = [...new Set(result.examples.map((e) => e.kind))].join(', ');
    console.log(`  --fs ${fs}: exit ${result.exitCode}, ${result.images} images, ${result.lost} lost (${kinds || 'nothing'})${result.error ? `: ${result.error}` : ''}`);
  }
  for (const config of ['recommended', 'strict']) console.log(`  lint ${config}:\n${lint(SOURCES[name] ?? [name], config).trim().replace(/^/gm, '    ')}`);
}
