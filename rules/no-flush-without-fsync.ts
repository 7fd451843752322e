/**
 * A write that reaches an acknowledgement (a normal return, a resolved promise, a completion callback) on some path
 * without an fsync of its handle. Report points: acknowledgements, and an `fsync(ws.fd)` that cannot sync what the
 * stream was given (reported there instead of at the write: it is the one line to move). The findings are
 * src/analysis/report.ts's.
 */
import { createRule, reportOptionSchema } from '../src/create-rule.js';
import { useFileAnalysis, type FileAnalysis, type MisplacedStreamSync, type UnsyncedAck } from '../src/analysis/index.js';
import { insertion, sameFunctionAsExit, syncCode } from '../src/suggest.js';

export type Options = [
  {
    report?: 'evident' | 'all';
    optionGuardedSync?: 'allow' | 'report';
  },
];
export type MessageId = 'unsynced' | 'unsyncedOptionGuarded' | 'insertSync' | 'insertSyncBeforeClose' | 'streamSyncQueued' | 'streamSyncAfterEnd' | 'streamSyncRacesClose';

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
      insertSyncBeforeClose: 'Insert `{{code}}` before `{{handle}}` is closed (a sync after the close fails).',
      streamSyncQueued:
        'This fsync of `{{fd}}` syncs nothing new: the data written on line {{line}} may still be queued inside the stream `{{stream}}`, and reaches the fd only when that write\'s callback runs. Sync inside the write\'s callback, or open the stream with `flush: true` and acknowledge on \'close\'.',
      streamSyncAfterEnd:
        'This fsync of `{{fd}}` comes after `{{stream}}.end()`: the stream closes its fd once it finishes, so the fsync fails with EBADF (or syncs whatever file reuses the fd) and the data written on line {{line}} is not synced. Open the stream with `flush: true` and acknowledge on \'close\'.',
      streamSyncRacesClose:
        'This fsync of `{{fd}}` starts once the stream `{{stream}}` has finished, when it closes (or has closed) its fd on its own (autoClose): it may fail with EBADF or sync whatever file reuses the fd. Open the stream with `flush: true` and acknowledge on \'close\', or with `autoClose: false` and close it after the sync.',
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
      const all = analysis.findings({ optionGuardedSyncCounts: guardedCounts });
      // In 'report' mode, findings that the option guard would have excused get their own message.
      const excused = guardedCounts ? undefined : new Set(analysis.findings({ optionGuardedSyncCounts: true }).unsyncedAcks.map((f) => f.anchor));
      // a write left dirty by a misplaced `fsync(ws.fd)` is that one bug: reported at the sync
      const coveredByMisplacedSync = new Set(all.misplacedStreamSyncs.flatMap((m) => [...m.anchors].map((anchor) => `${m.key}@${anchor.range[0]}`)));
      // an in-place rewrite of a read-back file is require-atomic-replace's report (its fix, a synced temp renamed into
      // place, also syncs): one bug, one report, when that rule reports it under the same bar
      const overwrites = new Set(analysis.inPlaceOverwrites().filter((o) => o.evident || reportAll).map((o) => o.write as unknown));
      for (const finding of all.unsyncedAcks) {
        if (!finding.evident && !reportAll) continue;
        if (coveredByMisplacedSync.has(`${finding.key}@${finding.anchor.range[0]}`)) continue;
        if (overwrites.has(finding.anchor)) continue;
        reportFinding(analysis, finding, excused !== undefined && !excused.has(finding.anchor));
      }
      for (const misplaced of all.misplacedStreamSyncs) reportMisplacedSync(misplaced);
    });

    function reportMisplacedSync(misplaced: MisplacedStreamSync): void {
      const firstWrite = [...misplaced.anchors].sort((a, b) => a.range[0] - b.range[0])[0];
      context.report({
        node: misplaced.call as never,
        messageId: misplaced.reason === 'queued' ? 'streamSyncQueued' : misplaced.reason === 'ended' ? 'streamSyncAfterEnd' : 'streamSyncRacesClose',
        data: { stream: misplaced.streamText, fd: misplaced.fdText, line: String(firstWrite?.loc.start.line ?? misplaced.call.loc.start.line) },
      });
    }

    function reportFinding(analysis: FileAnalysis, finding: UnsyncedAck, optionGuarded: boolean): void {
      const sourceCode = context.sourceCode;
      const code = syncCode(sourceCode, finding.handleKind, finding.handleText, finding.exit.isAsync);
      const sameScope = finding.handleText.startsWith('this.') || sameFunctionAsExit(finding.anchor, finding.exit.node);
      const closes = (statement: Parameters<typeof analysis.closesHandle>[0]) => analysis.closesHandle(statement, finding.key);
      let insert = code && sameScope ? insertion(sourceCode, code, finding.exit, closes, finding.anchor.range[1]) : undefined;
      // `fs.write(fd, buf, cb)`: the acknowledgement is the write itself; no statement before it can sync the write
      if (insert && sameFunctionAsExit(finding.anchor, finding.exit.node) && insert.offset < finding.anchor.range[1]) insert = undefined;
      context.report({
        node: finding.anchor as never,
        messageId: optionGuarded ? 'unsyncedOptionGuarded' : 'unsynced',
        data: { handle: finding.handleText, exit: finding.exit.description, fn: `\`${finding.exit.functionName}\`` },
        suggest: insert
          ? [
              insert.beforeClose
                ? { messageId: 'insertSyncBeforeClose', data: { code: insert.code, handle: finding.handleText }, fix: insert.fix }
                : { messageId: 'insertSync', data: { code: insert.code, exit: finding.exit.description }, fix: insert.fix },
            ]
          : [],
      });
    }
  },
});
