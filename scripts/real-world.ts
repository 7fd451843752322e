/**
 * npm run real-world -- [--sources DIR] [--repo owner/name] [--verbose] [--json]
 *
 * The real-world benchmark: lints the listed paths of each repository in scripts/real-world/corpus.json at its pinned
 * commit with the plugin's sources (recommended and strict, untyped), and prints bugs found, correct and tradeoff
 * sites flagged, reports on no labelled site, and crashes, per repository and in total (see docs/real-world.md).
 *
 * Sources: `--sources DIR` reads existing git directories laid out as DIR/<owner>+<name>/repo (bare or with a work
 * tree); without it each repository is cloned (blobless) and checked out at its commit under .tmp/real-world/clones,
 * which needs the network. Never loads or runs the linted code. Exit 0 (a measurement, not a gate), 1 when no
 * repository could be read, 2 on a usage error.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../src/index.js';
import { type Corpus, type CorpusRepo, type RepoLint, type Score, markdownTable, score, totalsLine } from './real-world/scoring.js';

const CONFIGS = ['recommended', 'strict'] as const;
type ConfigName = (typeof CONFIGS)[number];
const SOURCE_GLOBS = ['**/*.js', '**/*.cjs', '**/*.mjs', '**/*.jsx', '**/*.ts', '**/*.cts', '**/*.mts', '**/*.tsx'];

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workDir = path.join(projectRoot, '.tmp', 'real-world');
const corpus = JSON.parse(readFileSync(path.join(projectRoot, 'scripts', 'real-world', 'corpus.json'), 'utf8')) as Corpus;

interface Options {
  sources?: string;
  repo?: string;
  verbose: boolean;
  json: boolean;
}

function usage(message: string): never {
  console.error(`${message}\nusage: npm run real-world -- [--sources DIR] [--repo owner/name] [--verbose] [--json]`);
  process.exit(2);
}

function parseArgs(args: string[]): Options {
  const options: Options = { verbose: false, json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--verbose') options.verbose = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--sources' || arg === '--repo') {
      const value = args[++i];
      if (!value || value.startsWith('--')) usage(`${arg} needs a value`);
      if (arg === '--sources') options.sources = path.resolve(value);
      else options.repo = value;
    } else usage(`unknown argument ${arg}`);
  }
  if (options.sources && !existsSync(options.sources)) usage(`--sources ${options.sources}: no such folder`);
  if (options.repo && !corpus.repos.some((r) => r.repo === options.repo)) usage(`--repo ${options.repo} is not in the corpus`);
  return options;
}

const folderName = (repo: string) => repo.replace('/', '+');

/** The git directory of a checkout in DIR/<owner>+<name>/repo: bare, or the .git of a work tree. */
function gitDirIn(sources: string, repo: string): string | undefined {
  const base = path.join(sources, folderName(repo), 'repo');
  if (existsSync(path.join(base, '.git'))) return path.join(base, '.git');
  return existsSync(path.join(base, 'HEAD')) ? base : undefined;
}

/**
 * Clones a repository without blobs and checks out its pinned commit (which fetches the blobs of that tree only), in
 * the DIR/<owner>+<name>/repo layout that --sources reads. Needs the network; not exercised by the tests.
 */
function cloneAt(entry: CorpusRepo, clones: string): void {
  const target = path.join(clones, folderName(entry.repo), 'repo');
  const git = (...args: string[]) => execFileSync('git', ['-C', target, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (!existsSync(path.join(target, '.git'))) {
    mkdirSync(path.dirname(target), { recursive: true });
    execFileSync('git', ['clone', '--quiet', '--filter=blob:none', '--no-checkout', `https://github.com/${entry.repo}.git`, target], { stdio: ['ignore', 'ignore', 'pipe'] });
  }
  // the pinned commit may be on no branch the clone fetched
  if (spawnSync('git', ['-C', target, 'cat-file', '-e', `${entry.commit}^{commit}`]).status !== 0) git('fetch', '--quiet', '--filter=blob:none', 'origin', entry.commit);
  git('-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', entry.commit);
}

/**
 * Extracts the tree of `commit` into `dest`: the whole tree, so that helpers imported from other modules are seen.
 * Some snapshots lack large blobs and `git archive` then fails: the fallback writes every blob that exists (one
 * `git cat-file --batch`), and returns the listed paths that it could not write.
 */
function extract(gitDir: string, commit: string, paths: readonly string[], dest: string): string[] {
  const done = path.join(dest, '.extracted');
  if (existsSync(done)) return paths.filter((p) => !existsSync(path.join(dest, p)));
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const archive = spawnSync('git', ['--git-dir', gitDir, 'archive', commit], { maxBuffer: 2 ** 31, stdio: ['ignore', 'pipe', 'ignore'] });
  if (archive.status === 0) {
    execFileSync('tar', ['-x', '-C', dest], { input: archive.stdout, maxBuffer: 2 ** 31 });
  } else {
    const listing = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', commit], { maxBuffer: 2 ** 30 }).toString('utf8');
    const blobs = listing
      .split('\0')
      .filter(Boolean)
      .map((entry) => {
        const [meta, file] = entry.split('\t') as [string, string];
        const [mode, type, sha] = meta.split(' ') as [string, string, string];
        return { mode, type, sha, file };
      })
      .filter((b) => b.type === 'blob' && b.mode !== '120000'); // no submodules, no symlinks
    const batch = spawnSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], {
      input: blobs.map((b) => b.sha).join('\n') + '\n',
      maxBuffer: 2 ** 31,
    });
    const out = batch.stdout;
    let at = 0;
    for (const blob of blobs) {
      const end = out.indexOf(0x0a, at);
      const header = out.subarray(at, end).toString('utf8').split(' ');
      at = end + 1;
      if (header[1] !== 'blob') continue; // "<sha> missing"
      const size = Number(header[2]);
      const file = path.join(dest, blob.file);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, out.subarray(at, at + size));
      at += size + 1;
    }
  }
  writeFileSync(done, `${commit}\n`);
  return paths.filter((p) => !existsSync(path.join(dest, p)));
}

