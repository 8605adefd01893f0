/**
 * Promotion: who becomes the champion. Without gates, every new best score is promoted. With gates
 * (a `validate` split or declared `gates`), a candidate is promoted only after static checks, a clean
 * evaluation, an improvement on `optimize`, and a paired test on `validate` against the champion; each
 * promotion is then scored once on `confirm`, for reporting only.
 *
 * `planPromotion` is a pure function of the run state: it returns the next decision to record and the
 * gate evaluations that must run first. Because everything it needs is in the log, a resumed run picks
 * up exactly where the previous process stopped.
 */
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { GateStats, NewEvent } from '../spec/events.ts';
import type { GateConfig, StaticCheck } from '../spec/problem.ts';
import { bootstrapTest, signTest } from './paired-test.ts';
import { createRandom } from './random.ts';
import type { RunState } from './run-state.ts';

export interface GateEvaluation {
  readonly candidateId: string;
  readonly purpose: 'validate' | 'confirm';
}

export interface PromotionPlan {
  /** The next decision to record (apply it, then plan again), or null. */
  readonly decision: NewEvent | null;
  /** Gate evaluations to start (not already running or done). */
  readonly evaluations: readonly GateEvaluation[];
}

/** Without gates: the promotion that a main evaluation's result implies, if it is a new best. */
export function promotionWithoutGates(
  state: RunState,
  candidateId: string,
  result: EvaluationResult,
): NewEvent | null {
  if (result.status !== 'scored' || result.score === null) return null;
  const champion =
    state.championId === null ? undefined : state.candidates.get(state.championId)?.evaluation?.score;
  if (typeof champion === 'number' && !state.isBetter(result.score, champion)) return null;
  return {
    type: 'candidate-promote',
    data: {
      candidateId,
      score: result.score,
      previousCandidateId: state.championId,
      reasons: [state.championId === null ? 'first scored candidate' : 'new best score'],
    },
  };
}

/** The next gate decision and the gate evaluations it waits for. */
export function planPromotion(state: RunState, mainFileOf: (candidateId: string) => string): PromotionPlan {
  const gates = state.problem.gates;
  if (gates === undefined) return { decision: null, evaluations: [] };
  const evaluations: GateEvaluation[] = [];
  const running = new Set(
    [...state.gateInFlight.values()].map((entry) => `${entry.purpose}:${entry.candidateId}`),
  );
  const need = (candidateId: string, purpose: GateEvaluation['purpose']): void => {
    const key = `${purpose}:${candidateId}`;
    if (running.has(key) || state.gateResults.get(candidateId)?.[purpose] !== undefined) return;
    running.add(key);
    evaluations.push({ candidateId, purpose });
  };

  // every promotion is confirmed once, for reporting
  if (state.problem.instances !== undefined && state.problem.instances.confirm.length > 0) {
    for (const id of state.promotedIds) need(id, 'confirm');
  }

  for (const candidateId of state.pendingDecisions) {
    const result = state.candidates.get(candidateId)?.evaluation;
    if (result === undefined) continue;
    const decision = decide(state, gates, candidateId, result, mainFileOf, need);
    if (decision !== null) return { decision, evaluations };
  }
  return { decision: null, evaluations };
}

