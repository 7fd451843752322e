/**
 * A suggestion claims to be the fix: on each buggy reference variant, the suggestion offered at its marked report
 * is applied, and the crash simulator must then find no lost write in that variant's scenarios (run on the fixed
 * text, in a copy of the engine folder). A marked report with no suggestion is listed, not judged: the rule offers
 * none where it cannot write a correct sync (a stream, data written by path, a name out of scope).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { markersOf } from '../scripts/markers.js';
import { loadScenarios } from './crash-sim/cli.js';
import { simulate } from './crash-sim/simulate.js';
import type { Scenario } from './scenario.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface OfferedFix {
  source: string;
  rule: string;
  line: number;
  description: string;
  fixed: string;
  range: [number, number];
  text: string;
}

/** The first suggestion of each marked report of `source` (recommended: the config the markers are written for). */
function offeredFixes(source: string): { fixes: OfferedFix[]; withoutSuggestion: string[] } {
  const text = readFileSync(path.join(repo, source), 'utf8');
  const messages = new Linter({ cwd: repo }).verify(
    text,
    [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser as never } },
      { ...(plugin.configs.recommended as Linter.Config), files: ['**/*.ts'] },
    ],
    path.join(repo, source),
  );
  const fixes: OfferedFix[] = [];
  const withoutSuggestion: string[] = [];
  for (const marker of markersOf(source, text)) {
    const report = messages.find((message) => message.line === marker.line && message.ruleId === marker.rule);
    const suggestion = report?.suggestions?.[0];
    if (!report || !suggestion) {
      withoutSuggestion.push(`${source}:${marker.line} ${marker.rule}`);
      continue;
    }
    const [start, end] = suggestion.fix.range;
    fixes.push({ source, rule: marker.rule, line: marker.line, description: suggestion.desc, fixed: text.slice(0, start) + suggestion.fix.text + text.slice(end), range: [start, end], text: suggestion.fix.text });
  }
  // A variant with several bugs (several marked reports) is fixed only by all of them: its suggestions are judged
  // together, when every marked report offers one (from the end, so that earlier ranges stay valid).
  if (fixes.length + withoutSuggestion.length > 1) {
    if (withoutSuggestion.length > 0) return { fixes: [], withoutSuggestion: [...withoutSuggestion, ...fixes.map((f) => `${source}:${f.line} ${f.rule} (fixes only part of the variant)`)] };
    let fixed = text;
    for (const fix of [...fixes].sort((a, b) => b.range[0] - a.range[0])) fixed = fixed.slice(0, fix.range[0]) + fix.text + fixed.slice(fix.range[1]);
    const first = fixes[0] as OfferedFix;
    return { fixes: [{ ...first, description: fixes.map((f) => `line ${f.line}: ${f.description}`).join('; '), fixed }], withoutSuggestion };
  }
  return { fixes, withoutSuggestion };
}

/** The engine folder copied to a temp workspace with `text` as `source`: its scenarios run the fixed text. */
async function scenariosWithText(workspace: string, engine: string, source: string, text: string): Promise<Scenario[]> {
  const engineDir = path.join(workspace, 'reference-engines', engine);
  cpSync(path.join(repo, 'reference-engines', engine), engineDir, { recursive: true, filter: (p) => !p.endsWith('.test.ts') });
  cpSync(path.join(repo, 'reference-engines', 'scenario.ts'), path.join(workspace, 'reference-engines', 'scenario.ts'));
  writeFileSync(path.join(workspace, source), text);
  return ((await import(pathToFileURL(path.join(engineDir, 'scenarios.ts')).href)) as { scenarios: Scenario[] }).scenarios;
}

const buggy = (await loadScenarios()).filter((scenario) => scenario.expect === 'loses' && !scenario.lintGap);
const sources = [...new Set(buggy.map((scenario) => scenario.source))];
const offered = sources.map((source) => ({ source, ...offeredFixes(source) }));

describe('suggestions on the buggy reference variants, judged by the crash simulator', () => {
  it('the marked reports that offer a suggestion are listed (and at least the data-sync variants do)', () => {
    const withFix = offered.filter((entry) => entry.fixes.length > 0).map((entry) => entry.source);
    // the variants whose bug is one missing fsync of an fd or FileHandle in scope: the rules must offer the fix
    for (const expected of ['log-structured-hash-table/buggy-no-fsync.ts', 'log-structured-merge-tree/buggy-wal-no-fsync.ts', 'b-tree-storage-engine/buggy-clear-wal-first.ts']) {
      expect(withFix.some((source) => source.endsWith(expected)), expected).toBe(true);
    }
  });

  for (const entry of offered) {
    for (const fix of entry.fixes) {
      it(`${fix.source}:${fix.line} (${fix.rule}): "${fix.description}" loses nothing`, async () => {
        const workspace = mkdtempSync(path.join(os.tmpdir(), 'durability-suggested-'));
        try {
          const engine = fix.source.split('/')[1] as string;
          const scenarios = (await scenariosWithText(workspace, engine, fix.source, fix.fixed)).filter((scenario) => scenario.source === fix.source);
          expect(scenarios.length).toBeGreaterThan(0);
          for (const scenario of scenarios) {
            const result = await simulate(scenario.workload, { stopAtFirstLoss: true, failFsyncNumber: scenario.faults?.failFsyncNumber });
            expect(result.sanityError, `${scenario.variant}: the fixed code runs`).toBeUndefined();
            // a fault scenario: the fixed code must stop instead of acknowledging (fail-stop); it loses nothing either way
            expect(result.lost, `${scenario.variant}: ${result.example}`).toBe(0);
          }
        } finally {
          rmSync(workspace, { recursive: true, force: true });
        }
      }, 300_000);
    }
  }
});
