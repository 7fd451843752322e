/**
 * Text and JSON output of `durability-check`.
 */
import type { CheckProjectResult, Finding, Problem } from './check-project.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** The checked files that have at least one finding. */
export function filesWithFindings(result: CheckProjectResult): number {
  return new Set(result.findings.map((f) => f.file)).size;
}

/** E.g. `11 findings (11 errors, 0 warnings) in 5 files, 11 files checked, configs.recommended, untyped, 2.0s`. */
export function summaryLine(result: CheckProjectResult): string {
  const found = result.findings.length;
  const parts = [
    found === 0
      ? '0 findings'
      : `${plural(found, 'finding')} (${plural(result.errorCount, 'error')}, ${plural(result.warningCount, 'warning')}) in ${plural(filesWithFindings(result), 'file')}`,
    `${plural(result.files.length, 'file')} checked`,
    `configs.${result.config}`,
    result.tsconfig ? `typed with ${result.tsconfig} (${result.typedFiles} typed, ${result.untypedFiles} untyped)` : 'untyped',
  ];
  const unparsed = result.problems.filter((p) => p.kind === 'parse-error').length;
  const crashes = result.problems.filter((p) => p.kind === 'crash').length;
  if (unparsed > 0) parts.push(`${plural(unparsed, 'file')} not parsed`);
  if (crashes > 0) parts.push(`${crashes} rule crash${crashes === 1 ? '' : 'es'}`);
  return `${parts.join(', ')}, ${formatSeconds(result.elapsedMs)}`;
}

function problemLine(problem: Problem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  const first = problem.message.split('\n')[0];
  return `${where}  note  ${problem.kind === 'crash' ? 'the analysis threw' : 'not parsed'}: ${first}`;
}

/** One finding per line: `file:line:col  severity  rule  message`, then notes and a summary line. */
export function formatText(result: CheckProjectResult): string {
  // one line per finding, even when a message quotes code that spans lines
  const lines = result.findings.map((f: Finding) => `${f.file}:${f.line}:${f.column}  ${f.severity}  ${f.ruleId}  ${f.message.replace(/\s*\n\s*/g, ' ')}`);
  if (result.problems.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(...result.problems.map(problemLine));
  }
  if (lines.length > 0) lines.push('');
  lines.push(summaryLine(result));
  return `${lines.join('\n')}\n`;
}

export interface JsonReport {
  tool: { name: string; version: string };
  config: string;
  tsconfig: string | null;
  /** Files checked. */
  files: number;
  filesWithFindings: number;
  errorCount: number;
  warningCount: number;
  elapsedMs: number;
  findings: Finding[];
  problems: Problem[];
  warnings: string[];
}

export function jsonReport(result: CheckProjectResult, version: string): JsonReport {
  return {
    tool: { name: 'durability-check', version },
    config: result.config,
    tsconfig: result.tsconfig ?? null,
    files: result.files.length,
    filesWithFindings: filesWithFindings(result),
    errorCount: result.errorCount,
    warningCount: result.warningCount,
    elapsedMs: result.elapsedMs,
    findings: result.findings,
    problems: result.problems,
    warnings: result.warnings,
  };
}

export function formatJson(result: CheckProjectResult, version: string): string {
  return `${JSON.stringify(jsonReport(result, version), null, 2)}\n`;
}
