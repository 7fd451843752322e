/**
 * The tracing model's facts, on a small workload written here (so its lines are this file's): each operation's line,
 * creates and truncations, what a power loss would drop or leave stale at each acknowledgement, what recovery reads.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Workload } from '../scenario.js';
import { shortName, traceProgram } from './trace.js';

const thisFile = fileURLToPath(import.meta.url);
const lines: Record<string, number> = {};
/** Records the line it is called on (the operation beside it shares the line). */
function here(name: string): void {
  const frame = (new Error().stack ?? '').split('\n').find((f) => f.includes(thisFile) && !f.includes('at here'));
  lines[name] = Number(/:(\d+):\d+\)?$/.exec(frame ?? '')?.[1]);
}

const workload: Workload = {
  async run(dir, recorder) {
    const log = path.join(dir, 'log');
    fs.closeSync((here('create'), fs.openSync(log, 'a')));
    const fd = (here('reopen'), fs.openSync(log, 'a'));
    recorder.begin('k', 'v1');
    fs.writeSync(fd, 'k=v1\n');
    recorder.ack('k'); // the log's entry and its bytes are both pending here
    fs.fsyncSync(fd);
    const handle = fs.openSync(dir, 'r');
    fs.fsyncSync(handle);
    fs.closeSync(handle);
    recorder.begin('k', 'v2');
    fs.writeSync(fd, 'k=v2\n');
    fs.fsyncSync(fd);
    recorder.ack('k'); // everything durable here
    fs.closeSync(fd);
    const copy = path.join(dir, 'copy');
    fs.writeFileSync(copy, 'x');
    here('emptied'); fs.writeFileSync(copy, 'yz'); // one line: the mark and the operation
  },
  async recover(dir) {
    const text = fs.readFileSync(path.join(dir, 'log'), 'utf8');
    return new Map([['k', /k=(\w+)\n$/.exec(text)?.[1] ?? null]]);
  },
};

describe('trace of a run on the crash model', () => {
  it('records each operation with its line and the facts compare.ts classifies by', async () => {
    const trace = await traceProgram(workload, thisFile, (work) => work());
    const at = (line: number) => trace.ops.filter((op) => op.line === line).map((op) => ({ ...op, path: shortName(op.path) }));
    expect(at(lines.create as number)).toEqual([expect.objectContaining({ kind: 'open', path: 'log', created: true, bytesBefore: 0, truncated: false })]);
    expect(at(lines.reopen as number)).toEqual([expect.objectContaining({ kind: 'open', path: 'log', created: false })]);
    // writeFileSync's open 'w' of a file holding one byte empties it; the write follows on the same line
    expect(at(lines.emptied as number).map((op) => [op.kind, op.truncated ?? null, op.bytesBefore ?? null])).toEqual([
      ['open', true, 1],
      ['write', null, null],
    ]);
    expect(trace.ops.every((op) => op.line !== undefined)).toBe(true);
    expect(trace.acks.map((ack) => ({ key: ack.key, absent: [...ack.absent].map(shortName), stale: [...ack.stale].map(shortName) }))).toEqual([
      { key: 'k', absent: ['log'], stale: [] },
      { key: 'k', absent: [], stale: [] },
    ]);
    expect([...trace.recoveryReads].map(shortName)).toEqual(['log']);
  });

  it('gives the line that scheduled a promise operation', async () => {
    const promised: Workload = {
      async run(dir) {
        const file = path.join(dir, 'p');
        here('promise-write'); await fsp.writeFile(file, 'abc'); // one line: the mark and the operation
      },
      async recover() {
        return new Map();
      },
    };
    const trace = await traceProgram(promised, thisFile, (work) => work());
    expect(trace.ops.filter((op) => op.kind === 'write').map((op) => op.line)).toEqual([lines['promise-write']]);
  });
});
