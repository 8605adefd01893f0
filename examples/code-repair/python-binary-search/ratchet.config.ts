import { defineProblem } from 'ratchet';
import { codeRepairTask } from '../task-config.ts';

export default defineProblem(
  codeRepairTask({
    seed: 'binary_search.py',
    description: 'Python: `search(items, target)` is a binary search returning an index or -1.',
  }),
);
