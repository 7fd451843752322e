import { describe, expect, it } from 'vitest';
import { closeSync, createWriteStream, fsync, fsyncSync, openSync, readFileSync, readdirSync, renameSync, writeFileSync, writeSync, existsSync, constants } from 'node:fs';
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Workload } from '../scenario.js';
import { simulate } from './simulate.js';
import { ModelFs } from './model-fs.js';
import { withModel } from './intercept.js';

/** A one-key store in a file: `value` written by `write`, read back by reading the file. */
function fileStore(write: (file: string, dir: string, value: string) => void | Promise<void>, name = 'data'): Workload {
  return {
    async run(dir, recorder) {
      recorder.begin('k', 'v1');
      await write(path.join(dir, name), dir, 'v1');
      recorder.ack('k');
    },
    async recover(dir) {
      const file = path.join(dir, name);
      const value = existsSync(file) ? readFileSync(file, 'utf8') : '';
      return new Map([['k', value === '' ? null : value]]);
    },
  };
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  fsyncSync(fd);
  closeSync(fd);
}

describe('crash simulator on tiny programs', () => {
  it('loses an unsynced write', async () => {
    const result = await simulate(fileStore((file, dir, value) => {
      const fd = openSync(file, 'w');
      writeSync(fd, value);
      closeSync(fd);
      syncDir(dir);
    }));
    expect(result.sanityError).toBeUndefined();
    expect(result.lost).toBe(1);
    expect(result.example).toMatch(/recovered as absent/);
  });

  it('keeps a write that was fsynced, with its directory entry synced', async () => {
    const result = await simulate(fileStore((file, dir, value) => {
      const fd = openSync(file, 'w');
      writeSync(fd, value);
      fsyncSync(fd);
      closeSync(fd);
      syncDir(dir);
    }));
    expect(result.lost).toBe(0);
    expect(result.states).toBeGreaterThan(3);
  });

  it('a created file whose directory was never synced can vanish, data synced or not', async () => {
    const result = await simulate(fileStore((file, _dir, value) => {
      const fd = openSync(file, 'w');
      writeSync(fd, value);
      fsyncSync(fd);
      closeSync(fd);
    }));
    expect(result.lost).toBe(1);
  });

  it('a rename without a directory fsync can revert to the old content', async () => {
    const workload: Workload = {
      async run(dir, recorder) {
        const target = path.join(dir, 'current');
        writeFileSync(target, 'old', { flush: true });
        syncDir(dir);
        recorder.begin('k', 'new');
        const tmp = `${target}.tmp`;
        const fd = openSync(tmp, 'w');
        writeSync(fd, 'new');
        fsyncSync(fd);
        closeSync(fd);
        // eslint-disable-next-line durability/require-dir-fsync -- the loss this test shows
        renameSync(tmp, target);
        recorder.ack('k');
      },
      async recover(dir) {
        const file = path.join(dir, 'current');
        return new Map([['k', existsSync(file) ? readFileSync(file, 'utf8') : null]]);
      },
    };
    const result = await simulate(workload);
    expect(result.lost).toBe(1);
    expect(result.example).toMatch(/"old"/);
  });

  it("'as' makes the data durable, not the new directory entry", async () => {
    const write = (file: string, value: string) => {
      const fd = openSync(file, 'as');
      writeSync(fd, value);
      closeSync(fd);
    };
    expect((await simulate(fileStore((file, dir, value) => { write(file, value); syncDir(dir); }))).lost).toBe(0);
    expect((await simulate(fileStore((file, _dir, value) => write(file, value)))).lost).toBe(1);
  });

  it('numeric O_DSYNC flags make writes durable', async () => {
    const result = await simulate(fileStore((file, dir, value) => {
      const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_DSYNC);
      writeSync(fd, value);
      closeSync(fd);
      syncDir(dir);
    }));
    expect(result.lost).toBe(0);
  });

  it('writeFileSync flush:true with a utf8 string is not durable on Node 20.20 (nodejs/node#60552); with a Buffer it is', async () => {
    const text = await simulate(fileStore((file, dir, value) => { writeFileSync(file, value, { flush: true, encoding: 'utf8' }); syncDir(dir); }));
    const buffer = await simulate(fileStore((file, dir, value) => { writeFileSync(file, Buffer.from(value), { flush: true, encoding: 'utf8' }); syncDir(dir); }));
    expect(text.lost).toBe(1);
    expect(buffer.lost).toBe(0);
  });

  it('FileHandle.sync works when awaited and not when left floating', async () => {
    const synced = await simulate(fileStore(async (file, dir, value) => {
      const fh = await open(file, 'w');
      await fh.write(value);
      await fh.sync();
      await fh.close();
      syncDir(dir);
    }));
    expect(synced.lost).toBe(0);
    const floating = await simulate(fileStore(async (file, dir, value) => {
      syncDir(dir);
      const fh = await open(file, 'w');
      await fh.write(value);
      // eslint-disable-next-line durability/no-ignored-fsync-error -- the loss this test shows
      void fh.sync();
    }));
    expect(floating.lost).toBe(1);
  });

  it('an fsync that failed and was ignored loses the data (fsyncgate)', async () => {
    const workload = fileStore((file, dir, value) => {
      syncDir(dir);
      const fd = openSync(file, 'w');
      syncDir(dir);
      writeSync(fd, value);
      try {
        fsyncSync(fd);
      } catch {
        // eslint-disable-next-line durability/no-ignored-fsync-error -- the retry succeeds, and proves nothing
        fsyncSync(fd);
      }
      closeSync(fd);
    });
    expect((await simulate(workload)).lost).toBe(0);
    expect((await simulate(workload, { failFsyncNumber: 3 })).lost).toBe(1);
  });

  it('fs.createWriteStream: a write callback is not durable; fs.fsync of its fd in the callback is', async () => {
    const streamed = (sync: boolean) =>
      fileStore(async (file, dir, value) => {
        syncDir(dir);
        const fd = openSync(file, 'w');
        syncDir(dir);
        const ws = createWriteStream(file, { fd, autoClose: false });
        await new Promise<void>((resolve, reject) =>
          ws.write(value, (error) => {
            if (error) return reject(error);
            if (!sync) return resolve();
            fsync(fd, (syncError) => (syncError ? reject(syncError) : resolve()));
          }),
        );
      });
    expect((await simulate(streamed(false))).lost).toBe(1);
    const synced = await simulate(streamed(true));
    expect(synced.sanityError).toBeUndefined();
    expect(synced.lost).toBe(0);
  });

  it("fs.createWriteStream with flush: true fsyncs once, before 'close' and after the end() callback", async () => {
    const flushed = (waitFor: 'close' | 'end') =>
      fileStore(async (file, dir, value) => {
        syncDir(dir);
        const ws = createWriteStream(file, { flush: true });
        await once(ws, 'open');
        syncDir(dir);
        ws.write(value);
        if (waitFor === 'close') {
          ws.end();
          await once(ws, 'close');
        } else await new Promise<void>((resolve) => ws.end(resolve));
      });
    expect((await simulate(flushed('close'))).lost).toBe(0);
    expect((await simulate(flushed('end'))).lost).toBe(1);
  });

  it('fs.fsync(fd, cb) reports an injected fsync failure to its callback', async () => {
    const errors: string[] = [];
    const workload = fileStore(async (file, dir, value) => {
      syncDir(dir);
      const fd = openSync(file, 'w');
      syncDir(dir);
      writeSync(fd, value);
      await new Promise<void>((resolve) =>
        fsync(fd, (error) => {
          if (error) errors.push((error as NodeJS.ErrnoException).code ?? error.message);
          resolve(); // ignored: the bug under test
        }),
      );
    });
    expect((await simulate(workload)).lost).toBe(0);
    const failed = await simulate(workload, { failFsyncNumber: 3 });
    expect(failed.lost).toBe(1);
    expect(failed.sanityError).toBeUndefined(); // the uncrashed run (page cache) still holds it
    expect(errors[errors.length - 1]).toBe('EIO');
  });

  it('passes real paths through while installed, and restores the real fs afterwards', async () => {
    const here = fileURLToPath(import.meta.url);
    const model = new ModelFs();
    await withModel(model, async () => {
      expect(readFileSync(here, 'utf8')).toContain('passes real paths through');
      expect(readdirSync(path.dirname(here))).toContain(path.basename(here));
    });
    expect(existsSync('/__crashsim__')).toBe(false);
  });
});
