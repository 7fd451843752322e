/**
 * npm run generated [-- --count N] [-- --seed S] [-- --json]
 *
 * Generates N small programs (generate.ts), judges each with the crash simulator and with the lint (harness.ts), and
 * prints how often the verdicts agree, a table of disagreement classes and, for each class, one minimal program
 * (found by greedily simplifying the program while it stays in its class).
 *
 * Each class is explained in REASONS below and in ../README.md ("Generated programs").
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, normalize, render, sampleSpecs, type ProgramSpec } from './generate.js';
import { judge, type Judgement, type LintReport } from './harness.js';

export const DEFAULT_SEED = 20261201;

export type Direction = 'missed' | 'false alarm';

export interface Reason {
  direction: Direction;
  /** 'analysis bug': the rules should agree and do not; 'no rule': a loss no rule covers yet; 'by design': the
   * documented contract of `strict` differs from what this workload acknowledges. */
  kind: 'analysis bug' | 'no rule' | 'by design' | 'unexplained';
  explanation: string;
}

/** Every class a disagreement can fall in; the first matching class (in this order) names the program. */
export const REASONS: Record<string, Reason> = {
  // ---- missed: the simulator loses an acknowledged write, strict reports nothing ----
  'file overwritten in place': {
    direction: 'missed',
    kind: 'no rule',
    explanation:
      "put() replaces the whole state with `writeFile(snap, data, { flush: true })`: the 'w' open truncates the only copy before the new bytes are written, so even a process crash between the two loses every acknowledged record. The flush is honoured; what is missing is a temp file + rename, which no rule asks for.",
  },
  // ---- false alarms: strict reports, the simulator loses nothing ----
  'existing file opened with a creating flag': {
    direction: 'false alarm',
    kind: 'by design',
    explanation:
      "put(), checkpoint() or openStore() opens `log` / `data` / `snap` with 'a' (or 'a+', 'as', 'as+'; or reopens the log with 'w' to empty it), which creates the file when it is missing; here it never is (the store's files exist, durably, before the workload starts, as an engine reopening its own files), but the lint cannot know that, and strict's require-dir-fsync asks for a directory fsync after every open that may create.",
  },
  'directory synced only inside the loop of puts': {
    direction: 'false alarm',
    kind: 'by design',
    explanation:
      "openStore() creates the files without a directory fsync; every put() syncs the directory after its rename, and run() calls put() in `for (let n = 0; n < 3; n++)`, so the entries are durable before the first acknowledgement. The flow analysis does not evaluate loop bounds: on its zero-iteration path the end of run() is reached with the creates unsynced.",
  },
  'option guard true at run time': {
    direction: 'false alarm',
    kind: 'by design',
    explanation:
      '`if (options.syncWrites) fsyncSync(fd)` with syncWrites true when the workload runs: strict (optionGuardedSync: "report") reports the unsynced path of an option-guarded sync; the simulator runs only the option value the program has. recommended does not report it.',
  },
  'unacknowledged checkpoint copy': {
    direction: 'false alarm',
    kind: 'by design',
    explanation:
      "checkpoint() copies the records into `data` and leaves the copy unsynced, but the log it would protect still holds the records (not truncated) or never held any (the program keeps them in `snap`), so nothing acknowledged is lost. strict reports every write that reaches the end of a function unsynced (here checkpoint()/run()); the workload acknowledges nothing there.",
  },
  'truncated log held no data': {
    direction: 'false alarm',
    kind: 'by design',
    explanation:
      'checkpoint() truncates `log` while `data` is dirty, but this program keeps its records in `snap` and never writes the log: the rule cannot know that the destroyed file held nothing the dirty file protects.',
  },
  'unexplained miss': { direction: 'missed', kind: 'unexplained', explanation: 'no class above matches: look at it' },
  'unexplained false alarm': { direction: 'false alarm', kind: 'unexplained', explanation: 'no class above matches: look at it' },
};

const DATA_RULES = new Set(['no-flush-without-fsync', 'require-sync-before-truncate']);
const CHECKPOINT_HANDLES = /`(dfd|dfh)`/;

