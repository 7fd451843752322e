/**
 * The arithmetic of the real-world benchmark (`npm run real-world`): which lint reports count for which labelled site,
 * and the tallies per repository and in total. Pure: no git, no linting, so it is unit-tested on a synthetic corpus.
 * The rules are those of ../shared/wild/score.mjs, so the two agree on the same sources.
 */

/** A report this many lines away from a site's line (or one of its alt_lines) still counts for the site. */
export const WINDOW = 3;

export const LABELS = ['bug', 'correct', 'tradeoff'] as const;
export type Label = (typeof LABELS)[number];

export interface CorpusRepo {
  repo: string;
  commit: string;
  /** the library files to lint, relative to the repository root */
  paths: string[];
  /** what the project documents about durability, in our words */
  promise: string;
}

export interface CorpusSite {
  id: string;
  repo: string;
  file: string;
  line: number;
  /** other lines of the same file where a report is equally right */
  alt_lines?: number[];
  label: Label;
  kind: string;
  /** our reading of the code: what it does and why it loses or keeps data */
  why: string;
  confidence: string;
}

export interface Corpus {
  about: string;
  repos: CorpusRepo[];
  sites: CorpusSite[];
}

export interface LintReport {
  file: string;
  line: number;
  ruleId: string;
  message: string;
}

export interface Tally {
  flagged: number;
  total: number;
}

export interface RepoScore {
  bug: Tally;
  correct: Tally;
  tradeoff: Tally;
  /** reports within the window of no labelled site */
  unlabelled: number;
  crashes: number;
}

export interface SiteResult {
  site: CorpusSite;
  hits: LintReport[];
}

export interface Score {
  perRepo: Map<string, RepoScore>;
  total: RepoScore;
  sites: SiteResult[];
  unlabelled: (LintReport & { repo: string })[];
}

/** What linting one repository gave: its durability reports, and the files where linting threw or could not parse. */
export interface RepoLint {
  reports: LintReport[];
  crashes: number;
}

const emptyScore = (): RepoScore => ({
  bug: { flagged: 0, total: 0 },
  correct: { flagged: 0, total: 0 },
  tradeoff: { flagged: 0, total: 0 },
  unlabelled: 0,
  crashes: 0,
});

/** The reports that count for a site: same file, within WINDOW lines of its line or of an alt_line. */
export function hitsFor(site: CorpusSite, reports: readonly LintReport[]): LintReport[] {
  const lines = [site.line, ...(site.alt_lines ?? [])];
  return reports.filter((r) => r.file === site.file && lines.some((l) => Math.abs(r.line - l) <= WINDOW));
}

/**
 * Scores the sites of the repositories that were linted (a repository missing from `linted` is skipped, its sites
 * uncounted). One report may count for several sites; a report that counts for none is unlabelled.
 */
export function score(sites: readonly CorpusSite[], linted: ReadonlyMap<string, RepoLint>): Score {
  const perRepo = new Map<string, RepoScore>();
  const total = emptyScore();
  for (const [repo, lint] of linted) {
    const row = emptyScore();
    row.crashes = lint.crashes;
    total.crashes += lint.crashes;
    perRepo.set(repo, row);
  }
  const used = new Set<LintReport>();
  const results: SiteResult[] = [];
  for (const site of sites) {
    const lint = linted.get(site.repo);
    const row = perRepo.get(site.repo);
    if (!lint || !row) continue;
    const hits = hitsFor(site, lint.reports);
    for (const hit of hits) used.add(hit);
    row[site.label].total++;
    total[site.label].total++;
    if (hits.length > 0) {
      row[site.label].flagged++;
      total[site.label].flagged++;
    }
    results.push({ site, hits });
  }
  const unlabelled: Score['unlabelled'] = [];
  for (const [repo, lint] of linted) {
    for (const report of lint.reports) {
      if (used.has(report)) continue;
      unlabelled.push({ repo, ...report });
      (perRepo.get(repo) as RepoScore).unlabelled++;
      total.unlabelled++;
    }
  }
  return { perRepo, total, sites: results, unlabelled };
}

export const ratio = ({ flagged, total }: Tally): string =>
  total ? `${flagged}/${total} (${Math.round((100 * flagged) / total)}%)` : '0/0';

/** One line of totals, worded as score.mjs words it. */
export function totalsLine(config: string, total: RepoScore): string {
  return (
    `${config}: recall ${ratio(total.bug)}, false alarms on correct ${ratio(total.correct)}, ` +
    `tradeoffs flagged ${ratio(total.tradeoff)}, unlabelled reports ${total.unlabelled}, crashes ${total.crashes}`
  );
}

const short = ({ flagged, total }: Tally): string => `${flagged}/${total}`;

/**
 * A Markdown table with one row per repository and a total row, one group of columns per config: bugs found,
 * correct sites flagged, tradeoffs flagged, reports on no labelled site, crashes.
 */
export function markdownTable(configs: readonly string[], scores: readonly Score[], repos: readonly string[]): string {
  const groups = ['bugs found', 'correct flagged', 'tradeoffs flagged', 'unlabelled', 'crashes'];
  const header = ['repository', ...configs.flatMap((c) => groups.map((g) => `${c}: ${g}`))];
  const cells = (s: RepoScore) => [short(s.bug), short(s.correct), short(s.tradeoff), String(s.unlabelled), String(s.crashes)];
  const rows = repos.map((repo) => [repo, ...scores.flatMap((s) => cells(s.perRepo.get(repo) ?? emptyScore()))]);
  rows.push(['**total**', ...scores.flatMap((s) => cells(s.total).map((c) => `**${c}**`))]);
  const line = (cols: string[]) => `| ${cols.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
