import { defineProblem } from 'ratchet';

export default defineProblem({
  descriptionFile: 'task.md',
  seed: 'params.py',
  evaluator: { command: ['/usr/bin/python3', '-B', '{problemDir}/evaluate.py', '{candidate}'] },
  objective: { metric: 'mape', direction: 'minimize' },
  timeoutSeconds: 60,
  budget: { evaluations: 40 },
});
