/**
 * The recorder: ESLint's code path events and the nodes that matter, recorded while ESLint walks the file. Inputs:
 * the listeners' events. Outputs: a Recording (every function with its segments and their nodes, the segments of
 * catch and finally blocks, the nodes that declare classes and types), complete when the Program's code path ends.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { CodePathListeners, CodePathSegment } from '../code-path.js';
import { isFunctionNode } from '../handles.js';
import { functionDisplayName } from './naming.js';
import type { FunctionRecord } from './steps.js';
import { isCreationGuard, isLoggingOnly, isOptionGuard } from './syntax.js';

type Node = TSESTree.Node;

export interface Recording {
  readonly functions: FunctionRecord[];
  readonly functionByNode: Map<Node, FunctionRecord>;
  /** The segments a catch clause starts in: where a throw inside its try goes. */
  readonly catchSegments: Map<Node, CodePathSegment[]>;
  /** The segments a finally block starts in. */
  readonly finallySegments: Map<Node, CodePathSegment[]>;
  /** Assignments, declarators, fields and annotated parameters: what the facts stage reads class and handle types from. */
  readonly classFacts: Node[];
}

/** Listeners that record what the analysis needs while ESLint walks the file, and the recording they fill. */
export function recorder(sourceCode: TSESLint.SourceCode): { recording: Recording; listeners: TSESLint.RuleListener } {
  const recording: Recording = { functions: [], functionByNode: new Map(), catchSegments: new Map(), finallySegments: new Map(), classFacts: [] };
  const stack: { record: FunctionRecord; current: Set<CodePathSegment> }[] = [];
  const recordNode = (node: Node): void => {
    const top = stack[stack.length - 1];
    if (!top) return;
    for (const segment of top.current) top.record.records.get(segment.id)?.nodes.push(node);
  };
  const codePathListeners: CodePathListeners = {
    onCodePathStart: (codePath, node) => {
      const record: FunctionRecord = {
        node,
        codePath,
        records: new Map(),
        role: codePath.origin === 'program' || codePath.origin === 'function' ? 'entry' : 'initializer',
        name: functionDisplayName(node, sourceCode as never),
        isAsync: isFunctionNode(node) && node.async,
        summary: new Map(),
        callsFlushLike: false,
        chainedContinuations: [],
        callees: [],
        optionDependent: false,
        summaryDependsOnOptions: false,
        hasSteps: false,
        onlyCleans: true,
        destroys: false,
        renames: false,
        summarized: false,
        fixpoints: new Map(),
        summaries: new Map(),
      };
      recording.functions.push(record);
      recording.functionByNode.set(node, record);
      stack.push({ record, current: new Set() });
    },
    onCodePathEnd: () => {
      stack.pop();
    },
    onCodePathSegmentStart: (segment) => {
      const top = stack[stack.length - 1];
      if (!top) return;
      top.current.add(segment);
      if (!top.record.records.has(segment.id)) top.record.records.set(segment.id, { segment, nodes: [] });
    },
    onCodePathSegmentEnd: (segment) => {
      stack[stack.length - 1]?.current.delete(segment);
    },
  };
  const listeners: TSESLint.RuleListener = {
    ...(codePathListeners as unknown as TSESLint.RuleListener),
    'CallExpression:exit': recordNode,
    'NewExpression:exit': recordNode,
    ReturnStatement: recordNode,
    'IfStatement:exit': (node: TSESTree.IfStatement) => {
      if (isOptionGuard(node.test) || isCreationGuard(node.test, sourceCode as never)) recordNode(node);
    },
    'LogicalExpression:exit': (node: TSESTree.LogicalExpression) => {
      if (node.operator === '&&' && isOptionGuard(node.left)) recordNode(node);
    },
    'TryStatement > BlockStatement.finalizer': (node: TSESTree.BlockStatement) => {
      const top = stack[stack.length - 1];
      if (top) recording.finallySegments.set(node, [...top.current]);
    },
    CatchClause: (node: TSESTree.CatchClause) => {
      const top = stack[stack.length - 1];
      if (top) recording.catchSegments.set(node, [...top.current]);
      if (isLoggingOnly(node.body.body)) recordNode(node);
    },
    AssignmentExpression: (node: TSESTree.AssignmentExpression) => recording.classFacts.push(node),
    VariableDeclarator: (node: TSESTree.VariableDeclarator) => recording.classFacts.push(node),
    PropertyDefinition: (node: TSESTree.PropertyDefinition) => recording.classFacts.push(node),
    TSParameterProperty: (node: TSESTree.TSParameterProperty) => recording.classFacts.push(node),
    // parameters with a type annotation (`fh: FileHandle`, `pager: Pager`); the selector spares a call per identifier
    ':function > Identifier[typeAnnotation]': (node: TSESTree.Identifier) => {
      if (node.typeAnnotation && isFunctionNode(node.parent)) recording.classFacts.push(node);
    },
  };
  return { recording, listeners };
}
