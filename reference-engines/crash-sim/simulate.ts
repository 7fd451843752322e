/**
 * Runs a workload once against the model file system, crashes it (in thought) after every mutating fs operation,
 * builds the disk images that crash may leave, reopens the engine on each and checks every acknowledged write.
 *
 * Which images (the crash model, after ALICE / CrashMonkey, see README.md):
 *   - power loss, nothing pending survives;            - process crash, everything issued to the kernel survives;
 *   - every prefix of the pending operations, in issue order, the last write of a prefix also torn in half;
 *   - seeded random subsets that keep, for each file and each directory, a prefix of its own pending operations
 *     (per-file order holds, as in ext4's ordered mode; across files and between data and directory entries anything
 *     goes — so a rename or create can persist before the file's data, the classic zero-length-file crash).
 */
import { createHash } from 'node:crypto';
import type { Workload } from '../scenario.js';
import { withModel } from './intercept.js';
import { ModelFs, SIM_ROOT, type DiskImage, type PendingOp } from './model-fs.js';

export interface Loss {
  crashAfter: string;
  state: string;
  key: string;
  expected: string;
  found: string;
}

export interface SimulationResult {
  /** Distinct crash states explored. */
  states: number;
  /** Distinct acknowledged writes (key@value) lost in at least one state, plus recoveries that threw. */
  lost: number;
  example: string | undefined;
  losses: Loss[];
  /** The uncrashed run did not recover its own acknowledged writes: a broken workload, not a crash finding. */
  sanityError: string | undefined;
  opCount: number;
}

export interface SimulationOptions {
  /** Random subsets per crash point. */
  randomSubsets?: number;
  /** Most prefixes per crash point (sampled evenly above it). */
  maxPrefixes?: number;
  seed?: number;
  /** Fault injection: this fsync (1-based) fails once with EIO and drops the file's pending data. */
  failFsyncNumber?: number;
  /** Stop at the first lost write (a yes/no verdict, as the mutation study needs): `lost` is then 0 or 1. */
  stopAtFirstLoss?: boolean;
}

interface Expectation {
  /** key -> allowed values (the last acknowledged one and any begun after it). */
  allowed: Map<string, (string | null)[]>;
}

interface CrashPoint {
  after: string;
  expectation: Expectation;
  images: { label: string; image: DiskImage }[];
}

function rng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function hashImage(image: DiskImage): string {
  const hash = createHash('sha1');
  for (const name of [...image.keys()].sort()) {
    hash.update(name).update('\0').update(image.get(name) as Buffer).update('\0');
  }
  return hash.digest('hex');
}

function groupOf(op: PendingOp): string {
  return op.kind === 'data' ? `i${op.inode}` : `d${op.dir}`;
}

function show(value: string | null | undefined): string {
  if (value === null || value === undefined) return 'absent';
  return JSON.stringify(value.length > 24 ? `${value.slice(0, 21)}...` : value);
}

