/**
 * Runs a workload once against the model file system, crashes it (in thought) after every mutating fs operation and
 * every acknowledgement, builds the disk images that crash may leave, reopens the engine on each and checks every
 * acknowledged write; then crashes some of those recoveries after each of their fs operations and recovers again.
 *
 * Which images (the crash model, after ALICE and CrashMonkey, see README.md; the operations are model-fs.ts's pages,
 * sizes and directory entries):
 *   - power loss, nothing pending survives;            - process crash, everything issued to the kernel survives;
 *   - every prefix of the pending operations in issue order (sampled evenly above `maxPrefixes`), the last page of a
 *     prefix also torn: a seeded random subset of its 512-byte sectors written;
 *   - seeded random subsets: each page of each file keeps any prefix of its own versions (write-back goes page by
 *     page, in no order among pages), each file's sizes a prefix (one journal, in order) and never a size without the
 *     pages it exposes (ordered mode), each directory a prefix of its entry operations; across files, and between a
 *     file's data and its directory entry, anything goes — so a rename or create can persist before the file's data,
 *     the classic zero-length-file crash. The newest kept version of a page is torn with probability `tearRate`.
 * Nothing here reads what the engine is or expects: images come from the operations alone, verdicts from `recover`.
 */
import { createHash } from 'node:crypto';
import type { Workload } from './workload.js';
import { withModel } from './intercept.js';
import { ModelFs, SECTOR_SIZE, SIM_ROOT, type DiskImage, type Keeping, type PageOp, type PendingOp } from './model-fs.js';

/** How an acknowledged write came back: not at all, as an older value, as a value never acknowledged (an empty or torn file read back), or recovery threw. */
export type LossKind = 'absent' | 'older value' | 'empty or torn' | 'recovery throws';

export interface Loss {
  crashAfter: string;
  /** 1-based number of the fs operation or acknowledgement the crash came after. */
  crashPoint: number;
  state: string;
  key: string;
  expected: string;
  found: string;
  /** The values themselves (expected: the last acknowledged one), not shortened; null: absent. */
  expectedValue: string | null;
  foundValue: string | null;
  kind: LossKind;
  /** The unsynced operations the image kept, lost, and tore (the crash-point's pending list, in issue order). */
  kept: string[];
  lost: string[];
  torn: string[];
  /** The crash image recovery read (path -> bytes). */
  image: DiskImage;
}

export interface SimulationResult {
  /** Distinct (disk image, acknowledged writes to check) pairs explored. */
  states: number;
  /** Distinct disk images a crash of the run left (recovered: those of the sample when `maxImages` cut them). */
  images: number;
  /** Distinct images left out by `maxImages`. */
  imagesSkipped: number;
  /** Acknowledgements the run made. */
  acknowledged: number;
  /** Distinct disk images a crash inside a recovery left (each recovered again). */
  recoveryImages: number;
  /** Recoveries that were crashed after each of their fs operations. */
  crashedRecoveries: number;
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
  /** In a random subset, the chance that the newest kept version of a page is torn. */
  tearRate?: number;
  /** Most recoveries crashed after each of their fs operations (the first ones that write, in crash-point order). */
  recoveryCrashes?: number;
  seed?: number;
  /** Fault injection: this fsync (1-based) fails once with EIO and drops the file's pending data. */
  failFsyncNumber?: number;
  /** Stop at the first lost write (a yes/no verdict, as the mutation study needs): `lost` is then 0 or 1. */
  stopAtFirstLoss?: boolean;
  /** The model's root (a throw-away directory's path) and the workload's directory in it; SIM_ROOT and `${SIM_ROOT}/db` when absent. */
  root?: string;
  dir?: string;
  /** ext4's auto_da_alloc (model-fs.ts). */
  autoDaAlloc?: boolean;
  /** Calls that would change the real disk outside `root` throw (intercept.ts). */
  guardOutside?: boolean;
  /** A value acknowledged later for a key may show after an earlier crash (it was in flight): for workloads that report only acknowledgements. */
  laterAcksInFlight?: boolean;
  /** Most distinct crash images recovered: a seeded sample of them above it. */
  maxImages?: number;
  /** Every 100 recoveries: how many of the images are done. */
  onProgress?: (done: number, total: number) => void;
  /** Every call that reached the model, in the run and in recoveries. */
  onModelCall?: (name: string) => void;
}