function reportReasons(spec: ProgramSpec, report: LintReport, lineText: string): string[] {
  const put = spec.put;
  const ck = spec.checkpoint;
  const reasons: string[] = [];
  if (report.rule === 'require-dir-fsync') {
    if (/creates a file/.test(report.message) && /'(log|data|snap)'/.test(lineText) && /'(a|a\+|as|as\+|w)'/.test(lineText)) reasons.push('existing file opened with a creating flag');
    else if (/creates a file/.test(report.message) && /file\(name\)/.test(lineText) && !spec.openDirSync && put.kind === 'snapshot' && put.renameDirSync) reasons.push('directory synced only inside the loop of puts');
    return reasons;
  }
  if (report.rule === 'require-sync-before-truncate') {
    if (put.kind === 'snapshot' || (put.kind === 'oneshot' && spec.style === 'promise')) reasons.push('truncated log held no data');
    return reasons;
  }
  if (CHECKPOINT_HANDLES.test(report.message)) {
    if (ck) reasons.push('unacknowledged checkpoint copy');
    return reasons;
  }
  if (put.placement === 'guard-true' && put.sync !== 'none') reasons.push('option guard true at run time');
  return reasons;
}

function missReasons(spec: ProgramSpec): string[] {
  const put = spec.put;
  const reasons: string[] = [];
  if (put.kind === 'oneshot' && spec.style === 'promise' && put.flush !== 'none') reasons.push('file overwritten in place');
  return reasons;
}

export interface Verdict {
  spec: ProgramSpec;
  description: string;
  lossy: boolean;
  example: string | undefined;
  strict: LintReport[];
  recommended: LintReport[];
  /** Why the simulator's verdict is not used: the program's clean run failed (a workload error). */
  excluded: string | undefined;
  /** For a strict disagreement: its class (the first of `reasons` in REASONS order) and every class that applies. */
  disagreement: { direction: Direction; cls: string; reasons: string[] } | undefined;
}

export function classify(j: Judgement): Verdict {
  const base = { spec: j.spec, description: describe(j.spec), lossy: j.sim.lossy, example: j.sim.example, strict: j.strict, recommended: j.recommended };
  if (j.sim.error) return { ...base, excluded: `workload error: ${j.sim.error}`, disagreement: undefined };
  const flagged = j.strict.length > 0;
  if (flagged === j.sim.lossy) return { ...base, excluded: undefined, disagreement: undefined };
  const order = Object.keys(REASONS);
  if (j.sim.lossy) {
    const reasons = missReasons(j.spec).sort((a, b) => order.indexOf(a) - order.indexOf(b));
    return { ...base, excluded: undefined, disagreement: { direction: 'missed', cls: reasons[0] ?? 'unexplained miss', reasons } };
  }
  // a false alarm is explained when every report is
  const lines = j.text.split('\n');
  const perReport = j.strict.map((r) => reportReasons(j.spec, r, lines[r.line - 1] ?? ''));
  const reasons = [...new Set(perReport.flat())].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const cls = perReport.some((r) => r.length === 0) ? 'unexplained false alarm' : (reasons[0] as string);
  return { ...base, excluded: undefined, disagreement: { direction: 'false alarm', cls, reasons } };
}

export function classOf(v: Verdict): string {
  if (v.excluded) return 'excluded';
  return v.disagreement ? v.disagreement.cls : v.lossy ? 'agree: lossy, flagged' : 'agree: durable, quiet';
}

// ---------------------------------------------------------------------------------------------------------------
// Shrinking: simplify the spec one choice at a time while the program stays in its class and does not grow.

