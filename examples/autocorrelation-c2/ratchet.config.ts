import { defineProblem } from 'ratchet';

export default defineProblem({
  descriptionFile: 'README.md',
  seed: 'program.py',
  evaluator: 'evaluator.ts',
  objective: { metric: 'c2_lower_bound', direction: 'maximize' },
  timeoutSeconds: 60,
  budget: { evaluations: 100 },
});
