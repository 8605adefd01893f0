/**
 * Feedback friction (models resist feedback and repeat wrong answers): per branch — a parent, a chain, a
 * tree node — count consecutive failures; after `after` of them raise the sampling temperature step by
 * step and list the previous wrong attempts in the prompt's notes so they are not repeated.
 */
import { z } from 'zod';
import type { ResolvedProblem } from '../spec/problem.ts';
import type { ProposalRequest } from '../spec/proposal.ts';
import type { RunView } from '../spec/run-view.ts';
import { fitnessOf, type Resolution, scoredScore, scoreOf } from './proposal-ledger.ts';

/** Options of feedback friction (`false` turns it off). */
export const frictionSchema = z.union([
  z.literal(false),
  z.strictObject({
    /** Consecutive failures before the temperature rises (default 2). */
    after: z.number().int().min(1).default(2),
    /** Temperature added per further failure (default 0.2). */
    step: z.number().min(0).max(2).default(0.2),
    /** Ceiling (default 1.2). */
    maxTemperature: z.number().min(0).max(2).default(1.2),
    /** Base temperature (default: the first model's, else 0.7 as in OpenEvolve). */
    baseTemperature: z.number().min(0).max(2).optional(),
    /** Wrong attempts listed in the notes (default 3). */
    showAttempts: z.number().int().min(0).max(10).default(3),
  }),
]);
/** Parsed friction options. */
export type FrictionOptions = z.infer<typeof frictionSchema>;
/** Friction with every default. */
export const defaultFriction = frictionSchema.parse({});

interface BranchFailures {
  count: number;
  attempts: string[];
}

/** Per-branch failure counts, the raised temperature and the notes of previous wrong attempts. */
export class FeedbackFriction {
  private readonly branches = new Map<string, BranchFailures>();
  private readonly base: number;

  constructor(
    private readonly options: FrictionOptions,
    problem: ResolvedProblem,
  ) {
    this.base = options === false ? 0.7 : (options.baseTemperature ?? problem.models[0]?.temperature ?? 0.7);
  }

  /** Records a resolution against `branch`: an improvement over the parent resets it, anything else counts. */
  record(branch: string, resolution: Resolution, view: RunView): void {
    if (this.options === false) return;
    const score = scoreOf(resolution.result);
    const parentId = resolution.request.parentIds[0];
    const parentScore = parentId === undefined ? null : scoredScore(view, parentId);
    const improved =
      score !== null && (parentScore === null || fitnessOf(view, score) > fitnessOf(view, parentScore));
    if (improved) {
      this.branches.delete(branch);
      return;
    }
    const entry = this.branches.get(branch) ?? { count: 0, attempts: [] };
    entry.count += 1;
    entry.attempts.push(describeFailure(resolution, score, parentScore));
    if (entry.attempts.length > this.options.showAttempts) entry.attempts.shift();
    this.branches.set(branch, entry);
  }

  /** Temperature and notes for the next proposal on `branch` (nothing when it is not failing). */
  adjust(branch: string): Pick<ProposalRequest, 'temperature' | 'notes'> {
    const entry = this.branches.get(branch);
    if (this.options === false || entry === undefined || entry.count < this.options.after) return {};
    const raised = this.base + this.options.step * (entry.count - this.options.after + 1);
    const temperature = Math.round(Math.min(this.options.maxTemperature, raised) * 1000) / 1000;
    const notes =
      entry.attempts.length === 0
        ? []
        : [
            `The last ${entry.count} attempts from here did not improve. Do not repeat them; try something different:\n` +
              entry.attempts.map((line) => `- ${line}`).join('\n'),
          ];
    return { temperature, notes };
  }
}

function describeFailure(resolution: Resolution, score: number | null, parentScore: number | null): string {
  const what = resolution.summary ?? 'an edit';
  if (resolution.outcome !== 'candidate') {
    return `${what}: ${resolution.outcome}${resolution.reason === undefined ? '' : ` (${resolution.reason})`}`;
  }
  const status = resolution.result?.status ?? 'not evaluated';
  if (score === null) {
    const feedback = resolution.result?.feedback.split('\n')[0]?.slice(0, 160) ?? '';
    return `${what}: ${status}${feedback === '' ? '' : ` — ${feedback}`}`;
  }
  return `${what}: scored ${score}, no better than the parent's ${parentScore ?? '—'}`;
}

/** Merges notes of several sources into one request field (absent when empty). */
export function withNotes(
  request: ProposalRequest,
  notes: readonly string[],
  temperature?: number,
): ProposalRequest {
  const merged = [...(request.notes ?? []), ...notes];
  return {
    ...request,
    ...(merged.length === 0 ? {} : { notes: merged }),
    ...(temperature === undefined ? {} : { temperature }),
  };
}
