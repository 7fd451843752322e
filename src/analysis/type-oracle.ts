/**
 * The type oracle (optional): with typescript-eslint's parser services, the handle kind and class of an expression and
 * whether it is a string. Inputs: the parser services. Outputs: the oracle, one per program, or none without types.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { TypeOracle } from '../handles.js';

type Node = TSESTree.Node;

export interface TypedOracle extends TypeOracle {
  isString?(node: Node): boolean;
}

const oracles = new WeakMap<object, TypedOracle | undefined>();

export function makeTypeOracle(parserServices: unknown): TypedOracle | undefined {
  const services = parserServices as
    | { program?: import('typescript').Program | null; esTreeNodeToTSNodeMap?: { get(node: Node): import('typescript').Node } }
    | undefined;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return undefined;
  if (oracles.has(services)) return oracles.get(services);
  const checker = services.program.getTypeChecker();
  const map = services.esTreeNodeToTSNodeMap;
  const typeOf = (node: Node) => {
    try {
      return checker.getTypeAtLocation(map.get(node));
    } catch {
      return undefined;
    }
  };
  const symbolNames = (node: Node): string[] => {
    const type = typeOf(node);
    if (!type) return [];
    const parts = type.isUnion() ? type.types : [type];
    return parts.map((t) => (t.getSymbol() ?? t.aliasSymbol)?.getName() ?? '').filter(Boolean);
  };
  const oracle: TypedOracle = {
    handleKindOf(node) {
      const names = symbolNames(node);
      if (names.includes('FileHandle')) return 'FileHandle';
      if (names.includes('WriteStream')) return 'WriteStream';
      return undefined;
    },
    classNameOf(node) {
      const type = typeOf(node);
      const symbol = type?.getSymbol();
      const declaration = symbol?.declarations?.[0];
      if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
      return symbol?.getName();
    },
    isString(node) {
      const type = typeOf(node);
      if (!type) return true;
      return checker.typeToString(checker.getBaseTypeOfLiteralType(type)) === 'string';
    },
  };
  oracles.set(services, oracle);
  return oracle;
}
