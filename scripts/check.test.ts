import { describe, expect, it } from 'vitest';
import { checkEngines } from './check.js';

describe('npm run check on the reference engines', () => {
  it('reports every // expect: marker on its line with its rule, and nothing else (typed)', async () => {
    const result = await checkEngines({ typed: true });
    expect(result.errors).toEqual([]);
    expect(result.markers.length).toBeGreaterThanOrEqual(5);
    expect(result.missed).toEqual([]);
    expect(result.unexpected).toEqual([]);
  });

  it('untyped too: every marker reported, nothing else', async () => {
    const result = await checkEngines({ typed: false });
    expect(result.unexpected).toEqual([]);
    // A FileHandle field declared in another module's base class is known through the cross-module summaries.
    expect(result.missed).toEqual([]);
  });
});
