import { defineProblem } from 'ratchet';

export default defineProblem({
  descriptionFile: 'task.md',
  seed: 'model.ode',
  language: 'text',
  evaluator: { command: ['/usr/bin/python3', '-B', '{problemDir}/evaluate.py', '{candidate}'] },
  objective: { metric: 'nmse', direction: 'minimize' },
  // every 4 scored evaluations on the current data, observe the probe where the 3 best models disagree most
  activeData: { every: 4, committee: 3, maxAcquisitions: 3 },
  timeoutSeconds: 120,
  budget: { evaluations: 40 },
});
