/**
 * The one ESLint `Linter` set-up of the plugin's own tools (the project checker, the noise script, the mutation
 * study, the generated programs): the TypeScript parser on the given files, then one of the plugin's configs on them.
 */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from './index.js';

export type PluginConfigName = 'recommended' | 'strict';

export interface LintSetupOptions {
  /** Which files the configs apply to (default `**\/*.ts`). */
  files?: string[];
  parserOptions?: Linter.ParserOptions;
  linterOptions?: Linter.LinterOptions;
  sourceType?: 'module' | 'commonjs' | 'script';
}

/** A flat Linter; `cwd` is the project root whose modules the cross-module analysis may read. */
export function pluginLinter(cwd?: string): Linter {
  return new Linter({ configType: 'flat', ...(cwd !== undefined ? { cwd } : {}) });
}

/** The parser and one of the plugin's configs, on the same files. */
export function pluginConfig(configName: PluginConfigName, options: LintSetupOptions = {}): Linter.Config[] {
  const files = options.files ?? ['**/*.ts'];
  return [
    {
      files,
      ...(options.linterOptions ? { linterOptions: options.linterOptions } : {}),
      languageOptions: {
        parser: tsParser as never,
        ...(options.parserOptions ? { parserOptions: options.parserOptions } : {}),
        ...(options.sourceType ? { sourceType: options.sourceType } : {}),
      },
    },
    { ...(plugin.configs[configName] as Linter.Config), files },
  ];
}