interface Expectation {
  /** Distinct per change of `allowed` during the run. */
  id: number;
  /** key -> allowed values (the last acknowledged one and any begun after it). */
  allowed: Map<string, (string | null)[]>;
}

interface CrashPoint {
  after: string;
  expectation: Expectation;
  /** Images by hash (see `distinct`), with how each arose. */
  images: { label: string; id: string; detail: () => ChoiceDetail }[];
}

/** The pending operations an image kept, lost and tore, by their descriptions. */
export interface ChoiceDetail {
  kept: string[];
  lost: string[];
  torn: string[];
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
  if (op.kind === 'page') return `p${op.inode}:${op.page}`;
  return op.kind === 'size' ? `s${op.inode}` : `d${op.dir}`;
}

function show(value: string | null | undefined): string {
  if (value === null || value === undefined) return 'absent';
  return JSON.stringify(value.length > 24 ? `${value.slice(0, 21)}...` : value);
}

/** A seeded proper, non-empty subset of a page's sectors (a torn write), or undefined when it has only one. */
function tornSectors(op: PageOp, random: () => number): number[] | undefined {
  const count = Math.ceil(op.bytes.length / SECTOR_SIZE);
  if (count < 2) return undefined;
  const sectors = Array.from({ length: count }, (_, i) => i).filter(() => random() < 0.5);
  if (sectors.length === 0) sectors.push(Math.floor(random() * count));
  if (sectors.length === count) sectors.splice(Math.floor(random() * count), 1);
  return sectors;
}

/** One image a crash may leave: which pending operations it keeps; `signature` names it within a durable state. */
export interface ImageChoice {
  label: string;
  keeping: Keeping;
  signature: string;
  detail: () => ChoiceDetail;
}

function detailOf(pending: readonly PendingOp[], keeping: Keeping): () => ChoiceDetail {
  return () => {
    const detail: ChoiceDetail = { kept: [], lost: [], torn: [] };
    pending.forEach((op, index) => {
      (keeping.keep(op, index) ? detail.kept : detail.lost).push(op.describe);
      const sectors = keeping.torn?.get(index);
      if (sectors) detail.torn.push(`${op.describe} (sectors ${sectors.join(',')} of the page written)`);
    });
    return detail;
  };
}

/** The images a crash now may leave (see the header), not yet built. */
export function crashImages(model: ModelFs, random: () => number, options: { randomSubsets: number; maxPrefixes: number; tearRate: number }): ImageChoice[] {
  const pending = [...model.pending];
  const version = model.durableVersion;
  const built = [] as Omit<ImageChoice, 'detail'>[];
  const withDetail = () => built.map((choice) => ({ ...choice, detail: detailOf(pending, choice.keeping) }));
  const torn = (map: Map<number, readonly number[]>) => [...map].map(([index, sectors]) => `${index}:${sectors.join('.')}`).join(',');
  const n = pending.length;
  built.push({ label: 'power loss: every unsynced operation lost', keeping: { keep: () => false }, signature: `${version}|<0` });
  built.push({ label: 'process crash: everything issued to the kernel kept', keeping: { keep: () => true }, signature: `${version}|<${n}` });
  const { maxPrefixes } = options;
  const sampled = n <= maxPrefixes ? Array.from({ length: Math.max(0, n - 1) }, (_, i) => i + 1) : Array.from({ length: maxPrefixes }, (_, i) => Math.max(1, Math.round(((i + 1) * n) / (maxPrefixes + 1))));
  for (const length of sampled) {
    const keep = (_: PendingOp, index: number) => index < length;
    built.push({ label: `the first ${length} of ${n} unsynced operations kept`, keeping: { keep }, signature: `${version}|<${length}` });
    const last = pending[length - 1];
    const sectors = last?.kind === 'page' ? tornSectors(last, random) : undefined;
    if (sectors) {
      const tear = new Map([[length - 1, sectors]]);
      built.push({
        label: `the first ${length} of ${n} unsynced operations kept, the last page torn (sectors ${sectors.join(',')} written)`,
        keeping: { keep, torn: tear },
        signature: `${version}|<${length}|${torn(tear)}`,
      });
    }
  }
  if (n === 0) return withDetail();
  const groups = new Map<string, number[]>(); // group -> indexes in pending, in issue order
  pending.forEach((op, index) => {
    const group = groupOf(op);
    const list = groups.get(group) ?? [];
    list.push(index);
    groups.set(group, list);
  });
  const rank = new Map(pending.map((op, index) => [op, index]));
  for (let s = 0; s < options.randomSubsets; s++) {
    const cut = new Map<string, number>();
    for (const [group, indexes] of groups) cut.set(group, Math.floor(random() * (indexes.length + 1)));
    // ordered mode: a kept size brings the pages it exposes (or newer versions of them)
    const exposed = new Set<PendingOp>(); // written whole before a kept size made them visible
    for (const [group, indexes] of groups) {
      if (!group.startsWith('s')) continue;
      for (const index of indexes.slice(0, cut.get(group))) {
        for (const page of (pending[index] as Extract<PendingOp, { kind: 'size' }>).exposes) {
          const at = rank.get(page);
          if (at === undefined) continue; // already durable
          exposed.add(page);
          const pageGroup = groupOf(page);
          const needed = (groups.get(pageGroup) as number[]).indexOf(at) + 1;
          if ((cut.get(pageGroup) as number) < needed) cut.set(pageGroup, needed);
        }
      }
    }
    const kept = new Set<number>();
    const tear = new Map<number, readonly number[]>();
    for (const [group, indexes] of groups) {
      const count = cut.get(group) as number;
      indexes.slice(0, count).forEach((index) => kept.add(index));
      const newest = count > 0 ? pending[indexes[count - 1] as number] : undefined;
      if (newest?.kind === 'page' && !exposed.has(newest) && random() < options.tearRate) {
        const sectors = tornSectors(newest, random);
        if (sectors) tear.set(indexes[count - 1] as number, sectors);
      }
    }
    const keptIndexes = [...kept].sort((x, y) => x - y);
    const description = keptIndexes.map((i) => (pending[i] as PendingOp).describe);
    const shown = description.length > 6 ? [...description.slice(0, 6), `${description.length - 6} more`] : description;
    built.push({
      label: `some unsynced operations kept (${shown.length ? shown.join(', ') : 'none'})${tear.size ? `, ${tear.size} page(s) torn` : ''}, the others lost`,
      keeping: { keep: (_, index) => kept.has(index), torn: tear },
      signature: `${version}|${keptIndexes.join(',')}|${torn(tear)}`,
    });
  }
  return withDetail();
}

