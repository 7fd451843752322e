/**
 * One analysis per file, shared by the rules: the first rule to ask makes it and adds its recording listeners, the
 * others only read it; a file that never names an fs module gets none. Also the analyser of other modules of the
 * project (the same analysis through ESLint's Linter). Inputs: a rule's context. Outputs: listeners and the analysis.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import path from 'node:path';
import type { CodePathListeners } from '../code-path.js';
import { mentionsFsModule } from '../fs-calls.js';
import { mentionsFsLikeObject } from '../fs-injected.js';
import { unwrap } from '../handles.js';
import { resolverFor, type ModuleAnalyser, type ModuleSummaries } from '../modules.js';
import { readSettings } from '../settings.js';
import { FileAnalysis } from './index.js';
import type { FileInputs } from './steps.js';
import { literalString } from './syntax.js';

interface Shared {
  analysis: FileAnalysis | undefined;
  /** The analysis threw on this file: every rule stays silent on it rather than abort the user's whole lint run. */
  failed: boolean;
}

/**
 * A rule that cannot understand a program says nothing about it; it never throws. The failure is reported once per
 * file as a process warning. Tests set DURABILITY_ANALYSIS_ERRORS=throw so that no failure goes unseen there.
 */
export { guarded as guardedForTest };
function guarded<A extends unknown[]>(entry: Shared, filename: string, run: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    if (entry.failed) return;
    try {
      run(...args);
    } catch (error) {
      if (process.env.DURABILITY_ANALYSIS_ERRORS === 'throw') throw error;
      entry.failed = true;
      const message = error instanceof Error ? error.message : String(error);
      process.emitWarning(`eslint-plugin-durability could not analyse ${filename} (${message}); it reports nothing for this file. Please report this with the file's code.`, 'DurabilityAnalysisWarning');
    }
  };
}

const shared = new WeakMap<object, Shared>();

/**
 * Returns the listeners a rule adds to see the file's analysis: `onDone` is called once the whole program has been
 * walked. The first rule to ask records; the others only read. A file that never names an fs module gets no
 * recording at all (unless type information could reveal a handle whose origin is out of sight).
 */
