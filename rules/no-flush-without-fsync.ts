/**
 * A write that reaches an acknowledgement (a normal return, a resolved promise, a completion callback) on some path
 * without an fsync of its handle. Report points: acknowledgements. The flow is src/analysis.ts's.
 */
import { createRule, reportOptionSchema } from '../src/create-rule.js';
import { useFileAnalysis, type FileAnalysis, type UnsyncedAck } from '../src/analysis.js';
import { insertion, sameFunctionAsExit, syncCode } from '../src/suggest.js';

export type Options = [
  {
    report?: 'evident' | 'all';
    optionGuardedSync?: 'allow' | 'report';
  },
];
export type MessageId = 'unsynced' | 'unsyncedOptionGuarded' | 'insertSync';

export default createRule<Options, MessageId>({
  name: 'no-flush-without-fsync',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an fsync between a write and the acknowledgement that tells the caller the data is saved',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      unsynced:
        '`{{handle}}` is written here and reaches {{exit}} without an fsync: the data may be only in the OS page cache when {{fn}} reports success, and a power loss then loses it.',
      unsyncedOptionGuarded:
        '`{{handle}}` is written here and reaches {{exit}} without an fsync when the sync option is off: a power loss then loses acknowledged data (the documented trade-off of that option).',
      insertSync: 'Insert `{{code}}` before {{exit}}.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          report: reportOptionSchema('durability is evidently intended (long-lived fds, synced elsewhere, flushed, append logs, // durable)'),
          optionGuardedSync: {
            type: 'string',
            enum: ['allow', 'report'],
            description: "'allow' treats a sync behind a configuration option (if (this.syncWrites) ...) as the documented trade-off; 'report' reports the unsynced path.",
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
      const findings = analysis.findings({ optionGuardedSyncCounts: guardedCounts }).unsyncedAcks;
      // In 'report' mode, findings that the option guard would have excused get their own message.
      const excused = guardedCounts ? undefined : new Set(analysis.findings({ optionGuardedSyncCounts: true }).unsyncedAcks.map((f) => f.anchor));
      for (const finding of findings) {
        if (!finding.evident && !reportAll) continue;
        reportFinding(analysis, finding, excused !== undefined && !excused.has(finding.anchor));
      }
    });

    function reportFinding(analysis: FileAnalysis, finding: UnsyncedAck, optionGuarded: boolean): void {
      const sourceCode = context.sourceCode;
      const code = syncCode(sourceCode, finding.handleKind, finding.handleText, finding.exit.isAsync);
      const sameScope = finding.handleText.startsWith('this.') || sameFunctionAsExit(finding.anchor, finding.exit.node);
      const closes = (statement: Parameters<typeof analysis.closesHandle>[0]) => analysis.closesHandle(statement, finding.key);
      let insert = code && sameScope ? insertion(sourceCode, code, finding.exit, closes) : undefined;
      // `fs.write(fd, buf, cb)`: the acknowledgement is the write itself; no statement before it can sync the write
      if (insert && sameFunctionAsExit(finding.anchor, finding.exit.node) && insert.offset < finding.anchor.range[1]) insert = undefined;
      context.report({
        node: finding.anchor as never,
        messageId: optionGuarded ? 'unsyncedOptionGuarded' : 'unsynced',
        data: { handle: finding.handleText, exit: finding.exit.description, fn: `\`${finding.exit.functionName}\`` },
        suggest: insert
          ? [{ messageId: 'insertSync', data: { code: insert.code, exit: finding.exit.description }, fix: insert.fix }]
          : [],
      });
    }
  },
});
