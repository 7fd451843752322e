/**
 * What every generated program shares and the lint need not see again in each: recovery (the newest complete
 * `seq:key=value` line of each key, over the store's three files, wins).
 */
import fs from 'node:fs';
import path from 'node:path';

export const FILES = ['log', 'data', 'snap'] as const;

/** The value of each key in the newest complete record of any of the three files (an incomplete line is torn). */
export async function recoverRecords(dir: string, keys: readonly string[]): Promise<Map<string, string | null>> {
  const best = new Map<string, { seq: number; value: string }>();
  for (const name of FILES) {
    const p = path.join(dir, name);
    if (!fs.existsSync(p)) continue;
    const lines = String(fs.readFileSync(p, 'utf8')).split('\n');
    lines.pop();
    for (const text of lines) {
      const m = /^(\d+):([^=]+)=(.*)$/.exec(text);
      if (!m) continue;
      const [, s, key, value] = m as unknown as [string, string, string, string];
      const old = best.get(key);
      if (!old || Number(s) > old.seq) best.set(key, { seq: Number(s), value });
    }
  }
  return new Map(keys.map((key) => [key, best.get(key)?.value ?? null]));
}