export function useFileAnalysis(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  onDone: (analysis: FileAnalysis) => void,
  options: { depth?: number; force?: boolean } = {},
): TSESLint.RuleListener {
  const sourceCode = context.sourceCode;
  const key = sourceCode.ast as object;
  let entry = shared.get(key);
  let recording: TSESLint.RuleListener = {};
  if (!entry) {
    // Bad settings are an error in every file, not only in the files that happen to touch fs.
    readSettings((context.settings as Record<string, unknown> | undefined)?.durability);
    const services = sourceCode.parserServices as { program?: unknown } | undefined;
    const typed = Boolean(services?.program);
    const settings = context.settings as Record<string, unknown>;
    const modules = moduleContext(context, options.depth ?? 0);
    const active =
      options.force === true ||
      mentionsFsModule(sourceCode.ast, sourceCode.text) ||
      mentionsFsLikeObject(sourceCode.text) ||
      (typed && /\.(sync|datasync|write|writev|end)\s*\(/.test(sourceCode.text)) ||
      hasUserHelpers(settings, sourceCode.text) ||
      (modules !== undefined && importsModuleThatUsesFs(sourceCode.ast, modules));
    const created: Shared = { analysis: undefined, failed: false };
    entry = created;
    shared.set(key, entry);
    guarded(created, context.filename, () => {
      created.analysis = active ? new FileAnalysis({ sourceCode, settings: settings?.durability, parserServices: services, modules, filename: context.filename }) : undefined;
      const listeners = (created.analysis?.listeners() ?? {}) as Record<string, ((...args: unknown[]) => void) | undefined>;
      recording = Object.fromEntries(Object.entries(listeners).map(([selector, listener]) => [selector, listener && guarded(created, context.filename, listener)]));
    })();
  }
  const current = entry;
  const analysis = current.analysis;
  if (!analysis) return {};
  const recordEnd = (recording as CodePathListeners).onCodePathEnd;
  const finish = guarded(current, context.filename, () => onDone(analysis));
  const listeners: CodePathListeners = {
    onCodePathEnd(codePath, node) {
      recordEnd?.(codePath, node);
      if (node.type === 'Program') finish();
    },
  };
  return { ...recording, ...(listeners as unknown as TSESLint.RuleListener) };
}

/** The linted file and its project's module resolver, when the file is a real file under ESLint's cwd. */
function moduleContext(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, depth: number): FileInputs['modules'] {
  const file = context.physicalFilename ?? context.filename;
  const root = context.cwd;
  if (!file || !root || !path.isAbsolute(file) || path.relative(root, file).startsWith('..')) return undefined;
  const languageOptions = context.languageOptions as { parser?: unknown; parserOptions?: Record<string, unknown>; sourceType?: string };
  const settings = (context.settings as Record<string, unknown> | undefined)?.durability;
  const resolver = resolverFor(root, languageOptions.parser as object | undefined, () => moduleAnalyser(languageOptions, settings));
  return { file, resolver, depth };
}

/**
 * Analyses another module of the project with the same analysis, through ESLint's Linter (for ESLint's code paths)
 * and the parser the project lints with; type information is not asked for (it would cost a program per module).
 */
function moduleAnalyser(
  languageOptions: { parser?: unknown; parserOptions?: Record<string, unknown>; sourceType?: string },
  settings: unknown,
): ModuleAnalyser {
  const { project: _project, projectService: _service, programs: _programs, tsconfigRootDir: _root, ...parserOptions } = languageOptions.parserOptions ?? {};
  return (file, text, resolver, depth) => {
    let captured: ModuleSummaries | undefined;
    const capture = {
      meta: { type: 'problem' as const, schema: [] },
      create(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>) {
        return useFileAnalysis(context, (analysis) => {
          captured = analysis.exportedSummaries();
        }, { depth, force: true });
      },
    };
    const extension = path.extname(file) || '.js';
    const linter = new Linter({ cwd: resolver.root });
    try {
      linter.verify(
        text,
        [
          {
            files: [`**/*${extension}`],
            languageOptions: {
              ...(languageOptions.parser ? { parser: languageOptions.parser as Linter.Parser } : {}),
              sourceType: extension === '.cjs' ? 'commonjs' : ((languageOptions.sourceType ?? 'module') as 'module'),
              parserOptions,
            },
            plugins: { 'durability-modules': { rules: { capture: capture as never } } },
            rules: { 'durability-modules/capture': 'error' },
            settings: { durability: settings },
          },
        ],
        { filename: file },
      );
    } catch (error) {
      // a module we cannot analyse contributes nothing (a parse error is a fatal message, not a throw)
      if (process.env.DURABILITY_ANALYSIS_ERRORS === 'throw') throw error;
      return undefined;
    }
    return captured;
  };
}

/** Does the file import a module of the project that (itself or through its own imports) uses fs? */
function importsModuleThatUsesFs(program: TSESTree.Program, modules: NonNullable<FileInputs['modules']>): boolean {
  for (const specifier of relativeSpecifiers(program)) {
    const resolved = modules.resolver.resolve(modules.file, specifier);
    if (resolved && modules.resolver.usesFs(resolved, modules.depth)) return true;
  }
  return false;
}

function relativeSpecifiers(program: TSESTree.Program): string[] {
  const found: string[] = [];
  for (const statement of program.body) {
    if ((statement.type === 'ImportDeclaration' || statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportAllDeclaration') && statement.source) {
      const value = String(statement.source.value);
      if (value.startsWith('.')) found.push(value);
    }
    // const { x } = require('./io') at the top level
    // import io = require('./io')
    if (statement.type === 'TSImportEqualsDeclaration' && statement.moduleReference.type === 'TSExternalModuleReference') {
      const value = String(statement.moduleReference.expression.value);
      if (value.startsWith('.')) found.push(value);
    }
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        const init = declarator.init ? unwrap(declarator.init) : undefined;
        if (init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require') {
          const value = literalString(init.arguments[0]);
          if (value?.startsWith('.')) found.push(value);
        }
      }
    }
  }
  return found;
}

function hasUserHelpers(settings: Record<string, unknown> | undefined, text: string): boolean {
  const durability = settings?.durability as { syncFunctions?: unknown[]; writeFunctions?: unknown[]; renameFunctions?: unknown[] } | undefined;
  const helpers = [...(durability?.syncFunctions ?? []), ...(durability?.writeFunctions ?? []), ...(durability?.renameFunctions ?? [])];
  return helpers.some((item) => {
    const name = typeof item === 'string' ? item : (item as { name?: string })?.name;
    return typeof name === 'string' && text.includes(name);
  });
}