export async function simulate(workload: Workload, options: SimulationOptions = {}): Promise<SimulationResult> {
  const randomSubsets = options.randomSubsets ?? 6;
  const maxPrefixes = options.maxPrefixes ?? 16;
  const random = rng(options.seed ?? 42);
  const dir = `${SIM_ROOT}/db`;
  const model = new ModelFs();
  model.mkdir(dir, true);
  model.failFsyncNumber = options.failFsyncNumber;

  const lastAcked = new Map<string, string | null>();
  const inFlight = new Map<string, (string | null)[]>();
  const keys = new Set<string>();
  const crashPoints: CrashPoint[] = [];
  let opCount = 0;

  const expectation = (): Expectation => {
    const allowed = new Map<string, (string | null)[]>();
    for (const key of keys) {
      if (!lastAcked.has(key)) continue; // never acknowledged: anything goes
      allowed.set(key, [lastAcked.get(key) as string | null, ...(inFlight.get(key) ?? [])]);
    }
    return { allowed };
  };

  let lastOp = 'the start';
  // A crash point after every fs operation, and after every acknowledgement (what the ack promised is checked there).
  const capture = (describe: string) => {
    const pending = [...model.pending];
    const images: { label: string; image: DiskImage }[] = [];
    images.push({ label: 'power loss: every unsynced operation lost', image: model.imageKeeping(() => false) });
    images.push({ label: 'process crash: everything issued to the kernel kept', image: model.imageKeeping(() => true) });
    const n = pending.length;
    const sampled = n <= maxPrefixes ? Array.from({ length: Math.max(0, n - 1) }, (_, i) => i + 1) : Array.from({ length: maxPrefixes }, (_, i) => Math.max(1, Math.round(((i + 1) * n) / (maxPrefixes + 1))));
    for (const length of sampled) {
      images.push({ label: `the first ${length} of ${n} unsynced operations kept`, image: model.imageKeeping((_, index) => index < length) });
      const last = pending[length - 1];
      if (last?.kind === 'data' && last.write && last.write.bytes.length > 1) {
        images.push({
          label: `the first ${length} of ${n} unsynced operations kept, the last write torn`,
          image: model.imageKeeping((_, index) => index < length, { index: length - 1, bytes: Math.floor(last.write.bytes.length / 2) }),
        });
      }
    }
    const groups = [...new Set(pending.map(groupOf))];
    for (let s = 0; s < randomSubsets && groups.length > 1; s++) {
      const cut = new Map<string, number>();
      for (const group of groups) {
        const count = pending.filter((op) => groupOf(op) === group).length;
        cut.set(group, Math.floor(random() * (count + 1)));
      }
      const seen = new Map<string, number>();
      const kept = pending.map((op) => {
        const group = groupOf(op);
        const index = seen.get(group) ?? 0;
        seen.set(group, index + 1);
        return index < (cut.get(group) as number);
      });
      const description = pending.filter((_, i) => kept[i]).map((op) => op.describe);
      images.push({
        label: `some unsynced operations kept (${description.length ? description.join(', ') : 'none'}), the others lost`,
        image: model.imageKeeping((_, index) => kept[index] as boolean),
      });
    }
    crashPoints.push({ after: describe, expectation: expectation(), images });
  };
  model.onMutation = (describe) => {
    opCount++;
    lastOp = describe;
    capture(describe);
  };

  await withModel(model, () =>
    workload.run(dir, {
      begin(key, value) {
        keys.add(key);
        const list = inFlight.get(key) ?? [];
        list.push(value);
        inFlight.set(key, list);
      },
      ack(key) {
        const list = inFlight.get(key) ?? [];
        if (list.length > 0) lastAcked.set(key, list[list.length - 1] as string | null);
        inFlight.delete(key);
        capture(`${lastOp} (${key} acknowledged)`);
      },
    }),
  );
  model.onMutation = undefined;

  const check = async (image: DiskImage, exp: Expectation): Promise<{ key: string; expected: string; found: string } | undefined> => {
    const fresh = new ModelFs(image);
    fresh.mkdir(dir, true);
    let recovered: Map<string, string | null>;
    try {
      recovered = await withModel(fresh, () => workload.recover(dir, [...exp.allowed.keys()]));
    } catch (error) {
      return { key: '(recovery)', expected: 'recovery to succeed', found: `recovery threw: ${(error as Error).message}` };
    }
    for (const [key, allowed] of exp.allowed) {
      const value = recovered.get(key) ?? null;
      if (!allowed.includes(value)) return { key, expected: show(allowed[0]), found: show(value) };
    }
    return undefined;
  };

  // Sanity: the run as it ended, with everything kept, must hold every acknowledged write. With an injected fsync
  // failure the uncrashed run is what the process saw (the page cache), which holds data no crash image does.
  const finalImage = options.failFsyncNumber === undefined ? model.imageKeeping(() => true) : model.volatileImage();
  const sanity = await check(finalImage, expectation());
  const sanityError = sanity ? `after a clean run, ${sanity.key}: expected ${sanity.expected}, found ${sanity.found}` : undefined;

  const explored = new Set<string>();
  const losses: Loss[] = [];
  const lostWrites = new Set<string>();
  const verdictByImage = new Map<string, Map<string, { key: string; expected: string; found: string } | undefined>>();
  crashing: for (const point of crashPoints) {
    const expectationId = JSON.stringify([...point.expectation.allowed]);
    for (const { label, image } of point.images) {
      const id = hashImage(image);
      explored.add(`${id}|${expectationId}`);
      let byExpectation = verdictByImage.get(id);
      if (!byExpectation) verdictByImage.set(id, (byExpectation = new Map()));
      if (!byExpectation.has(expectationId)) byExpectation.set(expectationId, await check(image, point.expectation));
      const failure = byExpectation.get(expectationId);
      if (!failure) continue;
      const writeId = `${failure.key}@${failure.expected}`;
      if (!lostWrites.has(writeId)) {
        lostWrites.add(writeId);
        losses.push({ crashAfter: point.after, state: label, ...failure });
        if (options.stopAtFirstLoss) break crashing;
      }
    }
  }
  const first = losses[0];
  return {
    states: explored.size,
    lost: lostWrites.size,
    example: first
      ? `crash after \`${first.crashAfter}\`, ${first.state}: ${first.key === '(recovery)' ? first.found : `key ${first.key} (acknowledged ${first.expected}) recovered as ${first.found}`}`
      : undefined,
    losses,
    sanityError,
    opCount,
  };
}
