/**
 * Handle keys, the names of handles in flow states and summaries, made and read only here: `this:<Class>.<field>` is
 * a field of an instance (`this.fd`, `this.log.fd` through the field's class), `dir:<key>` the entries of a
 * directory (dirtied by creates, renames and removals), anything else a variable, a literal path or a path expression
 * (HandleNamer in handles.ts makes those). Inputs and outputs: strings; no state.
 */

/** Keys of the pseudo-handle "the entries of this directory". */
export const DIRECTORY_KEY_PREFIX = 'dir:';

/** The key of the entries of the directory whose key is `directory`. */
export function directoryEntriesKey(directory: string): string {
  return `${DIRECTORY_KEY_PREFIX}${directory}`;
}

export function isDirectoryEntries(key: string): boolean {
  return key.startsWith(DIRECTORY_KEY_PREFIX);
}

/** The directory whose entries `key` names (`key` must be a directory-entries key). */
export function directoryOfEntries(key: string): string {
  return key.slice(DIRECTORY_KEY_PREFIX.length);
}

const PARENT_PREFIX = 'parent:';

/** The directory a file named by `fileKey` is in, when only `path.dirname()` of the file's path names it. */
export function parentDirectoryKey(fileKey: string): string {
  return `${PARENT_PREFIX}${fileKey}`;
}

export function isParentDirectory(directory: string): boolean {
  return directory.startsWith(PARENT_PREFIX);
}

const FIELD_PREFIX = 'this:';

/** A field of an instance: the class key and the field path after it (`fd`, `log.fd`). */
export interface FieldKey {
  className: string;
  path: string;
}

export function fieldKey(className: string, path: string): string {
  return `${FIELD_PREFIX}${className}.${path}`;
}

export function isFieldKey(key: string): boolean {
  return key.startsWith(FIELD_PREFIX);
}

/** `this:Log.fd` -> { className: 'Log', path: 'fd' }; undefined for any other key (or `this:Log`, the instance). */
export function fieldOf(key: string): FieldKey | undefined {
  if (!isFieldKey(key)) return undefined;
  const rest = key.slice(FIELD_PREFIX.length);
  const dot = rest.indexOf('.');
  return dot < 0 ? undefined : { className: rest.slice(0, dot), path: rest.slice(dot + 1) };
}

/** What follows `this:` (a class key and its field path): the key the namer's field and class maps use. */
export function fieldPathOf(key: string): string {
  return key.slice(FIELD_PREFIX.length);
}
