/**
 * A file the module reads back (its state) rewritten in place: `writeFile(p, data)`, `copyFile(src, p)`, or an open
 * of `p` with `'w'`. The rewrite truncates first, and a crash before the new contents are on disk leaves the only copy
 * empty or partial, fsync or not. Report points: the rewriting calls. The findings are src/analysis/state-files.ts's.
 */
import { createRule, reportOptionSchema } from '../src/create-rule.js';
import { useFileAnalysis, type InPlaceOverwrite } from '../src/analysis/index.js';
import { atomicReplaceSuggestion } from '../src/suggest.js';

export type Options = [{ report?: 'evident' | 'all' }];
export type MessageId = 'inPlaceWrite' | 'inPlaceCopy' | 'inPlaceOpen' | 'replaceAtomically';

export default createRule<Options, MessageId>({
  name: 'require-atomic-replace',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a file that holds state to be replaced through a synced temp file and a rename, not rewritten in place',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      inPlaceWrite:
        '`{{path}}` is read back {{readWhere}}: it holds state, and this write replaces it in place. The write truncates it first, and a crash before the new contents reach the disk leaves it empty or partial. Write a temp file, fsync it, rename it over `{{path}}`, then fsync the directory.',
      inPlaceCopy:
        '`{{path}}` is read back {{readWhere}}: it holds state, and this copy replaces it in place. A crash during the copy leaves it empty or partial. Copy to a temp file, fsync it, rename it over `{{path}}`, then fsync the directory.',
      inPlaceOpen:
        '`{{path}}` is read back {{readWhere}}: it holds state, and this open truncates it before it is rewritten. A crash before the new contents reach the disk leaves it empty or partial. Write a temp file, fsync it, rename it over `{{path}}`, then fsync the directory.',
      replaceAtomically: 'Write `{{path}}` through a temp file: write, fsync, rename over it, fsync its directory.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          report: reportOptionSchema('the file is not a cache (its path, module, class or guard does not say cache)'),
        },
      },
    ],
  },
  defaultOptions: [{ report: 'evident' }],
  create(context, [options]) {
    const reportAll = options.report === 'all';
    return useFileAnalysis(context, (analysis) => {
      for (const finding of analysis.inPlaceOverwrites()) {
        if (!finding.evident && !reportAll) continue;
        const fix = finding.how === 'write' ? atomicReplaceSuggestion(context.sourceCode, finding.write) : undefined;
        context.report({
          node: finding.write as never,
          messageId: finding.how === 'write' ? 'inPlaceWrite' : finding.how === 'copy' ? 'inPlaceCopy' : 'inPlaceOpen',
          data: { path: finding.pathText, readWhere: readWhere(finding.readAt) },
          suggest: fix ? [{ messageId: 'replaceAtomically', data: { path: finding.pathText }, fix }] : [],
        });
      }
    });
  },
});

/** "on line 12", or "by the base class `Store`" when the class inherits the reading from a class of another module. */
function readWhere(readAt: InPlaceOverwrite['readAt']): string {
  const parent = readAt.parent;
  const inherited = (parent?.type === 'ClassDeclaration' || parent?.type === 'ClassExpression') && parent.superClass === readAt && readAt.type === 'Identifier';
  return inherited ? `by the base class \`${readAt.name}\`` : `on line ${readAt.loc.start.line}`;
}