function decide(
  state: RunState,
  gates: GateConfig,
  candidateId: string,
  result: EvaluationResult,
  mainFileOf: (candidateId: string) => string,
  need: (candidateId: string, purpose: GateEvaluation['purpose']) => void,
): NewEvent | null {
  const discard = (reasons: string[], stats?: GateStats): NewEvent => ({
    type: 'candidate-discard',
    data: {
      candidateId,
      reasons,
      consecutive: state.consecutiveDiscards + 1,
      ...(stats === undefined ? {} : { stats }),
    },
  });
  if (result.status !== 'scored' || result.score === null) {
    return discard([`evaluation ${result.status}: ${firstLine(result.feedback)}`]);
  }
  const failed = failedStaticChecks(gates.staticChecks, mainFileOf(candidateId));
  if (failed.length > 0) return discard(failed.map((name) => `static check failed: ${name}`));

  const championId = state.championId;
  const championScore = championId === null ? undefined : state.candidates.get(championId)?.evaluation?.score;
  if (championId === null || typeof championScore !== 'number') {
    return promote(state, candidateId, result.score, ['first scored candidate: the baseline champion'], {
      optimizeScore: result.score,
    });
  }
  const direction = state.problem.objective.direction === 'maximize' ? 1 : -1;
  const improvement = direction * (result.score - championScore);
  const optimizeStats = { optimizeScore: result.score, championOptimizeScore: championScore };
  if (!(improvement > gates.minImprovement)) {
    return discard(
      [
        `no improvement on optimize: ${result.score} vs the champion's ${championScore} (needs more than ${gates.minImprovement})`,
      ],
      optimizeStats,
    );
  }
  const validateIds = state.problem.instances?.validate ?? [];
  if (validateIds.length === 0)
    return promote(state, candidateId, result.score, ['improved on optimize'], optimizeStats);

  const candidateValidate = state.gateResults.get(candidateId)?.validate;
  const championValidate = state.gateResults.get(championId)?.validate;
  if (candidateValidate === undefined) need(candidateId, 'validate');
  if (championValidate === undefined) need(championId, 'validate');
  if (candidateValidate === undefined || championValidate === undefined) return null;
  if (candidateValidate.status !== 'scored' || candidateValidate.score === null) {
    return discard(
      [`validate evaluation ${candidateValidate.status}: ${firstLine(candidateValidate.feedback)}`],
      optimizeStats,
    );
  }
  const outcome = pairedOnValidate(
    state,
    gates,
    candidateId,
    candidateValidate,
    championValidate,
    validateIds,
    direction,
  );
  const stats: GateStats = {
    ...optimizeStats,
    validateScore: candidateValidate.score,
    ...(championValidate.score === null ? {} : { championValidateScore: championValidate.score }),
    ...outcome.stats,
  };
  if (!outcome.passed)
    return discard([`improved on optimize but not on validate: ${outcome.summary}`], stats);
  return promote(
    state,
    candidateId,
    result.score,
    ['improved on optimize', `better on validate: ${outcome.summary}`],
    stats,
  );
}

function pairedOnValidate(
  state: RunState,
  gates: GateConfig,
  candidateId: string,
  candidate: EvaluationResult,
  champion: EvaluationResult,
  validateIds: readonly string[],
  direction: number,
): { passed: boolean; summary: string; stats: GateStats } {
  const metric = state.problem.objective.metric;
  const improvements: number[] = [];
  for (const id of validateIds) {
    const mine = candidate.instanceMetrics?.[id]?.[metric];
    const theirs = champion.instanceMetrics?.[id]?.[metric];
    if (typeof mine === 'number' && typeof theirs === 'number')
      improvements.push(direction * (mine - theirs));
  }
  if (improvements.length < validateIds.length || improvements.length === 0) {
    // no per-instance metrics: compare the aggregate scores with the margin
    const theirs = champion.score ?? Number.NaN;
    const gain = direction * ((candidate.score ?? Number.NaN) - theirs);
    const passed = gain > gates.margin;
    return {
      passed,
      summary: `score ${candidate.score} vs ${theirs} (no per-instance metrics for a paired test; margin ${gates.margin})`,
      stats: { test: 'score' },
    };
  }
  if (gates.test === 'bootstrap') {
    const outcome = bootstrapTest(
      improvements,
      gates.margin,
      gates.confidence,
      createRandom(state.settings.seed, 'gate', candidateId),
    );
    return {
      passed: outcome.passed,
      summary: `bootstrap P(better by > ${gates.margin}) = ${outcome.probabilityBetter} (needs ≥ ${gates.confidence}); ${outcome.wins} wins, ${outcome.losses} losses, ${outcome.ties} ties`,
      stats: {
        test: 'bootstrap',
        wins: outcome.wins,
        losses: outcome.losses,
        ties: outcome.ties,
        probabilityBetter: outcome.probabilityBetter as number,
      },
    };
  }
  const outcome = signTest(improvements, gates.margin, gates.confidence);
  return {
    passed: outcome.passed,
    summary: `sign test ${outcome.wins} wins, ${outcome.losses} losses, ${outcome.ties} ties, p = ${(outcome.pValue as number).toPrecision(3)} (needs ≤ ${(1 - gates.confidence).toPrecision(3)})`,
    stats: {
      test: 'sign',
      wins: outcome.wins,
      losses: outcome.losses,
      ties: outcome.ties,
      pValue: outcome.pValue as number,
    },
  };
}

function promote(
  state: RunState,
  candidateId: string,
  score: number,
  reasons: string[],
  stats: GateStats,
): NewEvent {
  return {
    type: 'candidate-promote',
    data: { candidateId, score, previousCandidateId: state.championId, reasons, stats },
  };
}

/** Names of the static checks the content fails. */
export function failedStaticChecks(checks: readonly StaticCheck[], content: string): string[] {
  return checks
    .filter((check) =>
      check.forbid !== undefined
        ? new RegExp(check.forbid, 'm').test(content)
        : !new RegExp(check.require ?? '', 'm').test(content),
    )
    .map((check) => check.name);
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line === '' ? 'no feedback' : line.slice(0, 200);
}
