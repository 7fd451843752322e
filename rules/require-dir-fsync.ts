/**
 * A file created, renamed into place or removed, and then acknowledged, with no fsync of its directory on some path:
 * the data can be on disk while the directory entry that names it is not (Kafka's new segments, LevelDB's CURRENT).
 * Report points: acknowledgements; the report is on the call that changed the entry. The findings are
 * src/analysis/report.ts's.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { createRule, reportOptionSchema } from '../src/create-rule.js';
import { DIRECTORY_SYNC_HELPER, useFileAnalysis, type UnsyncedDirectoryEntry } from '../src/analysis/index.js';
import { insertion, visibleAtExit } from '../src/suggest.js';

export type Options = [{ report?: 'evident' | 'all' }];
export type MessageId = 'unsyncedEntry' | 'insertDirectorySync';

const CHANGE = {
  create: { verb: 'creates a file in', consequence: 'the new file can be missing' },
  rename: { verb: 'renames a file into', consequence: 'the rename can be undone' },
  remove: { verb: 'removes a file from', consequence: 'the removed file can come back' },
} as const;

export default createRule<Options, MessageId>({
  name: 'require-dir-fsync',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an fsync of the directory after a file is created, renamed into place or removed, before success is reported',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      unsyncedEntry:
        'This call {{verb}} `{{dir}}`, and {{exit}} reports success without an fsync of `{{dir}}`: the entry lives in the directory, and after a power loss {{consequence}}.',
      insertDirectorySync: 'Insert `{{code}}` before {{exit}}.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          report: reportOptionSchema("the directory is synced elsewhere in the file, or the file's own data is synced"),
        },
      },
    ],
  },
  defaultOptions: [{ report: 'evident' }],
  create(context, [options]) {
    const reportAll = options.report === 'all';
    return useFileAnalysis(context, (analysis) => {
      const helper = directorySyncHelper(context.sourceCode.ast);
      for (const finding of analysis.findings({ optionGuardedSyncCounts: true }).unsyncedDirectoryEntries) {
        if (!finding.evident && !reportAll) continue;
        const change = CHANGE[finding.operation];
        const insert = helper && usableAtExit(finding) ? insertion(context.sourceCode, { code: `${helper}(${finding.directoryText});` }, finding.exit) : undefined;
        context.report({
          node: finding.anchor as never,
          messageId: 'unsyncedEntry',
          data: { verb: change.verb, dir: finding.directoryText, exit: finding.exit.description, consequence: change.consequence },
          suggest: insert
            ? [{ messageId: 'insertDirectorySync', data: { code: insert.code, exit: finding.exit.description }, fix: insert.fix }]
            : [],
        });
      }
    });
  },
});

/** The file's own directory-sync helper (`syncDirectory(dir)`, `fsyncDir(dir)`), declared or imported here. */
function directorySyncHelper(program: TSESTree.Program): string | undefined {
  const looksLikeOne = (name: string) => DIRECTORY_SYNC_HELPER.test(name);
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'FunctionDeclaration' && declaration.id && looksLikeOne(declaration.id.name) && declaration.params.length === 1) {
      return declaration.id.name;
    }
    if (statement.type === 'ImportDeclaration') {
      for (const specifier of statement.specifiers) if (looksLikeOne(specifier.local.name)) return specifier.local.name;
    }
  }
  return undefined;
}

/** The directory's name means the same at the exit: a field, or a name of the same function or of one it encloses. */
function usableAtExit(finding: UnsyncedDirectoryEntry): boolean {
  if (finding.directoryText.startsWith('this.')) return true;
  const root = /^[\w$]+/.exec(finding.directoryText)?.[0];
  return root !== undefined && visibleAtExit(root, finding.anchor, finding.exit.node);
}
