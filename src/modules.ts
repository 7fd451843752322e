/**
 * Cross-module summaries: what a function of another module of the project does to the handles it is given
 * (`appendRecord(fd, buf)` leaves `fd` dirty, `syncFile(fd)` leaves it clean), so that a call counts where it is
 * made. The other module is parsed and analysed with the same analysis (through ESLint's Linter, so that the code
 * paths are ESLint's), never loaded or run; its summaries are cached per file. Only files under the project root
 * are read; a relative import is resolved the way TypeScript's NodeNext resolution does (`./io.js` -> `./io.ts`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { mentionsFsLikeObject } from './fs-injected.js';

/** A handle a summary speaks of: a parameter (by position) and a property path on it, or a class field key. */
export interface PortableHandle {
  param?: number;
  /** `this:<Class>.<field>` or `s:<literal path>`: the same name in every module. */
  key?: string;
  rest: string;
  /** The pseudo-handle of the directory named by this handle. */
  directory?: boolean;
}

export interface PortableEffect extends PortableHandle {
  value: 'clean' | 'dirty';
  /** Dirty at the exit of a function that acknowledges (an entry of its module): reported there, not at its callers. */
  acknowledged?: boolean;
}

export interface PortableSummary {
  isAsync: boolean;
  /** How the function leaves handles on its normal exits. */
  effects: PortableEffect[];
  /** Handles it really syncs on some path (evidence that they are meant to be durable). */
  syncs: PortableHandle[];
}

export interface ModuleSummaries {
  /** Local declaration name, export name (and `default`) -> summary; class methods as `Class.method`. */
  functions: Map<string, PortableSummary>;
  /** `Class.field` -> the kind of handle the field holds (FileHandle, WriteStream, fd), for subclasses elsewhere. */
  fieldKinds: Map<string, string>;
  /** `Class.field` -> the class reads the file the field names back (its state), for subclasses elsewhere. */
  readFields?: Set<string>;
  /** `export { a as b } from './x'` and `export * from './x'`. */
  reexports: { from: string; names: Map<string, string> | '*' }[];
}

/** Analyses one module's text and returns its summaries (set by src/analysis/shared.ts, which owns the analysis). */
export type ModuleAnalyser = (file: string, text: string, resolver: ModuleResolver, depth: number) => ModuleSummaries | undefined;

