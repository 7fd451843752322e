/**
 * A log destroyed (truncated, unlinked, removed, reopened with 'w', emptied, renamed over) while another handle
 * written earlier may still be dirty: the log was the only durable copy of that data. Report points: destroys.
 */
import { createRule, reportOptionSchema } from '../src/create-rule.js';
import { useFileAnalysis } from '../src/analysis/index.js';
import { syncBeforeStatement } from '../src/suggest.js';

export type Options = [{ report?: 'evident' | 'all' }];
export type MessageId = 'destroyWhileDirty' | 'destroyWhileDirtyFile' | 'insertSync';

export default createRule<Options, MessageId>({
  name: 'require-sync-before-truncate',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require data to be synced before the log that protects it is truncated or removed',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      destroyWhileDirty:
        '`{{destroyed}}` is {{how}} here while `{{dirty}}`, written on line {{line}}, may not be on disk yet: a crash now loses data that only `{{destroyed}}` held. Sync `{{dirty}}` first.',
      destroyWhileDirtyFile:
        '`{{destroyed}}` is {{how}} here while the data written to the file `{{dirty}}` on line {{line}} may not be on disk yet: a crash now loses data that only `{{destroyed}}` held. Write that file through a handle and fsync it first.',
      insertSync: 'Insert `{{code}}` before this statement.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          report: reportOptionSchema('the dirty handle is evidently meant to be durable'),
        },
      },
    ],
  },
  defaultOptions: [{ report: 'evident' }],
  create(context, [options]) {
    const reportAll = options.report === 'all';
    return useFileAnalysis(context, (analysis) => {
      const sourceCode = context.sourceCode;
      for (const finding of analysis.findings({ optionGuardedSyncCounts: true }).destroysWhileDirty) {
        if (!finding.evident && !reportAll) continue;
        const insert = syncBeforeStatement(sourceCode, (statement, key) => analysis.closesHandle(statement, key), finding);
        context.report({
          node: finding.destroy as never,
          // a path is not a handle: there is nothing to call sync on, the write itself has to change
          messageId: finding.dirtyKind === 'path' ? 'destroyWhileDirtyFile' : 'destroyWhileDirty',
          data: { how: finding.replaced ? 'replaced (renamed over)' : 'destroyed', destroyed: finding.destroyedText, dirty: finding.dirtyText, line: String(finding.anchor.loc.start.line) },
          suggest: insert ? [{ messageId: 'insertSync', data: { code: insert.code }, fix: insert.fix }] : [],
        });
      }
    });
  },
});
