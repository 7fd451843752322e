/**
 * Finds the calls of catalogued fs APIs in one file, through every import form:
 * `import * as fs`, default and named imports, `fs.promises`, `fs/promises`, `require('node:fs')`,
 * destructuring, TypeScript's `import fs = require('fs')`. The tracker walks scopes, never the file's code.
 */
import { CALL, CONSTRUCT, READ, ReferenceTracker, type TraceMap } from '@eslint-community/eslint-utils';
import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope } from 'eslint';
import { FS_API, FS_MODULE_TABLE, PACKAGE_MODULES, STREAM_PIPELINE, fsModuleOf, type ApiRow, type ApiStyle, type FsModule } from './catalog.js';
import { findInjectedFsCalls, promisifiedCalls, userHelperRows, type UserHelpers } from './fs-injected.js';

interface TraceInfo {
  row?: ApiRow;
  constant?: string;
  pipeline?: ApiStyle;
}

type Trace = TraceMap<TraceInfo>;

/** A row as a drop-in module exposes it: fs-extra's and mz's callback forms return a promise without a callback. */
export function asDropIn(row: ApiRow, callbacks: FsModule['callbacks']): ApiRow {
  if (row.style !== 'callback' || callbacks === undefined || callbacks === 'callback') return row;
  return callbacks === 'promise' ? { ...row, style: 'promise' } : { ...row, style: 'promise', optionalCallback: true };
}

function rowsTrace(owner: 'fs' | 'fs/promises', module: FsModule): Trace {
  const trace: Trace = {};
  for (const row of FS_API) {
    // READ too: `promisify(fs.fsync)` passes the function itself
    if (row.owner === owner) {
      const own = asDropIn(row, module.callbacks);
      trace[row.name] = { [CALL]: { row: own }, [READ]: { row: own } };
    }
  }
  if (owner === 'fs') {
    // fs.WriteStream(p) and new fs.WriteStream(p) are createWriteStream(p)
    const stream = FS_API.find((row) => row.owner === 'fs' && row.name === 'createWriteStream');
    if (stream) trace.WriteStream = { [CALL]: { row: stream }, [CONSTRUCT]: { row: stream } };
  }
  for (const row of FS_API) if (module.members && row.owner === module.members) trace[row.name] = { [CALL]: { row }, [READ]: { row } };
  return trace;
}

/** fs.constants.O_SYNC and friends, read as values (flags may be built from them). */
function constantsTrace(): Trace {
  const names = ['O_SYNC', 'O_DSYNC', 'O_TRUNC', 'O_APPEND', 'O_CREAT', 'O_WRONLY', 'O_RDWR', 'O_RDONLY', 'O_EXCL'];
  const trace: Trace = {};
  for (const name of names) trace[name] = { [READ]: { constant: name } };
  return trace;
}

const traceCache = new Map<string, Trace[string]>();

/** The trace of one module's members, built once from the catalog. */
function moduleTrace(specifier: string): Trace[string] | undefined {
  const cached = traceCache.get(specifier);
  if (cached) return cached;
  let trace: Trace[string] | undefined;
  const module = fsModuleOf(specifier);
  const owner = PACKAGE_MODULES.get(specifier);
  if (module?.shape === 'fs') {
    const promises = rowsTrace('fs/promises', { name: 'fs/promises', shape: 'fs/promises' });
    trace = { ...rowsTrace('fs', module), promises, constants: constantsTrace() };
  } else if (module) {
    // fs/promises re-exports constants too
    trace = { ...rowsTrace('fs/promises', module), constants: constantsTrace() };
  } else if (owner) {
    // a package: its `default` row is the module called (or constructed) itself, other rows are its members
    trace = {};
    for (const row of FS_API) {
      if (row.owner !== owner) continue;
      const target: Trace[string] = row.name === 'default' ? trace : ((trace[row.name] ??= {}) as Trace[string]);
      target[CALL] = { row };
      if (row.kind === 'open') target[CONSTRUCT] = { row };
    }
  }
  if (trace) traceCache.set(specifier, trace);
  return trace;
}

/** module name -> trace of its members, for the modules this file imports. */
function fsTraceMap(specifiers: Iterable<string>): Trace {
  const map: Trace = {};
  for (const specifier of specifiers) {
    const trace = moduleTrace(specifier);
    if (trace) map[specifier] = trace;
  }
  return map;
}

