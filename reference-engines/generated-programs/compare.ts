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
import { judge, traceProgramText, type LintReport } from './harness.js';
import type { ProgramTrace } from './trace.js';

export const DEFAULT_SEED = 20261201;

export type Direction = 'missed' | 'false alarm';

export interface Reason {
  direction: Direction;
  /** 'analysis bug': the rules should agree and do not; 'no rule': a loss no rule covers yet; 'by design': the
   * documented contract of `strict` differs from what this workload acknowledges. */
  kind: 'analysis bug' | 'no rule' | 'by design' | 'unexplained';
  explanation: string;
}

/**
 * Every class a disagreement can fall in; the first matching class (in this order) names the program. Each is decided
 * by the crash model's facts about the program's run (trace.ts: which operation at which line touched which file,
 * what a power loss would have dropped at each acknowledgement, what recovery reads), never by a report's wording.
 */
export const REASONS: Record<string, Reason> = {
  // ---- missed: the simulator loses an acknowledged write, strict reports nothing ----
  'file overwritten in place': {
    direction: 'missed',
    kind: 'no rule',
    explanation:
      "The run empties a file that holds records recovery reads (an open with a truncating flag, as `writeFile` does, or a truncate) and rewrites it: even with the new bytes flushed, a crash between the two loses every acknowledged record. What is missing is a temp file + rename, which the file-data rules do not ask for.",
  },
  // ---- false alarms: strict reports, the simulator loses nothing ----
  'open that created nothing': {
    direction: 'false alarm',
    kind: 'by design',
    explanation:
      "require-dir-fsync reports an open whose flags may create the file ('a', 'a+', 'as', 'as+', 'w'); in the run every open on that line found the file already there, durable (the store's files exist before the workload starts, as an engine reopening its own files). The lint cannot know that, and strict asks for a directory fsync after every open that may create.",
  },
  "created file's entry durable at every acknowledgement": {
    direction: 'false alarm',
    kind: 'by design',
    explanation:
      'require-dir-fsync reports an open that created a file, and at every acknowledgement of the run the file\'s directory entry was already durable: a later directory fsync (here inside the loop of puts that run() makes) covered it. The flow analysis does not evaluate loop bounds: on its zero-iteration path the end of run() is reached with the create unsynced.',
  },
  'truncated file held nothing recovery needs': {
    direction: 'false alarm',
    kind: 'by design',
    explanation:
      'require-sync-before-truncate reports a truncation while another file is dirty; in the run every truncation on that line emptied a file that held no bytes, or one recovery never reads: the rule cannot know that the destroyed file held nothing the dirty file protects.',
  },
  'synced before every later acknowledgement': {
    direction: 'false alarm',
    kind: 'by design',
    explanation:
      'A file-data rule reports a write (or require-fsync-before-rename a rename) that may reach an acknowledgement unsynced; in the run the file\'s bytes were durable at every acknowledgement after the write (for example `if (options.syncWrites) fsyncSync(fd)` with the option true: strict, with optionGuardedSync "report", reports the unsynced path of an option-guarded sync; the simulator runs only the value the program has).',
  },
  'written after the last acknowledgement': {
    direction: 'false alarm',
    kind: 'by design',
    explanation:
      'A file-data rule reports a write that reaches the end of a function unsynced (strict reports that, as a caller might acknowledge); in the run no acknowledgement follows the write, so no acknowledged write depends on it.',
  },
  'unsynced at an acknowledgement, records held elsewhere': {
    direction: 'false alarm',
    kind: 'by design',
    explanation:
      "A file-data rule reports a write, and in the run the file's bytes were indeed not durable at a later acknowledgement, yet no crash image loses an acknowledged value: another file recovery reads holds the same records durably (a checkpoint copy of records the log still has). strict reports every unsynced write before an acknowledgement; it cannot know that the copy is redundant.",
  },
  'unexplained miss': { direction: 'missed', kind: 'unexplained', explanation: 'no class above matches: look at it' },
  'unexplained false alarm': { direction: 'false alarm', kind: 'unexplained', explanation: 'no class above matches: look at it' },
};

