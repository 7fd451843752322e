import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Corpus, LABELS } from './scoring.js';

const corpus = JSON.parse(readFileSync(new URL('./corpus.json', import.meta.url), 'utf8')) as Corpus;

describe('real-world corpus', () => {
  it('pins every repository to a full commit and lists the files to lint', () => {
    for (const repo of corpus.repos) {
      expect(repo.commit, repo.repo).toMatch(/^[0-9a-f]{40}$/);
      expect(repo.paths.length, repo.repo).toBeGreaterThan(0);
      expect(repo.promise.length, repo.repo).toBeGreaterThan(0);
    }
    expect(new Set(corpus.repos.map((r) => r.repo)).size).toBe(corpus.repos.length);
  });

  it('places every site in a linted file of a listed repository, with a label and a reason', () => {
    const paths = new Map(corpus.repos.map((r) => [r.repo, new Set(r.paths)]));
    for (const site of corpus.sites) {
      expect(paths.get(site.repo)?.has(site.file), `${site.id}: ${site.repo} ${site.file}`).toBe(true);
      expect(LABELS, site.id).toContain(site.label);
      expect(site.line, site.id).toBeGreaterThan(0);
      expect(site.why.length, site.id).toBeGreaterThan(20);
    }
    expect(new Set(corpus.sites.map((s) => s.id)).size).toBe(corpus.sites.length);
  });
});
