// Types of the CommonJS entry: the plugin object (the same one as the ES module's default export).
import type { TSESLint } from '@typescript-eslint/utils';

declare const plugin: TSESLint.FlatConfig.Plugin & {
  rules: NonNullable<TSESLint.FlatConfig.Plugin['rules']>;
  configs: Record<'recommended' | 'strict', TSESLint.FlatConfig.Config>;
};
export = plugin;
