import { defineProblem } from 'ratchet';

export default defineProblem({
  descriptionFile: 'statement.md',
  seed: 'generator.py',
  evaluator: { command: ['/usr/bin/python3', '-B', '{problemDir}/evaluate.py', '{candidate}'] },
  objective: { metric: 'score', direction: 'maximize' },
  timeoutSeconds: 120,
  budget: { evaluations: 40, targetScore: 1 },
});
