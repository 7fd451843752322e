/**
 * Naming for messages: a function as a reader knows it (`append()`, `the module`), a handle at a report point (`this.fd`
 * in its own class, `Pager.fd` from another, as the write wrote it where that compiles). Inputs: the file inputs and
 * translation (how each write named its handle). Outputs: names; nothing here keeps state.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, unwrap } from '../handles.js';
import { fieldOf, isFieldKey } from './handle-keys.js';
import type { FileInputs } from './steps.js';
import { enclosingFunctionOrProgram } from './syntax.js';
import type { Translation } from './translate.js';

type Node = TSESTree.Node;

export function functionDisplayName(node: Node, sourceCode: { getText(node: Node): string }): string {
  if (node.type === 'Program') return 'the module';
  const parent = node.parent;
  if (parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition' || parent?.type === 'Property') {
    const key = parent.key;
    const name = key.type === 'Identifier' ? key.name : key.type === 'PrivateIdentifier' ? `#${key.name}` : sourceCode.getText(key);
    if (parent.type === 'MethodDefinition' && parent.kind === 'constructor') {
      // `new Store()`: what the caller wrote, and what returns to it
      const owner = parent.parent.parent;
      return `new ${(owner.type === 'ClassDeclaration' || owner.type === 'ClassExpression') && owner.id ? owner.id.name : 'this class'}()`;
    }
    return `${name}()`;
  }
  if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node.id) return `${node.id.name}()`;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return `${parent.id.name}()`;
  // Store.prototype.save = function () {…}, exports.save = function () {…}
  if (parent?.type === 'AssignmentExpression' && parent.right === node && parent.left.type === 'MemberExpression' && !parent.left.computed && parent.left.property.type === 'Identifier') {
    return `${parent.left.property.name}()`;
  }
  return 'this function';
}

export class Naming {
  constructor(
    private readonly inputs: FileInputs,
    private readonly translation: Translation,
  ) {}

  /** How to name a handle at `node`: `this.fd` inside its own class, `Pager.fd` from another class. */
  textAt(key: string, node: Node): string {
    const field = fieldOf(key);
    if (field) {
      if (this.inputs.namer.instanceOwner(node) !== field.className) return `${field.className}.${field.path}`;
      return `this.${field.path}`;
    }
    return this.inputs.namer.text(key);
  }

  /**
   * How to name the handle a write left dirty, at `node`: by its key (`this.fd`, also for an alias of it), except a
   * field of another class's instance, which is named as the write names it (`this.log.fd`) when both are in one
   * function, so that a suggested sync is code that compiles.
   */
  handleTextAt(key: string, anchor: Node, node: Node): string {
    const text = this.textAt(key, node);
    const written = this.translation.anchorHandles.get(anchor);
    const at = isFunctionNode(node) || node.type === 'Program' ? node : enclosingFunctionOrProgram(node);
    if (enclosingFunctionOrProgram(anchor) !== at) return text;
    // `this.fh!.write()`: keep the `!` so that the suggested `this.fh!.sync()` type-checks
    if (written?.type === 'TSNonNullExpression' && text === this.inputs.sourceCode.getText(unwrap(written) as never)) {
      return this.inputs.sourceCode.getText(written as never);
    }
    if (!isFieldKey(key) || text.startsWith('this.')) return text;
    if (written) return this.inputs.sourceCode.getText(unwrap(written) as never);
    // `this.pager.write(page)` of a class from another module: its field, through the receiver written here
    const callee = anchor.type === 'CallExpression' ? unwrap(anchor.callee) : undefined;
    const field = fieldOf(key)?.path;
    if (callee?.type === 'MemberExpression' && field && (this.translation.steps.get(anchor) ?? []).some((step) => step.kind === 'external')) {
      return `${this.inputs.sourceCode.getText(unwrap(callee.object) as never)}.${field}`;
    }
    return text;
  }
}