export interface FsReferences {
  /** Calls of catalogued module functions (constructors too: `new Writer(p)`, `new fs.WriteStream(p)`). */
  calls: Map<TSESTree.CallExpression, ApiRow>;
  /** Catalogued functions read as values (`promisify(fs.fsync)`): the reference node -> row. */
  values: Map<TSESTree.Node, ApiRow>;
  /** Reads of fs.constants members (O_SYNC, ...). */
  constants: Map<TSESTree.Node, string>;
  /** Local names by which `fsyncSync`-like functions can be called, for suggestions: row name -> callee text. */
  calleeText: Map<string, string>;
  /** Calls of `stream`'s `pipeline` (callback style) and `stream/promises`' (promise style). */
  pipelines: Map<TSESTree.CallExpression, ApiStyle>;
}

/** `stream.pipeline`, `stream.promises.pipeline`, `stream/promises`' `pipeline`. */
function pipelineTraceMap(): Trace {
  const promise: Trace = { [STREAM_PIPELINE.name]: { [CALL]: { pipeline: 'promise' } } };
  const map: Trace = {};
  for (const name of STREAM_PIPELINE.callbackModules) map[name] = { [STREAM_PIPELINE.name]: { [CALL]: { pipeline: 'callback' } }, promises: promise };
  for (const name of STREAM_PIPELINE.promiseModules) map[name] = promise;
  return map;
}

function isModuleName(value: unknown): value is string {
  return typeof value === 'string' && (fsModuleOf(value) !== undefined || PACKAGE_MODULES.has(value));
}

const MODULE_TEXT = new RegExp(
  `\\brequire\\s*\\(\\s*['"\`](?:${[...FS_MODULE_TABLE.map((m) => m.name), ...PACKAGE_MODULES.keys()].map((n) => n.replace(/[/.]/g, '\\$&')).join('|')}|[^'"\`]*/(?:fs-extra|graceful-fs))['"\`]`,
);

/** Does this file import or require an fs module at all? A cheap test that lets most files skip analysis. */
export function mentionsFsModule(program: TSESTree.Program, text: string): boolean {
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration' && isModuleName(statement.source.value)) return true;
    if (
      statement.type === 'TSImportEqualsDeclaration' &&
      statement.moduleReference.type === 'TSExternalModuleReference' &&
      isModuleName(statement.moduleReference.expression.value)
    ) {
      return true;
    }
  }
  return MODULE_TEXT.test(text);
}

