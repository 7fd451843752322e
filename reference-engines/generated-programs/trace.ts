/**
 * What the crash simulator's model saw a generated program do: every fs operation with the program line that issued
 * it, what a power loss would have lost at each acknowledgement, and what recovery reads. compare.ts classifies a
 * disagreement between lint and simulator by these facts, never by a report's wording.
 * Input: a loaded workload. Output: a ProgramTrace (one uncrashed run, then one recovery of its final state).
 */
import path from 'node:path';
import type { AckRecorder, Workload } from '../scenario.js';
import { withModel } from '../crash-sim/intercept.js';
import { ModelFs, SIM_ROOT, type DiskImage } from '../crash-sim/model-fs.js';

export interface TraceOp {
  kind: 'open' | 'write' | 'fsync' | 'truncate' | 'rename' | 'unlink';
  /** The file (or directory) operated on; for a rename, its target. */
  path: string;
  /** The program line that issued it (the innermost stack frame in the program's file). */
  line: number | undefined;
  /** open: the file did not exist and the open created it. */
  created?: boolean;
  /** open: it emptied a file that held bytes (a truncating flag). */
  truncated?: boolean;
  /** open with truncation, or truncate: the bytes the file held just before. */
  bytesBefore?: number;
  /** write: bytes written. */
  bytes?: number;
}

export interface AckFact {
  key: string;
  /** Index into `ops` of the last operation before the acknowledgement. */
  afterOp: number;
  /** Files a power loss at this moment would leave absent (their directory entry is not durable). */
  absent: Set<string>;
  /** Files a power loss at this moment would leave with other bytes than the process sees (data not durable). */
  stale: Set<string>;
}

export interface ProgramTrace {
  ops: TraceOp[];
  acks: AckFact[];
  /** Files the recovery of the run's final state read bytes from. */
  recoveryReads: Set<string>;
}

/**
 * The stack that scheduled the running callback: the model's promise and callback operations run on a later turn
 * (setImmediate, as Node's thread pool completes them), where the program's frame is no longer on the stack.
 */
let scheduledBy: string | undefined;

/** Runs `work` with setImmediate remembering, for each callback, the stack (and its scheduler's) that scheduled it. */
async function withSchedulingStacks<T>(work: () => Promise<T>): Promise<T> {
  const original = globalThis.setImmediate;
  const patched = ((callback: (...args: unknown[]) => void, ...args: unknown[]) => {
    const origin = `${new Error().stack ?? ''}\n${scheduledBy ?? ''}`;
    return original(() => {
      const saved = scheduledBy;
      scheduledBy = origin;
      try {
        callback(...args);
      } finally {
        scheduledBy = saved;
      }
    });
  }) as typeof setImmediate;
  globalThis.setImmediate = patched;
  try {
    return await work();
  } finally {
    globalThis.setImmediate = original;
  }
}

/** The innermost frame of the program's own file in the current stack, else in the stacks that scheduled it. */
function programLine(programFile: string): number | undefined {
  const stack = `${new Error().stack ?? ''}\n${scheduledBy ?? ''}`;
  for (const frame of stack.split('\n')) {
    const at = frame.indexOf(programFile);
    if (at < 0) continue;
    const match = /:(\d+):\d+\)?$/.exec(frame.slice(at + programFile.length));
    if (match) return Number(match[1]);
  }
  return undefined;
}

/** Files that a power loss now would drop, and files it would leave with other bytes than the process sees. */
function unsyncedFiles(model: ModelFs): { absent: Set<string>; stale: Set<string> } {
  const seen: DiskImage = model.volatileImage();
  const kept: DiskImage = model.imageKeeping({ keep: () => false });
  const absent = new Set<string>();
  const stale = new Set<string>();
  for (const [name, bytes] of seen) {
    if (name.endsWith('/')) continue;
    const durable = kept.get(name);
    if (!durable) absent.add(name);
    else if (!durable.equals(bytes)) stale.add(name);
  }
  return { absent, stale };
}

/** A ModelFs that also records each operation's facts; nested calls (truncate opens r+) record once. */
class TracingModelFs extends ModelFs {
  readonly ops: TraceOp[] = [];
  readonly reads = new Set<string>();
  private readonly paths = new Map<number, string>();
  private depth = 0;

