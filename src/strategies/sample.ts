import { z } from 'zod';
import type { StrategyDefinition } from '../spec/strategy.ts';
import { parseWith } from './parse-options.ts';

const optionsSchema = z.strictObject({});
type SampleOptions = z.infer<typeof optionsSchema>;

/**
 * `sample`: independent proposals from the seed; keep the best (IID sampling, the baseline every other
 * strategy must beat). Each proposal sees only the seed and its evaluation — no history.
 */
export const sampleStrategy: StrategyDefinition<null, SampleOptions> = {
  name: 'sample',
  summary: 'independent proposals from the seed, keep the best (baseline)',
  parseOptions: (raw) => parseWith(optionsSchema, raw),
  init: () => null,
  apply: (state) => state,
  next(_state, view) {
    const seed = view.candidates.get(view.seedId);
    if (seed?.evaluation === undefined) return { kind: 'wait' };
    return {
      kind: 'propose',
      request: { mode: 'fresh', parentIds: [view.seedId], inspirationIds: [], showRecentAttempts: false },
    };
  },
};
