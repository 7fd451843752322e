import { ESLintUtils } from '@typescript-eslint/utils';

export interface DurabilityDocs {
  description: string;
  /** In `configs.recommended`. */
  recommended: boolean;
  /** Needs type information to do its best (works without). */
  requiresTypeChecking?: false;
}

/** Every rule is made here; the docs URL points at the rule's page shipped in the package. */
export const createRule = ESLintUtils.RuleCreator<DurabilityDocs>(
  (name) => `https://unpkg.com/eslint-plugin-durability/docs/rules/${name}.md`,
);

/** The `report` option every rule has: what `recommended` reports, or everything (`strict`). */
export function reportOptionSchema(evidentMeans: string) {
  return {
    type: 'string' as const,
    enum: ['evident', 'all'],
    description: `'evident' reports only when ${evidentMeans}; 'all' reports every case.`,
  };
}
