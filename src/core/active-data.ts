/**
 * Active data acquisition (`activeData`, after LLM-ACES): once `every` main evaluations have been scored
 * on the current data, compare what the `committee` best of them predict at every probe not yet acquired,
 * and acquire the probe where they disagree most — the largest summed variance of their prediction
 * vectors. Pure: the decision is a function of the run state, so resume and replay make the same one.
 */
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { NewEvent } from '../spec/events.ts';
import type { RunState } from './run-state.ts';

/** Σ over components of the population variance across the vectors (all of one length). */
export function summedVariance(vectors: readonly (readonly number[])[]): number {
  const length = vectors[0]?.length ?? 0;
  let total = 0;
  for (let component = 0; component < length; component++) {
    const values = vectors.map((vector) => vector[component] as number);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    total += values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  }
  return total;
}

interface Member {
  readonly candidateId: string;
  readonly result: EvaluationResult;
}

/** The committee: the best scored evaluations on the current data that carry predictions (ties: earlier first). */
function committeeOf(state: RunState, size: number): Member[] {
  const members = state.scoredOnData.filter((entry) => entry.result.predictions !== undefined);
  const score = (member: Member): number => member.result.score as number;
  return members
    .map((member, order) => ({ member, order }))
    .sort((a, b) =>
      state.isBetter(score(a.member), score(b.member))
        ? -1
        : state.isBetter(score(b.member), score(a.member))
          ? 1
          : a.order - b.order,
    )
    .slice(0, size)
    .map(({ member }) => member);
}

/** The `problem-data` event to record now, or null when no acquisition is due or possible. */
export function planDataAcquisition(state: RunState): NewEvent | null {
  const config = state.problem.activeData;
  if (config === undefined) return null;
  if (config.maxAcquisitions !== undefined && state.data.length >= config.maxAcquisitions) return null;
  if (state.scoredOnData.length < config.every) return null;
  const committee = committeeOf(state, config.committee);
  if (committee.length < 2) return null;
  const acquired = new Set(state.data);
  const probes = Object.keys(committee[0]?.result.predictions ?? {}).sort();
  let chosen: { probeId: string; disagreement: number } | null = null;
  for (const probeId of probes) {
    if (acquired.has(probeId)) continue;
    const vectors = committee.map((member) => member.result.predictions?.[probeId]);
    const length = vectors[0]?.length ?? 0;
    if (length === 0 || vectors.some((vector) => vector === undefined || vector.length !== length)) continue;
    const disagreement = summedVariance(vectors as number[][]);
    if (chosen === null || disagreement > chosen.disagreement) chosen = { probeId, disagreement };
  }
  if (chosen === null || !(chosen.disagreement > 0)) return null;
  const ids = committee.map((member) => member.candidateId);
  return {
    type: 'problem-data',
    data: {
      probeId: chosen.probeId,
      data: [...state.data, chosen.probeId],
      committee: ids,
      disagreement: chosen.disagreement,
      reason:
        `the ${ids.length} best candidates on data version ${state.data.length} ` +
        `(${ids.map((id) => id.slice(0, 8)).join(', ')}) disagree most at probe ${chosen.probeId}: ` +
        `summed variance ${chosen.disagreement.toPrecision(4)} of their predictions`,
    },
  };
}