export function findFsReferences(
  sourceCode: {
    ast: TSESTree.Program;
    scopeManager: Scope.ScopeManager | null;
    text: string;
    visitorKeys?: Record<string, readonly string[] | undefined>;
    getText(node: TSESTree.Node): string;
  },
  helpers: UserHelpers = { writeFunctions: new Map(), renameFunctions: new Map() },
): FsReferences {
  const result: FsReferences = { calls: new Map(), values: new Map(), constants: new Map(), calleeText: new Map(), pipelines: new Map() };
  const globalScope = sourceCode.scopeManager?.globalScope;
  if (!globalScope) return result;
  const tracker = new ReferenceTracker(globalScope as never, { mode: 'legacy' });
  const specifiers = new Set<string>();
  for (const statement of sourceCode.ast.body) {
    if (statement.type === 'ImportDeclaration' && typeof statement.source.value === 'string') specifiers.add(statement.source.value);
    if (statement.type === 'TSImportEqualsDeclaration' && statement.moduleReference.type === 'TSExternalModuleReference') specifiers.add(String(statement.moduleReference.expression.value));
  }

  const take = (found: Iterable<{ node: unknown; info: TraceInfo }>): void => {
    for (const { node, info } of found) {
      const type = (node as TSESTree.Node).type;
      if (info.row && (type === 'CallExpression' || type === 'NewExpression')) {
        // a constructor call has a call's shape (callee, arguments): the steps read only those
        const call = node as TSESTree.CallExpression;
        result.calls.set(call, info.row);
        if (!result.calleeText.has(`${info.row.owner}:${info.row.name}`)) {
          result.calleeText.set(`${info.row.owner}:${info.row.name}`, sourceCode.getText(call.callee as TSESTree.Node));
        }
      } else if (info.row && type === 'ImportSpecifier') {
        // `import { fsync } from 'fs'` read as a value: each reference of the local name is the function itself
        for (const variable of sourceCode.scopeManager?.getDeclaredVariables(node as never) ?? []) {
          for (const reference of variable.references) result.values.set(reference.identifier as unknown as TSESTree.Node, info.row);
        }
      } else if (info.row) {
        result.values.set(node as TSESTree.Node, info.row);
      } else if (info.constant) {
        result.constants.set(node as TSESTree.Node, info.constant);
      }
    }
  };

  const pipelines = pipelineTraceMap();
  const takePipelines = (found: Iterable<{ node: unknown; info: TraceInfo }>): void => {
    for (const { node, info } of found) if (info.pipeline) result.pipelines.set(node as TSESTree.CallExpression, info.pipeline);
  };
  takePipelines(tracker.iterateEsmReferences(pipelines) as Iterable<{ node: unknown; info: TraceInfo }>);

  // require('fs') wherever `require` is not a local binding: CommonJS files and TypeScript files alike.
  const requireVariable = globalScope.set.get('require');
  const requireCalls: TSESTree.CallExpression[] = [];
  const unresolvedRequires = globalScope.through.filter((ref) => ref.identifier.name === 'require');
  const requireIdentifiers = [
    ...unresolvedRequires.map((ref) => ref.identifier),
    ...(requireVariable && requireVariable.defs.length === 0 ? requireVariable.references.map((ref) => ref.identifier) : []),
  ];
  for (const identifier of requireIdentifiers) {
    const parent = (identifier as TSESTree.Node).parent;
    if (parent?.type === 'CallExpression' && parent.callee === identifier && !requireCalls.includes(parent)) {
      requireCalls.push(parent);
    }
  }
  const requireNames = new Map<TSESTree.CallExpression, string>();
  for (const call of requireCalls) {
    const argument = call.arguments[0];
    const name = argument?.type === 'Literal' ? argument.value : argument?.type === 'TemplateLiteral' && argument.expressions.length === 0 ? argument.quasis[0]?.value.cooked : undefined;
    if (typeof name === 'string' && pipelines[name]) takePipelines(tracker.iteratePropertyReferences(call as never, pipelines[name] as Trace) as Iterable<{ node: unknown; info: TraceInfo }>);
    if (isModuleName(name)) {
      requireNames.set(call, name);
      specifiers.add(name);
    }
  }
  const traceMap = fsTraceMap(specifiers);
  take(tracker.iterateEsmReferences(traceMap) as Iterable<{ node: unknown; info: TraceInfo }>);
  for (const [call, name] of requireNames) {
    take(tracker.iteratePropertyReferences(call as never, traceMap[name] as Trace) as Iterable<{ node: unknown; info: TraceInfo }>);
  }

  // import fs = require('fs')
  for (const statement of sourceCode.ast.body) {
    if (
      statement.type !== 'TSImportEqualsDeclaration' ||
      statement.moduleReference.type !== 'TSExternalModuleReference' ||
      !isModuleName(statement.moduleReference.expression.value)
    ) {
      continue;
    }
    const trace = traceMap[statement.moduleReference.expression.value] as Trace;
    const variable = sourceCode.scopeManager?.getDeclaredVariables(statement as never)[0];
    for (const reference of variable?.references ?? []) {
      if (reference.identifier === (statement.id as unknown)) continue;
      take(tracker.iteratePropertyReferences(reference.identifier as never, trace) as Iterable<{ node: unknown; info: TraceInfo }>);
    }
  }
  // promisified fs functions, fs-like objects the module did not import (an injected `fs`, a context typed with fs's
  // members), and the user's own write and rename helpers named in the settings
  for (const [call, row] of promisifiedCalls(sourceCode, result.values)) if (!result.calls.has(call)) result.calls.set(call, row);
  for (const [call, row] of findInjectedFsCalls(sourceCode, result.calls)) result.calls.set(call, row);
  for (const [call, row] of userHelperRows(sourceCode, helpers, result.calls)) result.calls.set(call, row);
  return result;
}
