/**
 * The files of a project whose findings a change to some of its files can change: those that import them, directly
 * or through other modules, as far as the analysis reads other modules. ESLint's cache and lint-staged re-lint only
 * changed files; a caller's finding depends on its helpers (`durability-check --importers`, docs/pre-commit.md).
 * Input: the project's source files and the changed files (which may have been deleted). Output: the importers.
 */
import { readFileSync } from 'node:fs';
import { MAX_MODULE_DEPTH, relativeSpecifiers, specifierCandidates } from '../modules.js';

/** The files among `projectFiles` that import one of `changed` (transitively), other than `changed` themselves, sorted. */
export function importersOf(projectFiles: Iterable<string>, changed: Iterable<string>): string[] {
  // every file a specifier could name -> the files whose specifiers could name it (existence is not asked: a deleted
  // helper still changes what its importers' findings are)
  const importedBy = new Map<string, Set<string>>();
  for (const file of projectFiles) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const specifier of relativeSpecifiers(text)) {
      for (const candidate of specifierCandidates(file, specifier)) {
        let importers = importedBy.get(candidate);
        if (!importers) importedBy.set(candidate, (importers = new Set()));
        importers.add(file);
      }
    }
  }
  const given = new Set(changed);
  const reached = new Set<string>(given);
  let frontier = [...given];
  // the analysis reads modules up to MAX_MODULE_DEPTH below the linted file: one hop more is a safe bound
  for (let hop = 0; hop <= MAX_MODULE_DEPTH && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const file of frontier) {
      for (const importer of importedBy.get(file) ?? []) {
        if (reached.has(importer)) continue;
        reached.add(importer);
        next.push(importer);
      }
    }
    frontier = next;
  }
  return [...reached].filter((file) => !given.has(file)).sort();
}
