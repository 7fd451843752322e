// Writes outside its directory: the run must fail before anything reaches the real disk.
import fs from 'node:fs';

export function run({ acknowledge }) {
  fs.writeFileSync(process.env.DURABILITY_CRASH_TEST_OUTSIDE, 'escaped');
  acknowledge('x', 1);
}

export function recover() {
  return { x: 1 };
}
