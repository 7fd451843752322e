/**
 * SARIF 2.1.0 output of `durability-check`, in the shape GitHub code scanning accepts: one run, the plugin's rules
 * in `tool.driver.rules`, results with a relative `artifactLocation` under `%SRCROOT%`, and a stable
 * `partialFingerprints.primaryLocationLineHash` (rule + file + the finding's line text with whitespace collapsed, and
 * an occurrence number for identical lines), so that an alert keeps its identity when lines above it move.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import plugin from '../index.js';
import type { CheckProjectResult, ConfigName, Severity } from './check-project.js';
import { packageInfo, ruleDoc } from './package-info.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown?: string };
  helpUri: string;
  defaultConfiguration: { level: SarifLevel; enabled: boolean };
  properties: { tags: string[]; precision: string; 'problem.severity': string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: '%SRCROOT%' };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
  }[];
  partialFingerprints: Record<string, string>;
}

export interface SarifRun {
  tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: SarifRule[] } };
  originalUriBaseIds: Record<string, { uri: string; description?: { text: string } }>;
  columnKind: 'utf16CodeUnits';
  results: SarifResult[];
  invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: SarifLevel; message: { text: string }; locations?: unknown[] }[] }[];
}

function level(severity: Severity | 'off'): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'none';
}

function configuredSeverity(config: ConfigName, ruleId: string): Severity | 'off' {
  const entry = (plugin.configs[config].rules ?? {})[ruleId];
  const value = Array.isArray(entry) ? entry[0] : entry;
  if (value === 'error' || value === 2) return 'error';
  if (value === 'warn' || value === 1) return 'warning';
  return 'off';
}

/** The first paragraph of a rule page after its title, as plain text. */
function firstParagraph(markdown: string | undefined): string | undefined {
  if (!markdown) return undefined;
  const paragraphs = markdown.split(/\n\s*\n/).map((p) => p.trim());
  return paragraphs.find((p) => p && !p.startsWith('#') && !p.startsWith('|'))?.replace(/\s+/g, ' ');
}

export function sarifRules(config: ConfigName): SarifRule[] {
  const info = packageInfo();
  return Object.entries(plugin.rules ?? {}).map(([name, rule]) => {
    const id = `durability/${name}`;
    const meta = (rule as { meta?: { docs?: { description?: string }; type?: string } }).meta;
    const description = meta?.docs?.description ?? id;
    const doc = ruleDoc(name);
    const helpUri = info.ruleHelpUri(name);
    const severity = configuredSeverity(config, id);
    return {
      id,
      name,
      shortDescription: { text: description.endsWith('.') ? description : `${description}.` },
      fullDescription: { text: firstParagraph(doc) ?? description },
      help: { text: `${description}. See ${helpUri}`, ...(doc ? { markdown: doc } : {}) },
      helpUri,
      defaultConfiguration: { level: level(severity), enabled: severity !== 'off' },
      properties: { tags: ['durability', 'reliability', meta?.type ?? 'problem'], precision: 'high', 'problem.severity': severity === 'off' ? 'recommendation' : severity },
    };
  });
}

function encodePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

export function lineHash(ruleId: string, file: string, lineText: string): string {
  const normalized = lineText.replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${ruleId}\0${file}\0${normalized}`).digest('hex').slice(0, 32);
}

export function toSarif(result: CheckProjectResult): SarifLog {
  const info = packageInfo();
  const rules = sarifRules(result.config);
  const indexOf = new Map(rules.map((rule, index) => [rule.id, index]));
  const occurrences = new Map<string, number>();
  const results: SarifResult[] = result.findings.map((finding) => {
    const hash = lineHash(finding.ruleId, finding.file, result.lineText(finding.file, finding.line));
    const occurrence = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, occurrence);
    return {
      ruleId: finding.ruleId,
      ruleIndex: indexOf.get(finding.ruleId) ?? -1,
      level: level(finding.severity),
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodePath(finding.file), uriBaseId: '%SRCROOT%' },
            region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
          },
        },
      ],
      partialFingerprints: { primaryLocationLineHash: `${hash}:${occurrence}` },
    };
  });
  const rootUri = pathToFileURL(result.root).href.replace(/\/?$/, '/');
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'durability-check', version: info.version, semanticVersion: info.version, informationUri: info.informationUri, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri, description: { text: 'The checked project root' } } },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [
          {
            executionSuccessful: !result.problems.some((p) => p.kind === 'crash'),
            toolExecutionNotifications: [
              ...result.problems.map((problem) => ({
                level: (problem.kind === 'crash' ? 'error' : 'warning') as SarifLevel,
                message: { text: `${problem.file}: ${problem.kind === 'crash' ? 'the analysis threw' : 'not parsed'}: ${problem.message.split('\n')[0]}` },
                ...(problem.line > 0
                  ? {
                      locations: [
                        {
                          physicalLocation: {
                            artifactLocation: { uri: encodePath(problem.file), uriBaseId: '%SRCROOT%' },
                            region: { startLine: problem.line, startColumn: Math.max(1, problem.column) },
                          },
                        },
                      ],
                    }
                  : {}),
              })),
              ...result.warnings.map((warning) => ({ level: 'warning' as const, message: { text: warning } })),
            ],
          },
        ],
      },
    ],
  };
}

export function formatSarif(result: CheckProjectResult): string {
  return `${JSON.stringify(toSarif(result), null, 2)}\n`;
}
