/** Path tests shared by the untyped walk (check-project.ts) and the typed Program (typed-project.ts). */
import path from 'node:path';

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const DECLARATION = /\.d\.[cm]?ts$/;

/** Whether `file` is `root` or lies under it (both absolute). */
export function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** A file the checker lints: JavaScript or TypeScript, not a declaration file, not minified. */
export function isSource(file: string): boolean {
  return SOURCE.test(file) && !DECLARATION.test(file) && !/\.min\.[cm]?js$/.test(file);
}
