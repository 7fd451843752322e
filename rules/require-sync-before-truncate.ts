/**
 * A log destroyed (truncated, unlinked, removed, reopened with 'w', emptied, renamed over) while another handle
 * written earlier may still be dirty: the log was the only durable copy of that data. Report points: destroys.
 */
import { createRule } from '../src/create-rule.js';
import { useFileAnalysis } from '../src/analysis.js';
import { syncBeforeStatement } from '../src/suggest.js';

export type Options = [{ report?: 'evident' | 'all' }];
export type MessageId = 'destroyWhileDirty' | 'insertSync';

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
        '`{{destroyed}}` is destroyed here while `{{dirty}}`, written on line {{line}}, may not be on disk yet: a crash now loses data that only `{{destroyed}}` held. Sync `{{dirty}}` first.',
      insertSync: 'Insert `{{code}}` before this statement.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          report: {
            type: 'string',
            enum: ['evident', 'all'],
            description:
              "'evident' reports only when the dirty handle is evidently meant to be durable; 'all' reports every dirty handle.",
          },
        },
      },
    ],
  },
  defaultOptions: [{ report: 'evident' }],
  create(context, [options]) {
    const reportAll = options.report === 'all';
    return useFileAnalysis(context, (analysis) => {
      const sourceCode = context.sourceCode;
      const seen = new Set<string>();
      for (const finding of analysis.findings({ optionGuardedSyncCounts: true }).destroysWhileDirty) {
        if (!finding.evident && !reportAll) continue;
        // one report per destroy and dirty handle, at its first write
        const id = `${finding.destroy.range[0]}:${finding.dirtyKey}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const insert = syncBeforeStatement(sourceCode, (statement, key) => analysis.closesHandle(statement, key), finding, { fieldsOnly: true });
        context.report({
          node: finding.destroy as never,
          messageId: 'destroyWhileDirty',
          data: { destroyed: finding.destroyedText, dirty: finding.dirtyText, line: String(finding.anchor.loc.start.line) },
          suggest: insert ? [{ messageId: 'insertSync', data: { code: insert.code }, fix: insert.fix }] : [],
        });
      }
    });
  },
});
