import { defineProblem } from 'ratchet';

export default defineProblem({
  descriptionFile: 'README.md',
  seed: 'program.py',
  evaluator: 'evaluator.ts',
  objective: { metric: 'c3prime_max_of_abs', direction: 'minimize' },
  timeoutSeconds: 60,
  budget: { evaluations: 100 },
});
