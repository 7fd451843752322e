/**
 * The parts of ESLint's code path API we use. `@typescript-eslint/utils` still declares the ESLint 8 shape
 * (`currentSegments`), so we declare the ESLint 9/10 one ourselves.
 */
import type { TSESTree } from '@typescript-eslint/utils';

export interface CodePathSegment {
  readonly id: string;
  readonly reachable: boolean;
  readonly nextSegments: readonly CodePathSegment[];
  readonly prevSegments: readonly CodePathSegment[];
}

export interface CodePath {
  readonly id: string;
  readonly origin: 'program' | 'function' | 'class-field-initializer' | 'class-static-block';
  readonly initialSegment: CodePathSegment;
  readonly finalSegments: readonly CodePathSegment[];
  /** Segments that end by `return` or by running off the end: normal completion. */
  readonly returnedSegments: readonly CodePathSegment[];
  readonly thrownSegments: readonly CodePathSegment[];
  readonly upper: CodePath | null;
}

export interface CodePathListeners {
  onCodePathStart?(codePath: CodePath, node: TSESTree.Node): void;
  onCodePathEnd?(codePath: CodePath, node: TSESTree.Node): void;
  onCodePathSegmentStart?(segment: CodePathSegment, node: TSESTree.Node): void;
  onCodePathSegmentEnd?(segment: CodePathSegment, node: TSESTree.Node): void;
  onUnreachableCodePathSegmentStart?(segment: CodePathSegment, node: TSESTree.Node): void;
  onUnreachableCodePathSegmentEnd?(segment: CodePathSegment, node: TSESTree.Node): void;
}