function simplifications(spec: ProgramSpec): ProgramSpec[] {
  const out: ProgramSpec[] = [];
  const push = (change: (s: ProgramSpec) => void) => {
    const copy = structuredClone(spec);
    change(copy);
    const next = normalize(copy);
    if (JSON.stringify(next) !== JSON.stringify(spec)) out.push(next);
  };
  push((s) => (s.checkpoint = null));
  push((s) => (s.puts = 2));
  push((s) => (s.keys = 1));
  push((s) => (s.style = 'sync'));
  push((s) => (s.imports = 'namespace'));
  push((s) => (s.put.placement = 'straight'));
  push((s) => (s.put.writeVia = 'direct'));
  push((s) => (s.put.sync = 'fsync'));
  push((s) => (s.put.sync = 'none'));
  push((s) => (s.put.flags = 'a'));
  push((s) => (s.put.scope = 'local'));
  push((s) => (s.put.scope = 'module'));
  push((s) => (s.put.kind = 'log'));
  push((s) => (s.put.flush = 'none'));
  push((s) => (s.put.snapWrite = 'fd'));
  if (spec.checkpoint) {
    push((s) => ((s.checkpoint as NonNullable<ProgramSpec['checkpoint']>).logSync = false));
    push((s) => ((s.checkpoint as NonNullable<ProgramSpec['checkpoint']>).at = 0));
    push((s) => ((s.checkpoint as NonNullable<ProgramSpec['checkpoint']>).dataSyncVia = 'fsync'));
    push((s) => ((s.checkpoint as NonNullable<ProgramSpec['checkpoint']>).truncate = 'truncate-path'));
    push((s) => ((s.checkpoint as NonNullable<ProgramSpec['checkpoint']>).dataSync = 'none'));
  }
  return out;
}

