/**
 * 1,000 generated programs (fixed seed), each judged by the crash simulator and linted with `recommended` and
 * `strict` (see compare.ts, and "Generated programs" in ../README.md for the classes of disagreement).
 *
 *   - the rules never throw (nor fail to parse) on any program or variant;
 *   - metamorphic: a sync right before every acknowledgement put() makes never adds a report (strict; in
 *     recommended a sync is also evidence of durability intent, so it can bring other writes into scope);
 *   - metamorphic: removing a sync never removes a report (strict; in recommended a sync is also evidence that a
 *     handle is meant to be durable, so removing the only sync of a handle may rightly silence it);
 *   - strict and recommended agree with the simulator on at least the measured fractions (nothing left out), and every
 *     strict disagreement falls in a class that REASONS explains.
 */
import { describe as suite, expect, it } from 'vitest';
import { render, withoutEachSync, type ProgramSpec } from './generate.js';
import { lintProgram, programText, type LintReport } from './harness.js';
import { classOf, compare, DEFAULT_SEED, REASONS, type Verdict } from './compare.js';

const COUNT = 1000;

function perRule(reports: LintReport[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of reports) counts.set(r.rule, (counts.get(r.rule) ?? 0) + 1);
  return counts;
}

/** Rules whose report count grew from `before` to `after`. */
function grown(before: LintReport[], after: LintReport[]): string[] {
  const a = perRule(before);
  return [...perRule(after)].filter(([rule, n]) => n > (a.get(rule) ?? 0)).map(([rule]) => rule);
}

suite('generated programs: lint verdicts against the crash simulator', () => {
  let verdicts: Verdict[] = [];
  let summary: Awaited<ReturnType<typeof compare>>['summary'];

  it(`judges ${COUNT} programs without a rule throwing or a workload failing`, async () => {
    ({ summary, verdicts } = await compare(COUNT, DEFAULT_SEED));
    expect(verdicts).toHaveLength(COUNT);
    // every program runs and is judged: nothing is left out of the numbers
    expect(verdicts.filter((v) => v.excluded).map((v) => `${v.description}: ${v.excluded}`)).toEqual([]);
    expect(summary.judged).toBe(COUNT);
  });

  it('adding a sync right before every acknowledgement never adds a report (strict)', () => {
    // Not asserted for recommended: there a sync is also evidence that the handle (or its file's directory entry) is
    // meant to be durable, so the added sync can rightly bring other writes of that handle, or its create, into scope.
    const added: string[] = [];
    for (const v of verdicts) {
      const synced: ProgramSpec = { ...v.spec, syncBeforeAck: true };
      const more = grown(v.strict, lintProgram(programText(synced), 'strict'));
      if (more.length) added.push(`${more.join(',')}: ${v.description}\n${render(synced)}`);
    }
    expect(added).toEqual([]);
  });

  it('removing a sync never removes a report (strict)', () => {
    // one sync site per program, taken in turn (all sites of 1,000 programs cost a third more lint time)
    const removed: string[] = [];
    let variants = 0;
    for (const [i, v] of verdicts.entries()) {
      const sites = withoutEachSync(v.spec);
      for (const { site, spec } of sites.length ? [sites[i % sites.length]!] : []) {
        variants++;
        const after = lintProgram(programText(spec), 'strict');
        const fewer = grown(after, v.strict);
        if (fewer.length) removed.push(`${fewer.join(',')} after removing the ${site}: ${v.description}\n${render(spec)}`);
      }
    }
    expect(variants).toBeGreaterThan(COUNT / 2);
    expect(removed).toEqual([]);
  });

  it('strict and recommended agree with the simulator on the measured fractions, and every disagreement is explained', () => {
    // Measured on seed 20261201 (README.md, "Generated programs"): see the numbers there. The thresholds sit a few
    // points under the measurements so that a small change in the analysis does not fail them; a drop below one is a
    // regression to look at.
    expect(summary.strict.rate).toBeGreaterThanOrEqual(STRICT_AGREEMENT_AT_LEAST);
    expect(summary.recommended.rate).toBeGreaterThanOrEqual(RECOMMENDED_AGREEMENT_AT_LEAST);
    const unexplained = verdicts.filter((v) => classOf(v).startsWith('unexplained'));
    expect(unexplained.map((v) => `${classOf(v)}: ${v.description}`)).toEqual([]);
    for (const c of summary.classes) expect(REASONS[c.cls]?.explanation).toBeTruthy();
  });
});

/**
 * Measured on seed 20261201 with nothing left out (README.md, "Generated programs"): strict 789/1000 = 78.9% (18 misses:
 * a file overwritten in place, no rule; 193 false alarms: the documented contract of strict), recommended 731/1000 =
 * 73.1% (79 misses, 190 false alarms). Asserted about two points lower, so that ordinary changes to the analysis do not
 * fail them; a strict disagreement outside the named classes fails at once.
 */
const STRICT_AGREEMENT_AT_LEAST = 0.77;
const RECOMMENDED_AGREEMENT_AT_LEAST = 0.71;
