/**
 * npm run noise -- <dir> [--config recommended|strict] [--json]
 *
 * Lints every JS/TS source under a folder with the plugin's config only, and prints every report with its context,
 * so that a person can read each one and judge it. Never loads or runs the linted code. A rule that throws is
 * reported with the file and the stack, and the run goes on.
 */
import type { Linter } from 'eslint';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pluginConfig, pluginLinter } from '../src/lint-setup.js';

const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage', '.git', 'vendor', 'fixtures', '__fixtures__']);
const EXTENSIONS = /\.(c|m)?(j|t)sx?$/;
// ESLint lints a file only when a non-universal pattern matches it: '**/*' alone skips .ts files
const SOURCE_GLOBS = ['**/*.js', '**/*.cjs', '**/*.mjs', '**/*.jsx', '**/*.ts', '**/*.cts', '**/*.mts', '**/*.tsx'];

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const stat = statSync(full);
    if (stat.isDirectory()) {
      if (!SKIP_DIRS.has(name)) yield* sources(full);
    } else if (EXTENSIONS.test(name) && !name.endsWith('.d.ts') && !name.includes('.min.') && stat.size < 1_000_000) {
      yield full;
    }
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--config');
  if (!dir) {
    console.error('usage: npm run noise -- <dir> [--config recommended|strict] [--json]');
    process.exit(2);
  }
  const configIndex = args.indexOf('--config');
  const configName = (configIndex >= 0 ? args[configIndex + 1] : 'recommended') as 'recommended' | 'strict';
  if (configName !== 'recommended' && configName !== 'strict') {
    console.error(`unknown config ${configName}: use recommended or strict`);
    process.exit(2);
  }
  const json = args.includes('--json');
  // cwd is the project root: cross-module summaries read the project's own modules, never outside it
  const linter = pluginLinter(path.resolve(dir));
  const config = pluginConfig(configName, {
    files: SOURCE_GLOBS,
    // the codebase's own eslint-disable comments name rules that are not loaded here: ignore inline config
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    parserOptions: { ecmaFeatures: { jsx: true } },
    sourceType: 'module',
  });
  const started = Date.now();
  let files = 0;
  let lines = 0;
  let parseFailures = 0;
  const reports: { file: string; line: number; column: number; rule: string; message: string; context: string }[] = [];
  const crashes: { file: string; error: string }[] = [];
  for (const file of sources(path.resolve(dir))) {
    const text = readFileSync(file, 'utf8');
    files++;
    lines += text.split('\n').length;
    const relative = path.relative(path.resolve(dir), file);
    let messages: Linter.LintMessage[];
    try {
      messages = linter.verify(text, config, file);
    } catch (error) {
      crashes.push({ file: relative, error: (error as Error).stack ?? String(error) });
      continue;
    }
    const textLines = text.split('\n');
    for (const message of messages) {
      if (message.fatal) {
        parseFailures++;
        continue;
      }
      // ESLint's own notices (an inline comment ignored under noInlineConfig) are not reports of ours
      if (!message.ruleId) continue;
      const context = textLines.slice(Math.max(0, message.line - 2), message.line + 1).join('\n');
      reports.push({ file: relative, line: message.line, column: message.column, rule: message.ruleId ?? '', message: message.message, context });
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const perRule: Record<string, number> = {};
  for (const report of reports) perRule[report.rule] = (perRule[report.rule] ?? 0) + 1;
  if (json) {
    console.log(JSON.stringify({ dir, config: configName, files, lines, parseFailures, seconds, perRule, reports, crashes }, null, 2));
  } else {
    for (const report of reports) console.log(`${report.file}:${report.line}:${report.column} ${report.rule}\n  ${report.message}\n${report.context.replace(/^/gm, '    | ')}\n`);
    for (const crash of crashes) console.log(`RULE THREW on ${crash.file}:\n${crash.error}\n`);
    console.log(`${files} files, ${lines} lines, ${parseFailures} parse failures, ${seconds.toFixed(1)}s, configs.${configName}: ${reports.length} reports ${JSON.stringify(perRule)}, ${crashes.length} crashes`);
  }
  process.exitCode = crashes.length > 0 ? 1 : 0;
}

main();
