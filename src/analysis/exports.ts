/**
 * What this module offers other modules of the project: each exported function's and method's summary in portable
 * form (parameters by position, fields by class), re-exports, and the handle kinds of its classes' fields. Inputs: the
 * file inputs, the recording (every function summarised), facts, the SyncIndex. Outputs: ModuleSummaries.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, type FunctionNode } from '../handles.js';
import type { ModuleSummaries, PortableHandle, PortableSummary } from '../modules.js';
import { directoryOfEntries, fieldOf, isDirectoryEntries, isFieldKey } from './handle-keys.js';
import type { FileFacts } from './facts.js';
import type { Recording } from './recorder.js';
import { EXPORTED_OPTIONS, summaryFor, type FileInputs } from './steps.js';
import type { StateFiles } from './state-files.js';
import { callerOwns, type SyncIndex } from './summaries.js';
import { exportName } from './syntax.js';

export class ModuleExports {
  constructor(
    private readonly inputs: FileInputs,
    private readonly recording: Recording,
    private readonly facts: FileFacts,
    private readonly syncs: SyncIndex,
    private readonly stateFiles: StateFiles,
  ) {}

  /** What this module exports, as summaries another module can apply (after the file is prepared). */
  summaries(): ModuleSummaries {
    const functions = new Map<string, PortableSummary>();
    const synced = this.syncs.byFunction;
    for (const fn of this.recording.functions) {
      if (!isFunctionNode(fn.node)) continue;
      const names = this.declaredNames(fn.node);
      if (names.length === 0) continue;
      const effects: PortableSummary['effects'] = [];
      for (const [key, value] of summaryFor(fn, EXPORTED_OPTIONS).exit) {
        const handle = this.portableHandle(key, fn.node);
        if (!handle) continue;
        // an entry function reports a file it was given by path and leaves dirty at its own exit (unless the handle is
        // its caller's to sync); a field of its object stays the caller's report too, where the object is used
        const acknowledged =
          value !== 'clean' && handle.param !== undefined && fn.role === 'entry' && !callerOwns(key, this.inputs, this.recording, this.facts, this.syncs);
        effects.push({ ...handle, value: value === 'clean' ? 'clean' : 'dirty', ...(acknowledged ? { acknowledged } : {}) });
      }
      const syncs: PortableHandle[] = [];
      for (const key of synced.get(fn) ?? []) {
        const handle = this.portableHandle(key, fn.node);
        if (handle) syncs.push(handle);
      }
      const summary: PortableSummary = { isAsync: fn.isAsync, effects, syncs };
      for (const name of names) functions.set(name, summary);
    }
    const reexports: ModuleSummaries['reexports'] = [];
    for (const statement of this.inputs.sourceCode.ast.body) {
      if (statement.type === 'ExportAllDeclaration' && !statement.exported) reexports.push({ from: String(statement.source.value), names: '*' });
      if (statement.type === 'ExportNamedDeclaration' && statement.source) {
        const names = new Map<string, string>();
        for (const specifier of statement.specifiers) {
          const local = exportName(specifier.local);
          const exported = exportName(specifier.exported);
          names.set(exported, local);
        }
        reexports.push({ from: String(statement.source.value), names });
      }
      // export { a as b }, export default a
      if (statement.type === 'ExportNamedDeclaration' && !statement.source) {
        for (const specifier of statement.specifiers) {
          const local = exportName(specifier.local);
          const exported = exportName(specifier.exported);
          for (const [name, summary] of [...functions]) {
            if (name === local) functions.set(exported, summary);
            else if (name.startsWith(`${local}.`)) functions.set(`${exported}${name.slice(local.length)}`, summary);
          }
        }
      }
      if (statement.type === 'ExportDefaultDeclaration' && statement.declaration.type === 'Identifier') {
        const local = statement.declaration.name;
        for (const [name, summary] of [...functions]) {
          if (name === local) functions.set('default', summary);
          else if (name.startsWith(`${local}.`)) functions.set(`default${name.slice(local.length)}`, summary);
        }
      }
    }
    const fieldKinds = new Map<string, string>();
    for (const [key, kind] of this.facts.kinds) {
      const field = fieldOf(key);
      if (field && !field.path.includes('.') && kind !== 'path') fieldKinds.set(`${field.className}.${field.path}`, kind);
    }
    const readFields = this.stateFiles.readFields();
    for (const [local, exported] of this.exportedClassNames()) {
      for (const [field, kind] of [...fieldKinds]) if (field.startsWith(`${local}.`)) fieldKinds.set(`${exported}${field.slice(local.length)}`, kind);
      for (const field of [...readFields]) if (field.startsWith(`${local}.`)) readFields.add(`${exported}${field.slice(local.length)}`);
    }
    return { functions, reexports, fieldKinds, readFields };
  }

  /** `export { Local as Exported }`, `export default Local`: local class name -> exported name. */
  private exportedClassNames(): [string, string][] {
    const names: [string, string][] = [];
    for (const statement of this.inputs.sourceCode.ast.body) {
      if (statement.type === 'ExportNamedDeclaration' && !statement.source) {
        for (const specifier of statement.specifiers) names.push([exportName(specifier.local), exportName(specifier.exported)]);
      }
      if (statement.type === 'ExportDefaultDeclaration') {
        const declaration = statement.declaration;
        if (declaration.type === 'Identifier') names.push([declaration.name, 'default']);
        if (declaration.type === 'ClassDeclaration' && declaration.id) names.push([declaration.id.name, 'default']);
      }
    }
    return names;
  }

  /** `f` for `function f` / `const f = () =>`; `Class.m` (and `default.m` for a default-exported class) for methods. */
  private declaredNames(node: FunctionNode): string[] {
    const parent = node.parent;
    if (node.type === 'FunctionDeclaration') {
      const names = node.id ? [node.id.name] : [];
      if (parent?.type === 'ExportDefaultDeclaration') names.push('default');
      return names;
    }
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return [parent.id.name];
    if (parent?.type === 'MethodDefinition' && parent.kind !== 'constructor' && !parent.computed) {
      const cls = parent.parent.parent as TSESTree.ClassDeclaration | TSESTree.ClassExpression;
      const method = parent.key.type === 'Identifier' ? parent.key.name : parent.key.type === 'PrivateIdentifier' ? `#${parent.key.name}` : undefined;
      if (!method) return [];
      const names = [`${this.inputs.namer.classKey(cls)}.${method}`];
      if (cls.parent?.type === 'ExportDefaultDeclaration') names.push(`default.${method}`);
      return names;
    }
    if (parent?.type === 'ExportDefaultDeclaration') return ['default'];
    return [];
  }

  private portableHandle(key: string, fnNode: FunctionNode): PortableHandle | undefined {
    const directory = isDirectoryEntries(key);
    const bare = directory ? directoryOfEntries(key) : key;
    const parameter = this.inputs.namer.parameterRoot(bare);
    if (parameter && parameter.fn === fnNode) return { param: parameter.index, rest: parameter.rest, directory };
    if (isFieldKey(bare) || bare.startsWith('s:')) return { key: bare, rest: '', directory };
    return undefined;
  }
}