const DATA_RULES = new Set(['no-flush-without-fsync', 'require-sync-before-truncate']);

/** The classes of one strict report, from the model's facts about the operations on its line. */
function reportReasons(report: LintReport, trace: ProgramTrace): string[] {
  const at = trace.ops.map((op, index) => ({ op, index })).filter(({ op }) => op.line === report.line);
  if (at.length === 0) return [];
  if (report.rule === 'require-dir-fsync') {
    const opens = at.filter(({ op }) => op.kind === 'open');
    if (opens.length !== at.length) return [];
    if (opens.every(({ op }) => !op.created)) return ['open that created nothing'];
    const created = new Set(opens.filter(({ op }) => op.created).map(({ op }) => op.path));
    const entryDurable = trace.acks.every((ack) => ![...created].some((p) => ack.absent.has(p)));
    return entryDurable ? ["created file's entry durable at every acknowledgement"] : [];
  }
  if (report.rule === 'require-sync-before-truncate') {
    // a truncate, or the reopen with a truncating flag that empties the file (an open of an existing file)
    const cuts = at.filter(({ op }) => op.kind === 'truncate' || (op.kind === 'open' && !op.created));
    if (cuts.length === 0) return [];
    return cuts.every(({ op }) => (op.bytesBefore ?? 0) === 0 || !trace.recoveryReads.has(op.path)) ? ['truncated file held nothing recovery needs'] : [];
  }
  // the file-data rules report writes; require-fsync-before-rename the rename of an unsynced file (the op's path is
  // the rename's target, which then holds the bytes)
  const writes = at.filter(({ op }) => (report.rule === 'require-fsync-before-rename' ? op.kind === 'rename' : op.kind === 'write'));
  if (writes.length === 0) return [];
  const later = (index: number) => trace.acks.filter((ack) => ack.afterOp >= index);
  if (writes.every(({ index }) => later(index).length === 0)) return ['written after the last acknowledgement'];
  const unsyncedAtAck = writes.some(({ op, index }) => later(index).some((ack) => ack.stale.has(op.path) || ack.absent.has(op.path)));
  return unsyncedAtAck ? ['unsynced at an acknowledgement, records held elsewhere'] : ['synced before every later acknowledgement'];
}

/** The classes of a loss no strict report names, from the model's facts. */
function missReasons(trace: ProgramTrace): string[] {
  const overwritten = trace.ops.some((op) => ((op.kind === 'open' && op.truncated) || (op.kind === 'truncate' && (op.bytesBefore ?? 0) > 0)) && trace.recoveryReads.has(op.path));
  return overwritten ? ['file overwritten in place'] : [];
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

/** Judges a program and, when strict and the simulator disagree, classifies the disagreement by a trace of its run. */
export async function judgeAndClassify(spec: ProgramSpec, options: { recommended?: boolean } = {}): Promise<Verdict> {
  const j = await judge(spec, options);
  const base = { spec: j.spec, description: describe(j.spec), lossy: j.sim.lossy, example: j.sim.example, strict: j.strict, recommended: j.recommended };
  if (j.sim.error) return { ...base, excluded: `workload error: ${j.sim.error}`, disagreement: undefined };
  const flagged = j.strict.length > 0;
  if (flagged === j.sim.lossy) return { ...base, excluded: undefined, disagreement: undefined };
  const trace = await traceProgramText(j.text);
  const order = Object.keys(REASONS);
  const sorted = (reasons: string[]) => [...new Set(reasons)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  if (j.sim.lossy) {
    const reasons = sorted(missReasons(trace));
    return { ...base, excluded: undefined, disagreement: { direction: 'missed', cls: reasons[0] ?? 'unexplained miss', reasons } };
  }
  // a false alarm is explained when every report is
  const perReport = j.strict.map((r) => reportReasons(r, trace));
  const reasons = sorted(perReport.flat());
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
      const verdict = await judgeAndClassify(candidate);
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
    verdicts.push(await judgeAndClassify(spec, { recommended: options.recommended }));
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