export async function simulate(workload: Workload, options: SimulationOptions = {}): Promise<SimulationResult> {
  const imageOptions = { randomSubsets: options.randomSubsets ?? 6, maxPrefixes: options.maxPrefixes ?? 16, tearRate: options.tearRate ?? 0.25 };
  let recoveryBudget = options.recoveryCrashes ?? 40;
  const random = rng(options.seed ?? 42);
  const root = options.root ?? SIM_ROOT;
  const dir = options.dir ?? `${root}/db`;
  const modelOptions = { root, autoDaAlloc: options.autoDaAlloc ?? false };
  const installOptions = { guardOutside: options.guardOutside ?? false, onCall: options.onModelCall };
  const model = new ModelFs(undefined, modelOptions);
  model.mkdir(dir, true);
  model.settle(); // the engine's directory exists, durably, before the run
  model.failFsyncNumber = options.failFsyncNumber;

  const lastAcked = new Map<string, string | null>();
  const inFlight = new Map<string, (string | null)[]>();
  const keys = new Set<string>();
  const crashPoints: CrashPoint[] = [];
  let opCount = 0;

  // begin and ack change what a crash must keep; between them every crash point shares one expectation
  let current: Expectation | undefined;
  let expectationCount = 0;
  const allowedNow = new Map<string, (string | null)[]>(); // kept up to date by begin and ack, key by key
  const update = (key: string) => {
    if (lastAcked.has(key)) allowedNow.set(key, [lastAcked.get(key) as string | null, ...(inFlight.get(key) ?? [])]);
    // never acknowledged: anything goes
  };
  const expectations: Expectation[] = [];
  const acks: { before: number; key: string; value: string | null }[] = []; // `before`: expectations made so far
  const everAcked = new Map<string, Set<string | null>>();
  const expectation = (): Expectation => {
    if (!current) expectations.push((current = { id: expectationCount++, allowed: new Map(allowedNow) }));
    return current;
  };

  let lastOp = 'the start';
  // A crash point after every fs operation, and after every acknowledgement (what the ack promised is checked there).
  // Each distinct image is kept once (a run leaves tens of thousands of choices, most of them alike).
  const distinct = new Map<string, DiskImage>();
  const bySignature = new Map<string, string>();
  const remember = ({ label, keeping, signature, detail }: ImageChoice) => {
    let id = bySignature.get(signature);
    if (id === undefined) {
      const image = model.imageKeeping(keeping);
      id = hashImage(image);
      bySignature.set(signature, id);
      if (!distinct.has(id)) distinct.set(id, image);
    }
    return { label, id, detail };
  };
  const capture = (describe: string) => crashPoints.push({ after: describe, expectation: expectation(), images: crashImages(model, random, imageOptions).map(remember) });
  model.onMutation = (describe) => {
    opCount++;
    lastOp = describe;
    capture(describe);
  };

  await withModel(
    model,
    () =>
    workload.run(dir, {
      begin(key, value) {
        current = undefined;
        keys.add(key);
        const list = inFlight.get(key) ?? [];
        list.push(value);
        inFlight.set(key, list);
        update(key);
      },
      ack(key) {
        current = undefined;
        const list = inFlight.get(key) ?? [];
        if (list.length > 0) {
          const value = list[list.length - 1] as string | null;
          lastAcked.set(key, value);
          acks.push({ before: expectationCount, key, value });
          everAcked.set(key, (everAcked.get(key) ?? new Set()).add(value));
        }
        inFlight.delete(key);
        update(key);
        capture(`${lastOp} (${key} acknowledged)`);
      },
    }),
    installOptions,
  );
  model.onMutation = undefined;
  if (options.laterAcksInFlight) {
    // a value acknowledged after a crash point was in flight there (its write may have begun): allowed too
    for (const { before, key, value } of acks) for (const exp of expectations) if (exp.id < before) exp.allowed.get(key)?.push(value);
  }

  type Failure = { key: string; expected: string; found: string; kind: LossKind; expectedValue: string | null; foundValue: string | null };
  type Recovered = { values: Map<string, string | null> } | { error: string };
  const allKeys = [...keys];
  /**
   * Recovers `image`, asking for every key the run touched (so one recovery serves every expectation the image is
   * checked against); with `crashRecovery`, also the images a crash after each of recovery's own operations leaves.
   */
  const recoverImage = async (image: DiskImage, crashRecovery?: (after: string, images: { label: string; image: DiskImage }[]) => void): Promise<{ recovered: Recovered; wrote: boolean }> => {
    const fresh = new ModelFs(image, modelOptions);
    fresh.mkdir(dir, true);
    fresh.settle();
    let wrote = false;
    fresh.onMutation = (describe) => {
      wrote = true;
      crashRecovery?.(describe, crashImages(fresh, random, { ...imageOptions, randomSubsets: 2, maxPrefixes: 4 }).map(({ label, keeping }) => ({ label, image: fresh.imageKeeping(keeping) })));
    };
    try {
      return { recovered: { values: await withModel(fresh, () => workload.recover(dir, allKeys), installOptions) }, wrote };
    } catch (error) {
      return { recovered: { error: (error as Error).message }, wrote };
    }
  };
  const judge = (recovered: Recovered, exp: Expectation): Failure | undefined => {
    if ('error' in recovered) return { key: '(recovery)', expected: 'recovery to succeed', found: `recovery threw: ${recovered.error}`, kind: 'recovery throws', expectedValue: null, foundValue: null };
    for (const [key, allowed] of exp.allowed) {
      const value = recovered.values.get(key) ?? null;
      if (allowed.includes(value)) continue;
      const kind = value === null ? 'absent' : everAcked.get(key)?.has(value) ? 'older value' : 'empty or torn';
      return { key, expected: show(allowed[0]), found: show(value), kind, expectedValue: allowed[0] ?? null, foundValue: value };
    }
    return undefined;
  };

  // Sanity: the run as it ended, with everything kept, must hold every acknowledged write. With an injected fsync
  // failure the uncrashed run is what the process saw (the page cache), which holds data no crash image does.
  const finalImage = options.failFsyncNumber === undefined ? model.imageKeeping({ keep: () => true }) : model.volatileImage();
  const sanity = judge((await recoverImage(finalImage)).recovered, expectation());
  const sanityError = sanity ? `after a clean run, ${sanity.key}: expected ${sanity.expected}, found ${sanity.found}` : undefined;

  const explored = new Set<string>();
  const images = new Set<string>();
  const recoveryImages = new Set<string>();
  let crashedRecoveries = 0;
  const losses: Loss[] = [];
  const lostWrites = new Set<string>();
  const lostKinds = new Set<string>();
  const recoveries = new Map<string, Recovered>(); // by image
  /** Records a failure, the first of each write and each kind of loss of it; true when the simulation should stop. */
  const lose = (point: CrashPoint, state: string, detail: () => ChoiceDetail, image: DiskImage, failure: Failure): boolean => {
    const writeId = `${failure.key}@${failure.expected}`;
    const kept = detail();
    // one example per write, kind of loss and shape of the image (which files are empty, whether a page is torn): an
    // empty file renamed into place that a recovery reads as absent is not hidden behind a power loss's absent file
    const empty = [...image.entries()].filter(([name, bytes]) => bytes.length === 0 && !name.endsWith('/')).map(([name]) => name);
    const shape = `${empty.sort().join(',')}|${kept.torn.length > 0}`;
    lostWrites.add(writeId);
    if (lostKinds.has(`${writeId}|${failure.kind}|${shape}`)) return false;
    lostKinds.add(`${writeId}|${failure.kind}|${shape}`);
    losses.push({ crashAfter: point.after, crashPoint: crashPoints.indexOf(point) + 1, state, ...failure, ...kept, image });
    return Boolean(options.stopAtFirstLoss);
  };
  // Above `maxImages` distinct images, a seeded sample of them is recovered (the others are skipped, and counted)
  let sample: Set<string> | undefined;
  if (options.maxImages !== undefined && distinct.size > options.maxImages) {
    const ids = [...distinct.keys()];
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
    }
    sample = new Set(ids.slice(0, options.maxImages));
  }
  /** By image: what recovery left when it was crashed inside, each recovered again. */
  const crashedInside = new Map<string, { after: string; label: string; recovered: Recovered; image: DiskImage }[]>();
  crashing: for (const point of crashPoints) {
    const expectationId = point.expectation.id;
    for (const { label, id, detail } of point.images) {
      if (sample && !sample.has(id)) continue;
      if (!images.has(id) && images.size % 100 === 99) options.onProgress?.(images.size + 1, sample?.size ?? distinct.size);
      images.add(id);
      explored.add(`${id}|${expectationId}`);
      let recovered = recoveries.get(id);
      if (!recovered) {
        const run = await recoverImage(distinct.get(id) as DiskImage);
        recoveries.set(id, (recovered = run.recovered));
        // Recovery itself is crashed: the first `recoveryCrashes` recoveries that write (truncate a torn tail, replay a
        // log, checkpoint) are run again with a crash after each of their operations, and each image recovered again.
        if (!('error' in recovered) && run.wrote && recoveryBudget > 0) {
          recoveryBudget--;
          crashedRecoveries++;
          const during: { after: string; images: { label: string; image: DiskImage }[] }[] = [];
          await recoverImage(distinct.get(id) as DiskImage, (after, choices) => during.push({ after, images: choices }));
          const results: { after: string; label: string; recovered: Recovered; image: DiskImage }[] = [];
          for (const crash of during) {
            for (const again of crash.images) {
              const againId = hashImage(again.image);
              recoveryImages.add(againId);
              let twice = recoveries.get(againId);
              if (!twice) recoveries.set(againId, (twice = (await recoverImage(again.image)).recovered));
              results.push({ after: crash.after, label: again.label, recovered: twice, image: again.image });
            }
          }
          crashedInside.set(id, results);
        }
      }
      const failure = judge(recovered, point.expectation);
      if (failure && lose(point, label, detail, distinct.get(id) as DiskImage, failure)) break crashing;
      for (const again of crashedInside.get(id) ?? []) {
        const twice = judge(again.recovered, point.expectation);
        if (twice && lose(point, `${label}; recovery crashed after \`${again.after}\`, ${again.label}; recovered again`, detail, again.image, twice)) break crashing;
      }
    }
  }
  const first = losses[0];
  return {
    states: explored.size,
    images: images.size,
    imagesSkipped: distinct.size - (sample?.size ?? distinct.size),
    acknowledged: acks.length,
    recoveryImages: recoveryImages.size,
    crashedRecoveries,
    lost: lostWrites.size,
    example: first
      ? `crash after \`${first.crashAfter}\`, ${first.state}: ${first.key === '(recovery)' ? first.found : `key ${first.key} (acknowledged ${first.expected}) recovered as ${first.found}`}`
      : undefined,
    losses,
    sanityError,
    opCount,
  };
}
