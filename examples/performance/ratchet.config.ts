import { defineProblem } from 'ratchet';

export default defineProblem({
  descriptionFile: 'description.md',
  seed: 'matmul.c',
  evaluator: 'evaluator.ts',
  objective: { metric: 'speedup', direction: 'maximize' },
  // stage 2 (timing) runs only when stage 1 finds every check size right
  cascadeThresholds: [1],
  timeoutSeconds: 180,
  budget: { evaluations: 60 },
});
