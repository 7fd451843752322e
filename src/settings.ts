/**
 * Shared settings (`settings.durability` in the ESLint config): facts about the user's own code that the analysis
 * cannot see, used by every rule. Rule options, by contrast, only choose what a rule reports.
 *
 *   settings: { durability: {
 *     syncFunctions: ['fsyncFile', { name: 'syncHandle', handleArg: 1 }],  // calls that fsync their argument
 *     acknowledgeFunctions: ['reply', 'resolveWrite'],                    // calls that tell the caller "saved"
 *     durableHandles: ['wal', '^this\\.journal'],                          // handles that must always be synced
 *   } }
 */
export interface DurabilitySettings {
  /** function name -> index of the argument it syncs */
  syncFunctions: Map<string, number>;
  acknowledgeFunctions: Set<string>;
  durableHandles: RegExp[];
}

export class SettingsError extends Error {}

function fail(message: string): never {
  throw new SettingsError(`eslint-plugin-durability: settings.durability${message.startsWith('.') ? '' : ' '}${message}`);
}

export function readSettings(raw: unknown): DurabilitySettings {
  const settings: DurabilitySettings = { syncFunctions: new Map(), acknowledgeFunctions: new Set(), durableHandles: [] };
  if (raw === undefined || raw === null) return settings;
  if (typeof raw !== 'object' || Array.isArray(raw)) fail(`must be an object, got ${JSON.stringify(raw)}`);
  const known = new Set(['syncFunctions', 'acknowledgeFunctions', 'durableHandles']);
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
