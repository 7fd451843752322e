/**
 * `rename(tmp, target)` while what was written to `tmp` may still be only in the page cache: the rename is atomic but
 * not durable, and after a power loss `target` can be empty or hold part of the new data (the ext4 zero-length files
 * of 2009). Report points: renames. The flow is src/analysis.ts's.
 */
import { createRule, reportOptionSchema } from '../src/create-rule.js';
import { useFileAnalysis } from '../src/analysis.js';
import { syncBeforeStatement } from '../src/suggest.js';

export type Options = [{ report?: 'evident' | 'all' }];
export type MessageId = 'renameWhileDirty' | 'insertSync';

export default createRule<Options, MessageId>({
  name: 'require-fsync-before-rename',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the data of a file to be synced before the file is renamed into place',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      renameWhileDirty:
        '`{{source}}` is renamed over `{{target}}` here while `{{dirty}}`, written on line {{line}}, may not be on disk yet: the rename is atomic but not durable, and after a power loss `{{target}}` can be empty or partly written. Sync `{{dirty}}` before the rename.',
      insertSync: 'Insert `{{code}}` before the rename (and before the close of the handle).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          report: reportOptionSchema('durability is evidently meant (the handle is synced elsewhere, flushed, long-lived, or the directory is synced after the rename)'),
        },
      },
    ],
  },
  defaultOptions: [{ report: 'evident' }],
  create(context, [options]) {
    const reportAll = options.report === 'all';
    return useFileAnalysis(context, (analysis) => {
      const sourceCode = context.sourceCode;
      for (const finding of analysis.findings({ optionGuardedSyncCounts: true }).renamesOfDirty) {
        if (!finding.evident && !reportAll) continue;
        const insert = syncBeforeStatement(sourceCode, (statement, key) => analysis.closesHandle(statement, key), finding, { afterAnchor: true });
        context.report({
          node: finding.rename as never,
          messageId: 'renameWhileDirty',
          data: { source: finding.sourceText, target: finding.targetText, dirty: finding.dirtyText, line: String(finding.anchor.loc.start.line) },
          suggest: insert ? [{ messageId: 'insertSync', data: { code: insert.code }, fix: insert.fix }] : [],
        });
      }
    });
  },
});
