import { defineProblem } from 'ratchet';

export default defineProblem({
  descriptionFile: 'README.md',
  seed: 'heuristic.ts',
  evaluator: 'evaluator.ts',
  objective: { metric: 'packing_efficiency', direction: 'maximize' },
  timeoutSeconds: 60,
  budget: { evaluations: 60 },
});
