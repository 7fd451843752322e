/**
 * Fresh module instances of a workload: `run` and every `recover` load the workload module, and everything it imports
 * or requires, anew, while the model is installed, so copies of fs members see the model and no in-memory cache
 * answers a recover. ESM: a resolve hook gives every file URL imported from an instance the instance's query; CommonJS:
 * the require cache is emptied before each instance (and put back afterwards).
 */
import { createRequire, register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

const QUERY = 'durability-crash-instance';

/** The resolve hook, as source: registered from a data: URL so that it needs no build step and no TypeScript loader. */
const HOOK = `
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const match = context.parentURL && /[?&]${QUERY}=(\\d+)/.exec(context.parentURL);
  if (!match || !resolved.url.startsWith('file:') || resolved.url.includes('${QUERY}=')) return resolved;
  return { ...resolved, url: resolved.url + (resolved.url.includes('?') ? '&' : '?') + '${QUERY}=' + match[1] };
}
`;

const registered = Symbol.for('eslint-plugin-durability.crash.instanceHook');
const requireCache = createRequire(import.meta.url).cache;
type Importer = (url: string) => Promise<Record<string, unknown>>;
// A native import(), out of reach of a bundler's or test runner's rewriting of import() (vitest would cache the
// module). Where code is itself evaluated by a test runner's vm (vitest), a Function has no import callback: a script
// compiled with Node's main loader (experimental in Node 20 and 22, which warns once) does the import then.
const viaFunction = new Function('url', 'return import(url)') as Importer;
let viaScript: Importer | undefined;
async function nativeImport(url: string): Promise<Record<string, unknown>> {
  if (!viaScript) {
    try {
      return await viaFunction(url);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING') throw error;
      viaScript = new vm.Script('(url) => import(url)', { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER }).runInThisContext() as Importer;
    }
  }
  return viaScript(url);
}
let nextInstance = 1;

export interface WorkloadModule {
  run(context: { dir: string; acknowledge(key: string, value: unknown): void; begin(key: string, value: unknown): void }): unknown;
  recover(context: { dir: string }): unknown;
}

/** Loads workload modules from `file` (ESM or CommonJS), a fresh instance each time; `close()` puts the require cache back. */
export function instanceLoader(file: string): { load(): Promise<WorkloadModule>; close(): void } {
  const g = globalThis as Record<symbol, unknown>;
  if (!g[registered]) {
    register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
    g[registered] = true;
  }
  const saved = { ...requireCache };
  // every instance may hook the process (signal-exit, when-exit add exit and signal listeners): allowed while the
  // test runs, removed after it
  const listening = new Map(process.eventNames().map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const maxListeners = process.getMaxListeners();
  process.setMaxListeners(0);
  const url = pathToFileURL(path.resolve(file)).href;
  return {
    async load() {
      for (const key of Object.keys(requireCache)) delete requireCache[key];
      const loaded = await nativeImport(`${url}?${QUERY}=${nextInstance++}`);
      // CommonJS: module.exports is the default export (named exports as well when Node can see them)
      const candidate = (typeof loaded.run === 'function' ? loaded : (loaded.default ?? loaded)) as Partial<WorkloadModule>;
      if (typeof candidate.run !== 'function' || typeof candidate.recover !== 'function') throw new WorkloadError(`${file} must export run({ dir, acknowledge }) and recover({ dir })`);
      return candidate as WorkloadModule;
    },
    close() {
      for (const key of Object.keys(requireCache)) delete requireCache[key];
      Object.assign(requireCache, saved);
      for (const event of process.eventNames())
        for (const listener of process.listeners(event as NodeJS.Signals)) if (!listening.get(event)?.has(listener)) process.removeListener(event, listener);
      process.setMaxListeners(maxListeners);
    },
  };
}

/** The workload itself is broken (exit 2), as opposed to a crash finding. */
export class WorkloadError extends Error {}
