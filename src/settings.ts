/**
 * Shared settings (`settings.durability` in the ESLint config): facts about the user's own code that the analysis
 * cannot see, used by every rule. Rule options, by contrast, only choose what a rule reports.
 *
 *   settings: { durability: {
 *     syncFunctions: ['fsyncFile', { name: 'syncHandle', handleArg: 1 }],  // calls that fsync their argument
 *     writeFunctions: ['saveFile', { name: 'put', pathArg: 1, dataArg: 2 }], // calls that write a file by path, unsynced
 *     renameFunctions: ['move', { name: 'swap', sourceArg: 0, targetArg: 1 }], // calls that rename a file, unsynced
 *     acknowledgeFunctions: ['reply', 'resolveWrite'],                    // calls that tell the caller "saved"
 *     durableHandles: ['wal', '^this\\.journal'],                          // handles that must always be synced
 *   } }
 */
export interface DurabilitySettings {
  /** function name -> index of the argument it syncs */
  syncFunctions: Map<string, number>;
  /** function or method name -> where the path and the data are: a one-shot write by path that syncs nothing */
  writeFunctions: Map<string, { pathArg: number; dataArg: number }>;
  /** function or method name -> which argument is renamed to which: a rename that syncs nothing */
  renameFunctions: Map<string, { sourceArg: number; targetArg: number }>;
  acknowledgeFunctions: Set<string>;
  durableHandles: RegExp[];
}

export class SettingsError extends Error {}

function fail(message: string): never {
  throw new SettingsError(`eslint-plugin-durability: settings.durability${message.startsWith('.') ? '' : ' '}${message}`);
}

export function readSettings(raw: unknown): DurabilitySettings {
  const settings: DurabilitySettings = { syncFunctions: new Map(), writeFunctions: new Map(), renameFunctions: new Map(), acknowledgeFunctions: new Set(), durableHandles: [] };
  if (raw === undefined || raw === null) return settings;
  if (typeof raw !== 'object' || Array.isArray(raw)) fail(`must be an object, got ${JSON.stringify(raw)}`);
  const known = new Set(['syncFunctions', 'writeFunctions', 'renameFunctions', 'acknowledgeFunctions', 'durableHandles']);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) fail(`has an unknown key "${key}" (known: ${[...known].join(', ')})`);
  }
  const value = raw as Record<string, unknown>;
  const list = (name: string): unknown[] => {
    const item = value[name];
    if (item === undefined) return [];
    if (!Array.isArray(item)) fail(`.${name} must be an array`);
    return item;
  };
  for (const item of list('syncFunctions')) {
    if (typeof item === 'string' && item) settings.syncFunctions.set(item, 0);
    else if (
      item &&
      typeof item === 'object' &&
      typeof (item as { name?: unknown }).name === 'string' &&
      Object.keys(item).every((k) => k === 'name' || k === 'handleArg')
    ) {
      const handleArg = (item as { handleArg?: unknown }).handleArg ?? 0;
      if (typeof handleArg !== 'number' || !Number.isInteger(handleArg) || handleArg < 0) {
        fail(`.syncFunctions: handleArg of "${(item as { name: string }).name}" must be a non-negative integer`);
      }
      settings.syncFunctions.set((item as { name: string }).name, handleArg);
    } else {
      fail(`.syncFunctions entries must be a function name or { name, handleArg? }, got ${JSON.stringify(item)}`);
    }
  }
  for (const item of list('writeFunctions')) {
    const { name, pathArg, dataArg } = helperEntry('writeFunctions', item, { pathArg: 0, dataArg: 1 });
    settings.writeFunctions.set(name, { pathArg, dataArg });
  }
  for (const item of list('renameFunctions')) {
    const { name, sourceArg, targetArg } = helperEntry('renameFunctions', item, { sourceArg: 0, targetArg: 1 });
    settings.renameFunctions.set(name, { sourceArg, targetArg });
  }
  for (const item of list('acknowledgeFunctions')) {
    if (typeof item !== 'string' || !item) fail(`.acknowledgeFunctions entries must be non-empty strings, got ${JSON.stringify(item)}`);
    settings.acknowledgeFunctions.add(item);
  }
  for (const item of list('durableHandles')) {
    if (typeof item !== 'string' || !item) fail(`.durableHandles entries must be non-empty strings (regular expressions), got ${JSON.stringify(item)}`);
    try {
      settings.durableHandles.push(new RegExp(item));
    } catch (error) {
      fail(`.durableHandles: ${JSON.stringify(item)} is not a valid regular expression (${(error as Error).message})`);
    }
  }
  return settings;
}

/**
 * One entry of a helper list: a name, or `{ name, <position>: n, ... }` with the positions this list knows
 * (defaults given). Anything else is an error that says what was expected.
 */
function helperEntry<P extends Record<string, number>>(list: string, item: unknown, defaults: P): P & { name: string } {
  const positions = Object.keys(defaults);
  const expected = `a function name or { name${positions.map((p) => `, ${p}?`).join('')} }`;
  if (typeof item === 'string') {
    if (!item) fail(`.${list} entries must be ${expected}, got ""`);
    return { ...defaults, name: item };
  }
  if (!item || typeof item !== 'object' || Array.isArray(item)) fail(`.${list} entries must be ${expected}, got ${JSON.stringify(item)}`);
  const entry = item as Record<string, unknown>;
  if (typeof entry.name !== 'string' || !entry.name) fail(`.${list} entries must be ${expected}, got ${JSON.stringify(item)}`);
  const unknown = Object.keys(entry).filter((k) => k !== 'name' && !positions.includes(k));
  if (unknown.length > 0) fail(`.${list}: "${entry.name}" has an unknown key "${unknown[0]}" (known: name, ${positions.join(', ')})`);
  const result: Record<string, number | string> = { ...defaults, name: entry.name };
  for (const position of positions) {
    const value = entry[position] ?? defaults[position];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail(`.${list}: ${position} of "${entry.name}" must be a non-negative integer, got ${JSON.stringify(entry[position])}`);
    result[position] = value;
  }
  return result as P & { name: string };
}