export async function shrink(start: Verdict, budget = 120): Promise<Verdict> {
  const target = classOf(start);
  let best = start;
  let size = render(best.spec).length;
  let tries = 0;
  for (let improved = true; improved && tries < budget; ) {
    improved = false;
    for (const candidate of simplifications(best.spec)) {
      if (tries++ >= budget) break;
      const length = render(candidate).length;
      if (length > size) continue;
      const verdict = classify(await judge(candidate));
      if (classOf(verdict) !== target) continue;
      best = verdict;
      size = length;
      improved = true;
      break;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------------

export interface Summary {
  seed: number;
  programs: number;
  judged: number;
  excluded: number;
  lossy: number;
  strict: { agree: number; rate: number; missed: number; falseAlarms: number };
  recommended: { agree: number; rate: number; missed: number; falseAlarms: number };
  /** strict, counting only the two rules on file data (no-flush-without-fsync, require-sync-before-truncate) */
  strictDataRules: { agree: number; rate: number; missed: number; falseAlarms: number };
  /** count: programs whose class this is; appliesTo: disagreeing programs this reason applies to (a program can have several) */
  classes: { cls: string; direction: Direction; kind: string; count: number; appliesTo: number }[];
  seconds: number;
}

export async function compare(
  count: number,
  seed: number,
  options: { progress?: (done: number) => void; recommended?: boolean } = {},
): Promise<{ summary: Summary; verdicts: Verdict[] }> {
  const started = Date.now();
  const verdicts: Verdict[] = [];
  const progress = options.progress;
  for (const [i, spec] of sampleSpecs(count, seed).entries()) {
    verdicts.push(classify(await judge(spec, { recommended: options.recommended })));
    progress?.(i + 1);
  }
  const judged = verdicts.filter((v) => !v.excluded);
  const tally = (flag: (v: Verdict) => boolean) => {
    const agree = judged.filter((v) => flag(v) === v.lossy).length;
    return { agree, rate: judged.length ? agree / judged.length : 1, missed: judged.filter((v) => v.lossy && !flag(v)).length, falseAlarms: judged.filter((v) => !v.lossy && flag(v)).length };
  };
  const counts = new Map<string, number>();
  const applies = new Map<string, number>();
  for (const v of judged) {
    if (!v.disagreement) continue;
    counts.set(v.disagreement.cls, (counts.get(v.disagreement.cls) ?? 0) + 1);
    for (const r of v.disagreement.reasons) applies.set(r, (applies.get(r) ?? 0) + 1);
  }
  const order = Object.keys(REASONS);
  const classes = [...counts]
    .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([cls, n]) => ({ cls, direction: (REASONS[cls] as Reason).direction, kind: (REASONS[cls] as Reason).kind, count: n, appliesTo: applies.get(cls) ?? n }));
  for (const [cls, n] of applies) {
    if (!counts.has(cls)) classes.push({ cls, direction: (REASONS[cls] as Reason).direction, kind: (REASONS[cls] as Reason).kind, count: 0, appliesTo: n });
  }
  classes.sort((a, b) => order.indexOf(a.cls) - order.indexOf(b.cls));
  return {
    summary: {
      seed,
      programs: verdicts.length,
      judged: judged.length,
      excluded: verdicts.length - judged.length,
      lossy: judged.filter((v) => v.lossy).length,
      strict: tally((v) => v.strict.length > 0),
      recommended: tally((v) => v.recommended.length > 0),
      strictDataRules: tally((v) => v.strict.some((r) => DATA_RULES.has(r.rule))),
      classes,
      seconds: (Date.now() - started) / 1000,
    },
    verdicts,
  };
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number): number => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const json = args.includes('--json');
  const count = option('--count', 1000);
  const seed = option('--seed', DEFAULT_SEED);
  const { summary, verdicts } = await compare(count, seed, {
    progress: (done) => {
      if (!json && done % 100 === 0) process.stderr.write(`${done}/${count}\n`);
    },
  });
  const minimal = new Map<string, Verdict>();
  for (const { cls, count: n } of summary.classes) {
    // a class that is never a program's first reason is shown on a program it applies to
    const first = verdicts.find((v) => (n > 0 ? v.disagreement?.cls === cls : v.disagreement?.reasons.includes(cls))) as Verdict;
    minimal.set(cls, n > 0 ? await shrink(first) : first);
  }
  if (json) {
    console.log(
      JSON.stringify({
        ...summary,
        classes: summary.classes.map((c) => ({ ...c, explanation: (REASONS[c.cls] as Reason).explanation, minimal: describe((minimal.get(c.cls) as Verdict).spec) })),
      }),
    );
    return;
  }
  const s = summary;
  console.log(`seed ${s.seed}: ${s.programs} programs, ${s.excluded} left out (workload error), ${s.judged} judged, ${s.lossy} lossy under the crash simulator`);
  console.log(`strict      agrees on ${s.strict.agree}/${s.judged} = ${pct(s.strict.rate)} (missed ${s.strict.missed}, false alarms ${s.strict.falseAlarms})`);
  console.log(`strict, only the two file-data rules, agrees on ${s.strictDataRules.agree}/${s.judged} = ${pct(s.strictDataRules.rate)} (missed ${s.strictDataRules.missed}, false alarms ${s.strictDataRules.falseAlarms})`);
  console.log(`recommended agrees on ${s.recommended.agree}/${s.judged} = ${pct(s.recommended.rate)} (missed ${s.recommended.missed}, false alarms ${s.recommended.falseAlarms})`);
  console.log('');
  const rows = [['class (strict vs simulator)', 'direction', 'kind', 'programs', 'applies to'], ...s.classes.map((c) => [c.cls, c.direction, c.kind, String(c.count), String(c.appliesTo)])];
  const widths = (rows[0] as string[]).map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, c) => cell.padEnd(widths[c] as number)).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  for (const { cls } of s.classes) {
    const v = minimal.get(cls) as Verdict;
    console.log(`\n=== ${cls} (${(REASONS[cls] as Reason).kind}) ===`);
    console.log((REASONS[cls] as Reason).explanation);
    console.log(`simulator: ${v.lossy ? `loses data: ${v.example}` : 'no acknowledged write lost'}`);
    console.log(`strict: ${v.strict.length ? v.strict.map((r) => `\n  line ${r.line} ${r.rule}: ${r.message}`).join('') : 'no report'}`);
    console.log(`minimal program (${describe(v.spec)}):\n`);
    console.log(render(v.spec));
  }
  console.log(`${s.programs} programs in ${s.seconds.toFixed(1)}s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
