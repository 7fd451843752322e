import { ESLintUtils } from '@typescript-eslint/utils';

export interface DurabilityDocs {
  description: string;
  /** In `configs.recommended`. */
  recommended: boolean;
  /** Needs type information to do its best (works without). */
  requiresTypeChecking?: false;
}

const withDocsUrl = ESLintUtils.RuleCreator<DurabilityDocs>(
  (name) => `https://unpkg.com/eslint-plugin-durability/docs/rules/${name}.md`,
);

/**
 * Every rule is made here; the docs URL points at the rule's page shipped in the package. Options get their defaults
 * by a shallow merge: every option is a flat object of strings, and RuleCreator's deep merge (a structuredClone per
 * rule and file) cost more than some files' analysis.
 */
export const createRule: typeof withDocsUrl = (rule) => {
  const created = withDocsUrl(rule);
  const defaults = rule.meta.defaultOptions ?? rule.defaultOptions ?? [];
  return {
    ...created,
    create: (context) => rule.create(context, defaults.map((fallback, i) => withDefault(fallback, context.options[i])) as never),
  };
};

function withDefault(fallback: unknown, given: unknown): unknown {
  if (given === undefined) return isPlainObject(fallback) ? { ...fallback } : fallback;
  return isPlainObject(fallback) && isPlainObject(given) ? { ...fallback, ...given } : given;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `report` option every rule has: what `recommended` reports, or everything (`strict`). */
export function reportOptionSchema(evidentMeans: string) {
  return {
    type: 'string' as const,
    enum: ['evident', 'all'],
    description: `'evident' reports only when ${evidentMeans}; 'all' reports every case.`,
  };
}
