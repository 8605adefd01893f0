import { defineProblem } from 'ratchet';

export default defineProblem({
  descriptionFile: 'README.md',
  seed: 'program.py',
  evaluator: 'evaluator.ts',
  objective: { metric: 'c3_abs_of_max', direction: 'minimize' },
  timeoutSeconds: 60,
  budget: { evaluations: 100 },
});
