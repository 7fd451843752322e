/**
 * Cross-module summaries, through ESLint's Node API (as editors and the CLI call it): a helper of another module of
 * the project that writes, called from a module that acknowledges, is reported; the same helper with the sync in it
 * is not. The fixture marks every line that must be reported with `// reported`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from './index.js';

const crossModule = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cross-module');
const crossModuleAck = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cross-module-ack');

function marked(root: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(root)) {
    if (!/\.(ts|cjs)$/.test(name)) continue;
    readFileSync(path.join(root, name), 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (line.includes('// reported')) found.push(`${name}:${index + 1}`);
      });
  }
  return found.sort();
}

async function lint(typed: boolean, root = crossModule, config: 'recommended' | 'strict' = 'recommended'): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['*.ts'],
        languageOptions: { parser: tsParser as never, ...(typed ? { parserOptions: { projectService: true, tsconfigRootDir: root } } : {}) },
      },
      { files: ['*.cjs'], languageOptions: { sourceType: 'commonjs' } },
      { ...(plugin.configs[config] as ESLint.Options['overrideConfig'] & object), files: ['*.ts', '*.cjs'] },
    ],
  });
  const results = await eslint.lintFiles(readdirSync(root).filter((name) => /\.(ts|cjs)$/.test(name)));
  const found: string[] = [];
  for (const result of results) {
    for (const message of result.messages) {
      expect(message.fatal, message.message).toBeFalsy();
      found.push(`${path.basename(result.filePath)}:${message.line}`);
    }
  }
  return found.sort();
}

describe('cross-module summaries', () => {
  it('untyped: reports exactly the marked lines (relative imports parsed, never run)', async () => {
    expect(await lint(false)).toEqual(marked(crossModule));
  });

  it('typed (projectService): reports exactly the marked lines', async () => {
    expect(await lint(true)).toEqual(marked(crossModule));
  });

  it("one bug, one report (strict): a helper that acknowledges its own write is reported there, not at its callers; a write through the caller's fd is the caller's", async () => {
    expect(await lint(false, crossModuleAck, 'strict')).toEqual(marked(crossModuleAck));
  });

  it('the same code at a path whose imports do not exist reports nothing cross-module', async () => {
    // the imports resolve to nothing in this project: no summary, no guess, and nothing outside the project is read
    const eslint = new ESLint({ overrideConfigFile: true, overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as never } }, { ...(plugin.configs.recommended as object), files: ['**/*.ts'] }] });
    const results = await eslint.lintText(readFileSync(path.join(crossModule, 'store.ts'), 'utf8'), { filePath: 'no-such-folder/store.ts' });
    expect(results[0]?.messages ?? []).toEqual([]);
  });
});
