/**
 * A sync whose failure is lost: a callback that ignores `err`, a catch that is empty or only logs, `.catch(() => {})`,
 * a promise sync nobody awaits, and a sync retried after it failed. After a failed fsync the kernel may already have
 * dropped the dirty pages (PostgreSQL's fsyncgate, 2018): the data is gone, and a retry that succeeds proves nothing.
 * Report points: sync calls. The findings are src/analysis/sync-errors.ts's.
 */
import { createRule } from '../src/create-rule.js';
import { useFileAnalysis } from '../src/analysis/index.js';

export type Options = [];
export type MessageId = 'callbackIgnoresError' | 'swallowed' | 'directorySwallowed' | 'notAwaited' | 'retried' | 'helperSwallowed' | 'insertAwait';

export default createRule<Options, MessageId>({
  name: 'no-ignored-fsync-error',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow losing the error of an fsync: a failed fsync means the data may never reach the disk',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      callbackIgnoresError:
        'The callback of this sync of `{{handle}}` ignores its error: if the fsync fails, the data may never reach the disk, and nobody is told.',
      swallowed:
        'A failure of this sync of `{{handle}}` is swallowed (line {{line}}): after a failed fsync the data may never reach the disk; report the error instead.',
      directorySwallowed:
        'A failure of this directory sync of `{{handle}}` is swallowed (line {{line}}): after a failed fsync (EIO) the new or renamed entries may never reach the disk. If the catch is for platforms that cannot sync a directory, limit it to EISDIR, EINVAL and EPERM, or check `process.platform`.',
      notAwaited:
        'This sync of `{{handle}}` is neither awaited nor returned: its failure reaches nobody, and the code goes on before the data is on disk.',
      retried:
        'This sync of `{{handle}}` retries the one on line {{line}} after it failed: the kernel may have dropped the dirty pages on the first failure, so a retry that succeeds proves nothing.',
      helperSwallowed:
        'A failure of `{{helper}}()`, which fsyncs `{{handle}}`, is swallowed (line {{line}}): after a failed fsync the data may never reach the disk; report the error instead.',
      insertAwait: 'Await the sync.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return useFileAnalysis(context, (analysis) => {
      for (const finding of analysis.syncErrorFindings()) {
        const awaitable = finding.awaitable;
        context.report({
          node: finding.call as never,
          messageId: finding.kind,
          data: { handle: finding.handleText, line: String(finding.where?.loc.start.line ?? ''), helper: finding.helperText ?? '' },
          suggest: awaitable
            ? [{ messageId: 'insertAwait', fix: (fixer) => fixer.insertTextBefore(awaitable as never, 'await ') }]
            : [],
        });
      }
    });
  },
});
