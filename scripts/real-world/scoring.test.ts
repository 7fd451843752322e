import { describe, expect, it } from 'vitest';
import { type CorpusSite, type LintReport, type RepoLint, WINDOW, hitsFor, markdownTable, ratio, score, totalsLine } from './scoring.js';

const site = (id: string, label: CorpusSite['label'], line: number, extra: Partial<CorpusSite> = {}): CorpusSite => ({
  id,
  repo: 'a/one',
  file: 'lib/store.js',
  line,
  label,
  kind: 'no-fsync-ack',
  why: 'synthetic',
  confidence: 'high',
  ...extra,
});
const report = (line: number, file = 'lib/store.js', ruleId = 'durability/no-flush-without-fsync'): LintReport => ({ file, line, ruleId, message: 'm' });

describe('real-world scoring: the window', () => {
  it(`counts a report up to ${WINDOW} lines either side of the site, and not one line further`, () => {
    const s = site('s', 'bug', 10);
    const lines = [6, 7, 10, 13, 14];
    expect(hitsFor(s, lines.map((l) => report(l))).map((r) => r.line)).toEqual([7, 10, 13]);
  });

  it('counts a report near an alt_line, and only in the same file', () => {
    const s = site('s', 'bug', 10, { alt_lines: [40] });
    expect(hitsFor(s, [report(42), report(44), report(10, 'lib/other.js')]).map((r) => r.line)).toEqual([42]);
  });
});

describe('real-world scoring: tallies', () => {
  const sites = [
    site('bug-found', 'bug', 10),
    site('bug-missed', 'bug', 100),
    site('correct-flagged', 'correct', 200),
    site('correct-quiet', 'correct', 300),
    site('tradeoff-flagged', 'tradeoff', 400, { alt_lines: [450] }),
    site('other-repo-bug', 'bug', 10, { repo: 'b/two' }),
    site('unlinted-repo-bug', 'bug', 10, { repo: 'c/three' }),
  ];
  const linted = new Map<string, RepoLint>([
    ['a/one', { reports: [report(11), report(201), report(451), report(600), report(10, 'lib/other.js')], crashes: 1 }],
    ['b/two', { reports: [], crashes: 2 }],
  ]);
  const result = score(sites, linted);

  it('counts flagged and total per label and per repository; a repository not linted is left out', () => {
    expect(result.perRepo.get('a/one')).toEqual({
      bug: { flagged: 1, total: 2 },
      correct: { flagged: 1, total: 2 },
      tradeoff: { flagged: 1, total: 1 },
      unlabelled: 2,
      crashes: 1,
    });
    expect(result.perRepo.get('b/two')).toMatchObject({ bug: { flagged: 0, total: 1 }, unlabelled: 0, crashes: 2 });
    expect(result.perRepo.has('c/three')).toBe(false);
    expect(result.total).toEqual({
      bug: { flagged: 1, total: 3 },
      correct: { flagged: 1, total: 2 },
      tradeoff: { flagged: 1, total: 1 },
      unlabelled: 2,
      crashes: 3,
    });
    expect(result.sites.map((s) => `${s.site.id}:${s.hits.length}`)).toEqual([
      'bug-found:1',
      'bug-missed:0',
      'correct-flagged:1',
      'correct-quiet:0',
      'tradeoff-flagged:1',
      'other-repo-bug:0',
    ]);
  });

  it('a report near no site is unlabelled; one near two sites counts for both and is not unlabelled', () => {
    expect(result.unlabelled.map((u) => `${u.repo} ${u.file}:${u.line}`)).toEqual(['a/one lib/store.js:600', 'a/one lib/other.js:10']);
    const shared = score([site('first', 'bug', 20), site('second', 'correct', 24)], new Map([['a/one', { reports: [report(22)], crashes: 0 }]]));
    expect(shared.total.bug.flagged).toBe(1);
    expect(shared.total.correct.flagged).toBe(1);
    expect(shared.unlabelled).toEqual([]);
  });

  it('prints the totals and the table from the tallies', () => {
    expect(ratio({ flagged: 1, total: 3 })).toBe('1/3 (33%)');
    expect(ratio({ flagged: 0, total: 0 })).toBe('0/0');
    expect(totalsLine('strict', result.total)).toBe(
      'strict: recall 1/3 (33%), false alarms on correct 1/2 (50%), tradeoffs flagged 1/1 (100%), unlabelled reports 2, crashes 3',
    );
    const table = markdownTable(['recommended'], [result], ['a/one', 'b/two']).split('\n');
    expect(table).toHaveLength(5);
    expect(table[2]).toBe('| a/one | 1/2 | 1/2 | 1/1 | 2 | 1 |');
    expect(table[4]).toBe('| **total** | **1/3** | **1/2** | **1/1** | **2** | **3** |');
  });
});