/** The fs module names in import/require text (src/fs-calls.ts has the precise test on the AST). */
const FS_MODULE_TEXT = /['"`](?:node:)?fs(?:\/promises)?['"`]|['"`](?:[^'"`\s]*\/)?(?:fs-extra|graceful-fs)['"`]|['"`](?:mz\/fs|bfile|steno|random-access-file|polyraf|write-file-atomic)['"`]/;
const RELATIVE_SPECIFIER = /(from\s*|require\s*\(\s*|import\s*\(\s*)['"](\.\.?\/[^'"]+)['"]/g;
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];
/** Deeper import chains are not followed: a bound on work per keystroke, not on correctness. */
export const MAX_MODULE_DEPTH = 4;

/** The relative specifiers a module's text imports, requires or re-exports (a text scan, no parse). */
export function relativeSpecifiers(text: string): string[] {
  return [...text.matchAll(RELATIVE_SPECIFIER)].map((match) => match[2] as string);
}

/** The files a relative specifier may name, in the order they are tried (none for a package specifier). */
export function specifierCandidates(fromFile: string, specifier: string): string[] {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return [];
  const base = path.resolve(path.dirname(fromFile), specifier);
  const stem = base.replace(/\.(m|c)?js$/, '');
  return [base, ...EXTENSIONS.map((ext) => stem + ext), ...EXTENSIONS.map((ext) => path.join(base, `index${ext}`))];
}

export class ModuleResolver {
  private readonly cache = new Map<string, { mtime: number; summaries: ModuleSummaries | undefined }>();
  private readonly inProgress = new Set<string>();

  constructor(
    readonly root: string,
    private readonly analyse: ModuleAnalyser,
  ) {}

  /** The file a relative specifier names, inside the project root, or undefined. */
  resolve(fromFile: string, specifier: string): string | undefined {
    for (const candidate of specifierCandidates(fromFile, specifier)) {
      if (!this.inside(candidate)) continue;
      try {
        if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
      } catch {
        // unreadable: not resolvable
      }
    }
    return undefined;
  }

  private inside(file: string): boolean {
    const relative = path.relative(this.root, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) && !relative.split(path.sep).includes('node_modules');
  }

  private readonly fsUse = new Map<string, boolean>();

  /**
   * Whether a module of the project uses fs, itself or through the relative imports it makes (a text test, no
   * parse): a file that imports none of those needs no analysis.
   */
  usesFs(file: string, depth: number): boolean {
    const cached = this.fsUse.get(file);
    if (cached !== undefined) return cached;
    if (depth > MAX_MODULE_DEPTH || this.inProgress.has(file)) return false;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return false;
    }
    let result = FS_MODULE_TEXT.test(text) || mentionsFsLikeObject(text);
    this.inProgress.add(file);
    try {
      for (const specifier of relativeSpecifiers(text)) {
        if (result) break;
        const next = this.resolve(file, specifier);
        if (next) result = this.usesFs(next, depth + 1);
      }
    } finally {
      this.inProgress.delete(file);
    }
    this.fsUse.set(file, result);
    return result;
  }

  /** The summaries of a module of the project, analysed once per version of the file. */
  summariesOf(file: string, depth: number): ModuleSummaries | undefined {
    if (depth > MAX_MODULE_DEPTH || this.inProgress.has(file) || !this.inside(file)) return undefined;
    let mtime: number;
    let source: string;
    try {
      mtime = statSync(file).mtimeMs;
      const cached = this.cache.get(file);
      if (cached && cached.mtime === mtime) return cached.summaries;
      source = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    this.inProgress.add(file);
    try {
      const summaries = this.analyse(file, source, this, depth + 1);
      this.cache.set(file, { mtime, summaries });
      return summaries;
    } finally {
      this.inProgress.delete(file);
    }
  }

  /** The summary of `name` exported by `specifier` from `fromFile`, through re-exports. */
  lookup(fromFile: string, specifier: string, name: string, depth: number): PortableSummary | undefined {
    return this.find(fromFile, specifier, name, depth, (summaries, wanted) => summaries.functions.get(wanted));
  }

  /** The handle kinds of the fields of class `name` exported by `specifier`: `field` -> kind. */
  fieldKindsOf(fromFile: string, specifier: string, name: string, depth: number): Map<string, string> | undefined {
    return this.find(fromFile, specifier, name, depth, (summaries, wanted) => {
      const kinds = new Map<string, string>();
      for (const [field, kind] of summaries.fieldKinds) if (field.startsWith(`${wanted}.`)) kinds.set(field.slice(wanted.length + 1), kind);
      return kinds.size > 0 ? kinds : undefined;
    });
  }

  /** The fields of class `name` exported by `specifier` whose files the class reads back. */
  readFieldsOf(fromFile: string, specifier: string, name: string, depth: number): Set<string> | undefined {
    return this.find(fromFile, specifier, name, depth, (summaries, wanted) => {
      const fields = new Set<string>();
      for (const field of summaries.readFields ?? []) if (field.startsWith(`${wanted}.`)) fields.add(field.slice(wanted.length + 1));
      return fields.size > 0 ? fields : undefined;
    });
  }

  private find<T>(fromFile: string, specifier: string, name: string, depth: number, pick: (summaries: ModuleSummaries, wanted: string) => T | undefined): T | undefined {
    let file = this.resolve(fromFile, specifier);
    const [head, ...tail] = name.split('.');
    let wanted = head as string;
    const suffix = tail.length > 0 ? `.${tail.join('.')}` : '';
    // a loop over re-export hops, bounded: `export * from` chains are short in real code
    for (let hops = 0; file && hops < 8; hops++) {
      const summaries = this.summariesOf(file, depth);
      if (!summaries) return undefined;
      const found = pick(summaries, wanted + suffix);
      if (found) return found;
      let next: string | undefined;
      for (const reexport of summaries.reexports) {
        if (reexport.names === '*' || reexport.names.has(wanted)) {
          if (reexport.names !== '*') wanted = reexport.names.get(wanted) as string;
          next = this.resolve(file, reexport.from);
          if (next) break;
        }
      }
      file = next;
    }
    return undefined;
  }
}

const resolvers = new Map<string, WeakMap<object, ModuleResolver>>();
const DEFAULT_PARSER = {};

/**
 * One resolver (and cache) per project root and parser: a module is analysed with the parser of the file that
 * imports it (a `.cjs` file linted with espree must not make the project's TypeScript modules parse with espree).
 */
export function resolverFor(root: string, parser: object | undefined, analyse: () => ModuleAnalyser): ModuleResolver {
  let byParser = resolvers.get(root);
  if (!byParser) {
    byParser = new WeakMap();
    resolvers.set(root, byParser);
  }
  const key = parser ?? DEFAULT_PARSER;
  let resolver = byParser.get(key);
  if (!resolver) {
    resolver = new ModuleResolver(root, analyse());
    byParser.set(key, resolver);
  }
  return resolver;
}
