import { defineProblem } from 'ratchet';

export default defineProblem({
  descriptionFile: 'task.md',
  seed: 'extract.py',
  evaluator: { command: ['/usr/bin/python3', '-B', '{problemDir}/check.py', '{candidate}'] },
  objective: { metric: 'f1', direction: 'maximize' },
  timeoutSeconds: 60,
  budget: { evaluations: 40, targetScore: 1 },
});