  constructor(
    private readonly programFile: string,
    image?: DiskImage,
  ) {
    super(image);
  }

  private record<T>(op: Omit<TraceOp, 'line'>, work: () => T): T {
    const outer = this.depth === 0;
    const line = outer ? programLine(this.programFile) : undefined;
    this.depth++;
    try {
      return work();
    } finally {
      this.depth--;
      if (outer) this.ops.push(Object.assign(op, { line })); // the same object: open adds `truncated` after
    }
  }

  override open(p: string, flags: string | number): number {
    const existed = this.names.has(p);
    const bytesBefore = existed ? this.sizeOf(p) : 0;
    if (this.depth > 0) {
      const fd = super.open(p, flags);
      this.paths.set(fd, p);
      return fd;
    }
    const op: Omit<TraceOp, 'line'> = { kind: 'open', path: p, created: !existed && !this.dirs.has(p), bytesBefore };
    const fd = this.record(op, () => super.open(p, flags));
    op.truncated = bytesBefore > 0 && this.sizeOf(p) === 0;
    this.paths.set(fd, p);
    return fd;
  }

  override write(fd: number, bytes: Buffer, position: number | null | undefined): number {
    return this.record({ kind: 'write', path: this.paths.get(fd) ?? '?', bytes: bytes.length }, () => super.write(fd, bytes, position));
  }

  override read(fd: number, target: Buffer, offset: number, length: number, position: number | null | undefined): number {
    const count = super.read(fd, target, offset, length, position);
    if (count > 0) this.reads.add(this.paths.get(fd) ?? '?');
    return count;
  }

  override fsync(fd: number): void {
    this.record({ kind: 'fsync', path: this.paths.get(fd) ?? '?' }, () => super.fsync(fd));
  }

  override ftruncate(fd: number, length: number): void {
    const p = this.paths.get(fd) ?? '?';
    this.record({ kind: 'truncate', path: p, bytesBefore: this.size(fd) }, () => super.ftruncate(fd, length));
  }

  override truncate(p: string, length: number): void {
    this.record({ kind: 'truncate', path: p, bytesBefore: this.names.has(p) ? this.sizeOf(p) : 0 }, () => super.truncate(p, length));
  }

  override rename(from: string, to: string): void {
    this.record({ kind: 'rename', path: to }, () => super.rename(from, to));
  }

  override unlink(p: string): void {
    this.record({ kind: 'unlink', path: p }, () => super.unlink(p));
  }
}

/**
 * Runs `workload` once, uncrashed, on a tracing model (as the simulator starts: its directory durable), then recovers
 * the final state once to see which files recovery reads. `programFile` is the program's file name as stack frames
 * show it. Open flags with truncation show as an `open` with `bytesBefore` > 0 followed by the file being empty.
 */
export async function traceProgram(workload: Workload, programFile: string, wrap: <T>(work: () => Promise<T>) => Promise<T>): Promise<ProgramTrace> {
  const dir = `${SIM_ROOT}/db`;
  const model = new TracingModelFs(programFile);
  model.mkdir(dir, true);
  model.settle();
  const acks: AckFact[] = [];
  const recorder: AckRecorder = {
    begin() {},
    ack(key) {
      acks.push({ key, afterOp: model.ops.length - 1, ...unsyncedFiles(model) });
    },
  };
  const keys = new Set<string>();
  await withSchedulingStacks(() => withModel(model, () =>
    wrap(() =>
      workload.run(dir, {
        begin: (key, value) => {
          keys.add(key);
          recorder.begin(key, value);
        },
        ack: (key) => recorder.ack(key),
      }),
    ),
  ));
  const fresh = new TracingModelFs(programFile, model.volatileImage());
  fresh.mkdir(dir, true);
  fresh.settle();
  await withModel(fresh, () => wrap(() => workload.recover(dir, [...keys])));
  return { ops: model.ops, acks, recoveryReads: fresh.reads };
}

/** The short name a trace shows for a model path (relative to the store's directory). */
export function shortName(p: string): string {
  return path.relative(`${SIM_ROOT}/db`, p) || '.';
}