/**
 * The Linter set-up, in one place so that a shared helper can replace it: the plugin's config on every JS/TS file,
 * untyped, parsed by typescript-eslint's parser. cwd is the repository root: cross-module summaries read its modules.
 */
function createLint(root: string, config: ConfigName): (file: string, text: string) => Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat', cwd: root });
  const configs: Linter.Config[] = [
    { files: SOURCE_GLOBS, languageOptions: { parser: tsParser as never, ecmaVersion: 'latest', sourceType: 'module' } },
    { ...(plugin.configs[config] as Linter.Config), files: SOURCE_GLOBS },
  ];
  return (file, text) => linter.verify(text, configs, file);
}

function lintRepo(root: string, paths: readonly string[], config: ConfigName): RepoLint {
  const lint = createLint(root, config);
  const result: RepoLint = { reports: [], crashes: 0 };
  for (const relative of paths) {
    const file = path.join(root, relative);
    if (!existsSync(file)) continue;
    let messages: Linter.LintMessage[];
    try {
      messages = lint(file, readFileSync(file, 'utf8'));
    } catch (error) {
      result.crashes++;
      console.error(`CRASH ${relative}: ${String((error as Error).message).split('\n')[0]}`);
      continue;
    }
    for (const m of messages) {
      if (m.fatal) {
        result.crashes++;
        console.error(`CRASH ${relative}:${m.line} ${m.message}`);
      } else if (m.ruleId?.startsWith('durability/')) {
        result.reports.push({ file: relative, line: m.line, ruleId: m.ruleId, message: m.message });
      }
    }
  }
  return result;
}

function printVerbose(config: ConfigName, result: Score): void {
  console.log(`\n## ${config}\n`);
  for (const { site, hits } of result.sites) {
    const rules = [...new Set(hits.map((h) => h.ruleId.replace('durability/', '')))].join(',');
    console.log(`${hits.length ? 'FOUND ' : 'silent'} ${site.label.padEnd(8)} ${site.id} ${site.repo} ${site.file}:${site.line} [${site.kind}] ${rules}`);
    console.log(`       ${site.why}`);
  }
  for (const u of result.unlabelled) console.log(`unlabelled ${u.repo} ${u.file}:${u.line} ${u.ruleId} ${u.message}`);
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const repos = corpus.repos.filter((r) => !options.repo || r.repo === options.repo);
  const sources = options.sources ?? path.join(workDir, 'clones');
  const linted: Record<ConfigName, Map<string, RepoLint>> = { recommended: new Map(), strict: new Map() };
  const skipped: string[] = [];
  repos.forEach((entry, index) => {
    const started = Date.now();
    const progress = `[${index + 1}/${repos.length}] ${entry.repo}`;
    try {
      if (!options.sources) cloneAt(entry, sources);
    } catch (error) {
      skipped.push(entry.repo);
      // git's own last words say why (no network, no such commit), not the command line
      const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim().split('\n').pop();
      console.error(`${progress}: clone failed, skipped: ${stderr || (error as Error).message}`);
      return;
    }
    const gitDir = gitDirIn(sources, entry.repo);
    if (!gitDir) {
      skipped.push(entry.repo);
      console.error(`${progress}: no git directory under ${sources}, skipped`);
      return;
    }
    const root = path.join(workDir, 'src', `${folderName(entry.repo)}-${entry.commit.slice(0, 10)}`);
    const absent = extract(gitDir, entry.commit, entry.paths, root);
    if (absent.length) console.error(`${progress}: listed paths missing at ${entry.commit.slice(0, 10)}: ${absent.join(', ')}`);
    const counts = CONFIGS.map((config) => {
      const result = lintRepo(root, entry.paths, config);
      linted[config].set(entry.repo, result);
      return `${config} ${result.reports.length} reports`;
    });
    console.error(`${progress}: ${entry.paths.length - absent.length} files, ${counts.join(', ')} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  });
  if (skipped.length === repos.length) {
    console.error('no repository could be read');
    process.exit(1);
  }
  const scores = CONFIGS.map((config) => score(corpus.sites, linted[config]));
  const read = repos.map((r) => r.repo).filter((r) => !skipped.includes(r));
  if (options.json) {
    const asJson = (s: Score) => ({
      total: s.total,
      perRepo: Object.fromEntries(s.perRepo),
      sites: s.sites.map(({ site, hits }) => ({ id: site.id, label: site.label, found: hits.length > 0, rules: [...new Set(hits.map((h) => h.ruleId))] })),
      unlabelled: s.unlabelled,
    });
    console.log(JSON.stringify({ skipped, ...Object.fromEntries(CONFIGS.map((c, i) => [c, asJson(scores[i] as Score)])) }, null, 1));
    return;
  }
  if (options.verbose) CONFIGS.forEach((config, i) => printVerbose(config, scores[i] as Score));
  console.log(`\n${markdownTable(CONFIGS, scores, read)}\n`);
  CONFIGS.forEach((config, i) => console.log(totalsLine(config, (scores[i] as Score).total)));
  if (skipped.length) console.log(`skipped (no sources): ${skipped.join(', ')}`);
}

main();
