import { defineProblem } from 'ratchet';
import { codeRepairTask } from '../task-config.ts';

export default defineProblem(
  codeRepairTask({
    seed: 'pagination.py',
    description: 'Python: `page_count(total_items, per_page)` returns how many pages a listing needs.',
  }),
);
