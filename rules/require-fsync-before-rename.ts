/**
 * `rename(tmp, target)` while what was written to `tmp` may still be only in the page cache: the rename is atomic but
 * not durable, and after a power loss `target` can be empty or hold part of the new data (the ext4 zero-length files
 * of 2009). Report points: renames. The findings are src/analysis/report.ts's.
 */
import { createRule, reportOptionSchema } from '../src/create-rule.js';
import { useFileAnalysis } from '../src/analysis/index.js';
import { syncBeforeStatement } from '../src/suggest.js';

export type Options = [{ report?: 'evident' | 'all'; optionGuardedSync?: 'allow' | 'report' }];
export type MessageId = 'renameWhileDirty' | 'renameWhileDirtyFile' | 'renameWhileDirtyOptionGuarded' | 'insertSync';

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
      renameWhileDirtyFile:
        '`{{source}}` is renamed over `{{target}}` here while the data written to `{{dirty}}` on line {{line}} may not be on disk yet: the rename is atomic but not durable, and after a power loss `{{target}}` can be empty or partly written. Write `{{dirty}}` through a handle and fsync it before the rename.',
      renameWhileDirtyOptionGuarded:
        '`{{source}}` is renamed over `{{target}}` here while `{{dirty}}`, written on line {{line}}, is synced only when the sync option is on: with it off, after a power loss `{{target}}` can be empty or partly written (the documented trade-off of that option).',
      insertSync: 'Insert `{{code}}` before the rename (and before the close of the handle).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          report: reportOptionSchema('durability is evidently meant (the handle is synced elsewhere, flushed, long-lived, or the directory is synced after the rename)'),
          optionGuardedSync: {
            type: 'string',
            enum: ['allow', 'report'],
            description: "'allow' treats a sync behind a configuration option (if (this.syncWrites) ...) as the documented trade-off; 'report' reports the rename on the unsynced path.",
          },
        },
      },
    ],
  },
  defaultOptions: [{ report: 'evident', optionGuardedSync: 'allow' }],
  create(context, [options]) {
    const reportAll = options.report === 'all';
    const guardedCounts = options.optionGuardedSync !== 'report';
    return useFileAnalysis(context, (analysis) => {
      const sourceCode = context.sourceCode;
      const id = (finding: { rename: { range: [number, number] }; dirtyKey: string }) => `${finding.rename.range[0]}:${finding.dirtyKey}`;
      // in 'report' mode, renames that the option guard would have excused get their own message
      const excused = guardedCounts ? undefined : new Set(analysis.findings({ optionGuardedSyncCounts: true }).renamesOfDirty.map(id));
      for (const finding of analysis.findings({ optionGuardedSyncCounts: guardedCounts }).renamesOfDirty) {
        if (!finding.evident && !reportAll) continue;
        const optionGuarded = excused !== undefined && !excused.has(id(finding));
        const insert = syncBeforeStatement(sourceCode, (statement, key) => analysis.closesHandle(statement, key), finding);
        context.report({
          node: finding.rename as never,
          // a path is not a handle: there is nothing to call sync on, the write itself has to change
          messageId: optionGuarded ? 'renameWhileDirtyOptionGuarded' : finding.dirtyKind === 'path' ? 'renameWhileDirtyFile' : 'renameWhileDirty',
          data: { source: finding.sourceText, target: finding.targetText, dirty: finding.dirtyText, line: String(finding.anchor.loc.start.line) },
          suggest: insert ? [{ messageId: 'insertSync', data: { code: insert.code }, fix: insert.fix }] : [],
        });
      }
    });
  },
});
