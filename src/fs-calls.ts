/**
 * Finds the calls of catalogued fs APIs in one file, through every import form:
 * `import * as fs`, default and named imports, `fs.promises`, `fs/promises`, `require('node:fs')`,
 * destructuring, TypeScript's `import fs = require('fs')`. The tracker walks scopes, never the file's code.
 */
import { CALL, READ, ReferenceTracker, type TraceMap } from '@eslint-community/eslint-utils';
import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope } from 'eslint';
import { DURABLE_HELPER_MODULES, FS_API, FS_MODULES, FS_PROMISES_MODULES, STREAM_PIPELINE, type ApiRow, type ApiStyle } from './catalog.js';

interface TraceInfo {
  row?: ApiRow;
  constant?: string;
  pipeline?: ApiStyle;
}

type Trace = TraceMap<TraceInfo>;

function rowsTrace(owner: 'fs' | 'fs/promises'): Trace {
  const trace: Trace = {};
  for (const row of FS_API) {
    // READ too: `promisify(fs.fsync)` passes the function itself
    if (row.owner === owner) trace[row.name] = { [CALL]: { row }, [READ]: { row } };
  }
  return trace;
}

/** fs.constants.O_SYNC and friends, read as values (flags may be built from them). */
function constantsTrace(): Trace {
  const names = ['O_SYNC', 'O_DSYNC', 'O_TRUNC', 'O_APPEND', 'O_CREAT', 'O_WRONLY', 'O_RDWR', 'O_RDONLY', 'O_EXCL'];
  const trace: Trace = {};
  for (const name of names) trace[name] = { [READ]: { constant: name } };
  return trace;
}

let cachedTraceMap: Trace | undefined;

/** module name -> trace of its members, built once from the catalog. */
export function fsTraceMap(): Trace {
  if (cachedTraceMap) return cachedTraceMap;
  const promises = rowsTrace('fs/promises');
  const fsTrace: Trace = { ...rowsTrace('fs'), promises, constants: constantsTrace() };
  // fs/promises re-exports constants too
  const promisesModule: Trace = { ...promises, constants: constantsTrace() };
  const map: Trace = {};
  for (const name of FS_MODULES) map[name] = fsTrace;
  for (const name of FS_PROMISES_MODULES) map[name] = promisesModule;
  // a helper package: its `default` row is the module called as a function, other rows are its members
  for (const name of DURABLE_HELPER_MODULES) {
    const trace: Trace[string] = {};
    for (const row of FS_API) {
      if (row.owner !== name) continue;
      if (row.name === 'default') trace[CALL] = { row };
      else trace[row.name] = { [CALL]: { row } };
    }
    map[name] = trace;
  }
  cachedTraceMap = map;
  return map;
}

export interface FsReferences {
  /** Calls of catalogued module functions. */
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

const MODULE_NAMES: readonly string[] = [...FS_MODULES, ...FS_PROMISES_MODULES, ...DURABLE_HELPER_MODULES];

function isModuleName(value: unknown): value is string {
  return typeof value === 'string' && MODULE_NAMES.includes(value);
}

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
  return /\brequire\s*\(\s*['"`](?:node:)?fs(?:\/promises)?['"`]|\brequire\s*\(\s*['"`](?:fs-extra|graceful-fs|write-file-atomic)['"`]/.test(text);
}

export function findFsReferences(sourceCode: {
  ast: TSESTree.Program;
  scopeManager: Scope.ScopeManager | null;
  getText(node: TSESTree.Node): string;
}): FsReferences {
  const result: FsReferences = { calls: new Map(), values: new Map(), constants: new Map(), calleeText: new Map(), pipelines: new Map() };
  const globalScope = sourceCode.scopeManager?.globalScope;
  if (!globalScope) return result;
  const tracker = new ReferenceTracker(globalScope as never, { mode: 'legacy' });
  const traceMap = fsTraceMap();

  const take = (found: Iterable<{ node: unknown; info: TraceInfo }>): void => {
    for (const { node, info } of found) {
      if (info.row && (node as TSESTree.Node).type === 'CallExpression') {
        const call = node as TSESTree.CallExpression;
        result.calls.set(call, info.row);
        if (!result.calleeText.has(`${info.row.owner}:${info.row.name}`)) {
          result.calleeText.set(`${info.row.owner}:${info.row.name}`, sourceCode.getText(call.callee as TSESTree.Node));
        }
      } else if (info.row) {
        result.values.set(node as TSESTree.Node, info.row);
      } else if (info.constant) {
        result.constants.set(node as TSESTree.Node, info.constant);
      }
    }
  };

  take(tracker.iterateEsmReferences(traceMap) as Iterable<{ node: unknown; info: TraceInfo }>);
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
  for (const call of requireCalls) {
    const argument = call.arguments[0];
    const name = argument?.type === 'Literal' ? argument.value : argument?.type === 'TemplateLiteral' && argument.expressions.length === 0 ? argument.quasis[0]?.value.cooked : undefined;
    if (typeof name === 'string' && pipelines[name]) takePipelines(tracker.iteratePropertyReferences(call as never, pipelines[name] as Trace) as Iterable<{ node: unknown; info: TraceInfo }>);
    if (!isModuleName(name)) continue;
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
  return result;
}
