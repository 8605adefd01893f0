import { defineProblem } from 'ratchet';

export default defineProblem({
  descriptionFile: 'README.md',
  seed: 'program.py',
  evaluator: 'evaluator.ts',
  objective: { metric: 'c1_upper_bound', direction: 'minimize' },
  timeoutSeconds: 60,
  budget: { evaluations: 100 },
});
