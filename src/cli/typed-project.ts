/**
 * The TypeScript Program behind a typed `durability-check` run: a tsconfig.json read and compiled by the project's own
 * `typescript` (the one @typescript-eslint/parser runs), through a compiler host that refuses every path outside the
 * project root. Only a typed run loads this module.
 *
 * Why a Program of our own rather than `parserOptions.projectService`: handing the parser one Program
 * (`parserOptions.programs`) took about half the CPU time of the project service on this repository's TypeScript files
 * (lint phase 4.5 s against 8.5–10 s for the reference engines, 8–9 s against 12–13 s for all 60 files, measured with
 * ts-morph's Program, which this module replaced), and the host keeps every read inside the root.
 */
import path from 'node:path';
import ts from 'typescript';
import { isInside, isSource } from './paths.js';
import { UsageError } from './usage-error.js';

export interface TypedProject {
  program: ts.Program;
  /** The Program's own source files under the root (not node_modules, not declarations): absolute path → text. */
  files: Map<string, string>;
  /** Why the types are weaker than the user expects (the fs module's types missing, a `types` entry not found). */
  warnings: string[];
}

const CANNOT_FIND_TYPE_DEFINITION = 2688;
const NO_INPUTS = 18003;

/**
 * Reads allowed inside the root, and in TypeScript's own lib folder (the lib.*.d.ts files ship with the compiler, not
 * with the checked project). Symbolic links that leave the root resolve to themselves, which reads then refuse.
 */
function guardedHosts(root: string, options: ts.CompilerOptions): { config: ts.ParseConfigFileHost; compiler: ts.CompilerHost } {
  const libDir = path.dirname(ts.getDefaultLibFilePath(options));
  const readable = (p: string) => isInside(root, path.resolve(p)) || isInside(libDir, path.resolve(p));
  const notFound = (p: string) => new Error(`not reading ${p}: outside the project root ${root}`);
  const readFile = (file: string): string | undefined => {
    if (!readable(file)) throw notFound(file);
    return ts.sys.readFile(file);
  };
  const fileExists = (file: string) => readable(file) && ts.sys.fileExists(file);
  const directoryExists = (dir: string) => readable(dir) && ts.sys.directoryExists(dir);
  const realpath = (p: string) => {
    if (!readable(p)) return p;
    const resolved = ts.sys.realpath?.(p) ?? p;
    return readable(resolved) ? resolved : p;
  };
  const config: ts.ParseConfigFileHost = {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    getCurrentDirectory: () => root,
    readFile,
    fileExists,
    readDirectory: (dir, extensions, excludes, includes, depth) =>
      readable(dir) ? ts.sys.readDirectory(dir, extensions, excludes, includes, depth).filter(readable) : [],
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new UsageError(ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
    },
  };
  const compiler = ts.createCompilerHost(options, true);
  const getSourceFile = compiler.getSourceFile.bind(compiler);
  Object.assign(compiler, {
    getCurrentDirectory: () => root,
    readFile: (file: string) => (readable(file) ? ts.sys.readFile(file) : undefined),
    fileExists,
    directoryExists,
    realpath,
    getDirectories: (dir: string) => (readable(dir) ? ts.sys.getDirectories(dir) : []),
    getSourceFile: (file: string, ...rest: [ts.ScriptTarget | ts.CreateSourceFileOptions, ((message: string) => void)?, boolean?]) =>
      readable(file) ? getSourceFile(file, ...rest) : undefined,
    writeFile: () => {
      throw new Error('durability-check never writes');
    },
  } satisfies Partial<ts.CompilerHost>);
  return { config, compiler };
}

/** Loads a tsconfig.json into a Program. Throws `UsageError` when the tsconfig cannot be read or is wrong. */
export function loadTypedProject(tsconfig: string, root: string): TypedProject {
  const shown = path.relative(root, tsconfig) || tsconfig;
  const hosts = guardedHosts(root, {});
  let parsed: ts.ParsedCommandLine | undefined;
  try {
    parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, { noEmit: true }, hosts.config);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${shown}: ${error.message}`);
    throw new UsageError(`cannot read ${shown}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!parsed) throw new UsageError(`cannot read ${shown}`);
  // a tsconfig whose include matches nothing still loads (it types nothing); deprecations are not errors here
  const fatal = parsed.errors.find((d) => d.category === ts.DiagnosticCategory.Error && d.code !== NO_INPUTS && !/deprecated/i.test(ts.flattenDiagnosticMessageText(d.messageText, ' ')));
  if (fatal) throw new UsageError(`${shown}: ${ts.flattenDiagnosticMessageText(fatal.messageText, ' ')}`);

  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    projectReferences: parsed.projectReferences,
    host: guardedHosts(root, parsed.options).compiler,
  });
  const files = new Map<string, string>();
  for (const sourceFile of program.getSourceFiles()) {
    const file = path.resolve(sourceFile.fileName);
    if (isInside(root, file) && !file.split(path.sep).includes('node_modules') && isSource(file)) files.set(file, sourceFile.text);
  }
  return { program, files, warnings: typeWarnings(program, shown) };
}

/**
 * Without Node's types (`@types/node` not installed, or a `types` entry that leaves it out) the rules still run, but
 * they no longer recognise `FileHandle` or `WriteStream` receivers by type: say so rather than find less in silence.
 */
function typeWarnings(program: ts.Program, shown: string): string[] {
  const warnings: string[] = [];
  const missing = program
    .getOptionsDiagnostics()
    .filter((d) => d.code === CANNOT_FIND_TYPE_DEFINITION)
    // the head of the chain only: the rest explains why the file is in the program
    .map((d) => (typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText));
  for (const message of new Set(missing)) warnings.push(`${shown}: ${message}`);
  const ambient = new Set(program.getTypeChecker().getAmbientModules().map((m) => m.getName()));
  if (!ambient.has('"fs"') && !ambient.has('"node:fs"')) {
    warnings.push(
      `${shown}: the types of Node's fs module do not resolve (install @types/node, and list "node" in compilerOptions.types if the tsconfig has a types entry); typed checks that need them find less`,
    );
  }
  return warnings;
}
