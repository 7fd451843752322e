/**
 * The `// expect: durability/<rule>` markers of the reference engines, and how findings are compared with them:
 * every marker must be reported on its line by its rule, and nothing else may be reported. Used by
 * `npm run check` and by the durability-check tests.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Marker {
  file: string;
  line: number;
  rule: string;
}

export interface MarkedFinding {
  file: string;
  line: number;
  rule: string;
}

const MARKER = /\/\/\s*expect:\s*durability\/([a-z-]+)/g;

export function markersOf(file: string, text: string): Marker[] {
  const markers: Marker[] = [];
  text.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(MARKER)) markers.push({ file, line: index + 1, rule: `durability/${match[1]}` });
  });
  return markers;
}

/** The markers of files given relative to `root`. */
export function collectMarkers(root: string, files: string[]): Marker[] {
  return files.flatMap((file) => markersOf(file, readFileSync(path.join(root, file), 'utf8')));
}

export interface MarkerComparison<F extends MarkedFinding> {
  matched: F[];
  unexpected: F[];
  missed: Marker[];
}

export function compareWithMarkers<F extends MarkedFinding>(findings: F[], markers: Marker[]): MarkerComparison<F> {
  const matched: F[] = [];
  const unexpected: F[] = [];
  const remaining = [...markers];
  const same = (a: MarkedFinding, b: MarkedFinding) => a.file === b.file && a.line === b.line && a.rule === b.rule;
  for (const finding of findings) {
    const index = remaining.findIndex((m) => same(m, finding));
    if (index >= 0) {
      matched.push(finding);
      remaining.splice(index, 1);
    } else if (matched.some((m) => same(m, finding))) {
      // a second report on a line already marked (e.g. two dirty handles at one truncate) is not a new finding
      matched.push(finding);
    } else {
      unexpected.push(finding);
    }
  }
  return { matched, unexpected, missed: remaining };
}
