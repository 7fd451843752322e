/** Every code example in the rule docs is linted: ❌ blocks must be reported by their rule, ✅ blocks must not. */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../src/index.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rules');
const linter = new Linter({ configType: 'flat' });

function examples(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(heading);
  if (start < 0) return [];
  const next = markdown.slice(start + heading.length).search(/\n(❌|✅|## )/);
  const section = markdown.slice(start, next < 0 ? undefined : start + heading.length + next);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
  const rule = `durability/${file.replace(/\.md$/, '')}`;
  const markdown = readFileSync(path.join(dir, file), 'utf8');
  describe(`docs/rules/${file}`, () => {
    const lint = (code: string) =>
      linter
        .verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as never } }, { ...(plugin.configs.recommended as object), files: ['**/*.ts'] }], 'example.ts')
        .filter((m) => m.ruleId === rule);
    const incorrect = examples(markdown, '❌ Incorrect');
    const correct = examples(markdown, '✅ Correct');
    it('has incorrect and correct examples', () => {
      expect(incorrect.length).toBeGreaterThan(0);
      expect(correct.length).toBeGreaterThan(0);
    });
    incorrect.forEach((code, index) =>
      it(`incorrect example ${index + 1} is reported on the lines marked "reported"`, () => {
        const marked = code.split('\n').flatMap((line, i) => (/\/\/ reported/.test(line) ? [i + 1] : []));
        const reported = lint(code).map((m) => m.line);
        expect(reported.length).toBeGreaterThan(0);
        for (const line of marked) expect(reported).toContain(line);
      }),
    );
    correct.forEach((code, index) => it(`correct example ${index + 1} is not reported`, () => expect(lint(code)).toEqual([])));
  });
}
