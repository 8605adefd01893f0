/**
 * A cost-aware UCB bandit over the models of an ensemble. Each proposal is a pull of its model; the reward
 * is the child's improvement over its parent, scaled by the run's score range so far and clipped to [0, 1]
 * (failed proposals and invalid children earn 0); the cost is what the proposal's LLM calls cost.
 *
 *   efficiency(m) = mean reward(m) / mean cost(m)        (reward per US dollar)
 *   index(m)      = efficiency(m) / max efficiency + c · √(ln N / n(m))
 *
 * with mean costs floored at `costFloor` US dollars so free models (`mutate`, local ones) compare sanely.
 * Untried models are pulled first, in ensemble order. The state is a fold over events, so it survives a resume.
 */
import type { RunEvent } from '../spec/events.ts';
import type { RunView } from '../spec/run-view.ts';

/** Settings of the bandit. */
export interface ModelBanditOptions {
  /** UCB exploration constant c (default √2). */
  readonly exploration?: number | undefined;
  /** Floor on a model's mean cost per proposal, in US dollars (default 1e-4). */
  readonly costFloor?: number | undefined;
}

/** One model’s pulls, summed reward and summed cost. */
export interface ModelArm {
  readonly model: string;
  pulls: number;
  reward: number;
  costUsd: number;
}

/** The bandit’s state and choice (see the file comment). */
export class ModelBandit {
  readonly arms: ModelArm[];
  private readonly proposals = new Map<string, { model: string; parentFitness: number | null }>();
  private readonly candidates = new Map<string, string>();
  private readonly exploration: number;
  private readonly costFloor: number;
  private low = Number.POSITIVE_INFINITY;
  private high = Number.NEGATIVE_INFINITY;

  constructor(models: readonly string[], options: ModelBanditOptions = {}) {
    this.arms = models.map((model) => ({ model, pulls: 0, reward: 0, costUsd: 0 }));
    this.exploration = options.exploration ?? Math.SQRT2;
    this.costFloor = options.costFloor ?? 1e-4;
  }

  /** Folds one event. */
  apply(event: RunEvent, view: RunView): void {
    const fitness = (score: number | null | undefined): number | null =>
      typeof score !== 'number' ? null : view.problem.objective.direction === 'maximize' ? score : -score;
    switch (event.type) {
      case 'proposal-start': {
        const arm = this.arm(event.data.model);
        if (arm === undefined) return;
        arm.pulls += 1;
        const parentId = event.data.request.parentIds[0];
        const parent = parentId === undefined ? undefined : view.candidates.get(parentId)?.evaluation;
        this.proposals.set(event.data.proposalId, {
          model: event.data.model,
          parentFitness: parent?.status === 'scored' ? fitness(parent.score) : null,
        });
        return;
      }
      case 'llm-call-end': {
        const model = this.proposals.get(event.data.proposalId)?.model;
        const arm = model === undefined ? undefined : this.arm(model);
        if (arm !== undefined) arm.costUsd += event.data.costUsd;
        return;
      }
      case 'proposal-end':
        if (event.data.outcome === 'candidate' && event.data.candidateId !== undefined)
          this.candidates.set(event.data.candidateId, event.data.proposalId);
        else this.proposals.delete(event.data.proposalId);
        return;
      case 'evaluation-end': {
        const value = fitness(event.data.result.status === 'scored' ? event.data.result.score : null);
        if (value !== null) {
          this.low = Math.min(this.low, value);
          this.high = Math.max(this.high, value);
        }
        const proposalId = this.candidates.get(event.data.candidateId);
        if (proposalId === undefined) return;
        this.candidates.delete(event.data.candidateId);
        const proposal = this.proposals.get(proposalId);
        this.proposals.delete(proposalId);
        const arm = proposal === undefined ? undefined : this.arm(proposal.model);
        if (arm === undefined || proposal === undefined || value === null || proposal.parentFitness === null)
          return;
        const scale = Math.max(this.high - this.low, 1e-12);
        arm.reward += Math.min(1, Math.max(0, (value - proposal.parentFitness) / scale));
        return;
      }
      default:
        return;
    }
  }

  /** The UCB index of each arm (Infinity for untried arms). */
  indices(): number[] {
    const total = this.arms.reduce((sum, arm) => sum + arm.pulls, 0);
    const efficiency = this.arms.map((arm) =>
      arm.pulls === 0 ? 0 : arm.reward / arm.pulls / Math.max(this.costFloor, arm.costUsd / arm.pulls),
    );
    const top = Math.max(...efficiency);
    return this.arms.map((arm, index) => {
      if (arm.pulls === 0) return Number.POSITIVE_INFINITY;
      const bonus = this.exploration * Math.sqrt(Math.log(Math.max(total, 1)) / arm.pulls);
      return (top > 0 ? (efficiency[index] as number) / top : 0) + bonus;
    });
  }

  /** The model to use next: the highest index, ties to the earlier model. */
  choose(): string {
    const indices = this.indices();
    let best = 0;
    for (let index = 1; index < indices.length; index++)
      if ((indices[index] as number) > (indices[best] as number)) best = index;
    return (this.arms[best] as ModelArm).model;
  }

  private arm(model: string): ModelArm | undefined {
    return this.arms.find((arm) => arm.model === model);
  }
}
