/**
 * This package's own package.json and docs (never the checked project's): name, version, where the docs live.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  name: string;
  version: string;
  /** The package folder. */
  dir: string;
  /** An absolute URL about the tool, for SARIF `informationUri`. */
  informationUri: string;
  /** The absolute URL of a page of this package's docs, e.g. `docs/cli.md`. */
  docUri(page: string): string;
  /** The absolute URL of a rule's page (docs/rules/<rule>.md). */
  ruleHelpUri(rule: string): string;
}

let cached: PackageInfo | undefined;

function repositoryUrl(pkg: { repository?: string | { url?: string } }): string | undefined {
  const raw = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (!raw) return undefined;
  const url = raw.replace(/^git\+/, '').replace(/\.git$/, '').replace(/^git:\/\//, 'https://');
  if (/^github:/.test(url)) return `https://github.com/${url.slice('github:'.length)}`;
  if (/^[\w.-]+\/[\w.-]+$/.test(url)) return `https://github.com/${url}`;
  return /^https?:\/\//.test(url) ? url : undefined;
}

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  // src/cli/*.ts runs from the repo, dist/src/cli/*.js from a build: package.json is two or three levels up.
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [path.resolve(here, '../..'), path.resolve(here, '../../..')]) {
    let pkg: { name?: string; version?: string; homepage?: string; repository?: string | { url?: string } };
    try {
      pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (pkg.name !== 'eslint-plugin-durability') continue;
    const name = pkg.name;
    const version = pkg.version ?? '0.0.0';
    const repo = repositoryUrl(pkg);
    // Without a repository field, point at the published package's files (the docs ship with it).
    const docsBase = repo ? `${repo}/blob/v${version}/` : `https://unpkg.com/${name}@${version}/`;
    cached = {
      name,
      version,
      dir,
      informationUri: repo ?? pkg.homepage ?? `https://www.npmjs.com/package/${name}`,
      docUri: (page) => `${docsBase}${page}`,
      ruleHelpUri: (rule) => `${docsBase}docs/rules/${rule}.md`,
    };
    return cached;
  }
  cached = {
    name: 'eslint-plugin-durability',
    version: '0.0.0',
    dir: path.resolve(here, '../..'),
    informationUri: 'https://www.npmjs.com/package/eslint-plugin-durability',
    docUri: (page) => `https://unpkg.com/eslint-plugin-durability/${page}`,
    ruleHelpUri: (rule) => `https://unpkg.com/eslint-plugin-durability/docs/rules/${rule}.md`,
  };
  return cached;
}

/** The rule's page, docs/rules/<rule>.md, from this package; undefined when it is not there. */
export function ruleDoc(rule: string): string | undefined {
  try {
    return readFileSync(path.join(packageInfo().dir, 'docs', 'rules', `${rule}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
