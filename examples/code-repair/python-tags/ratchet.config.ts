import { defineProblem } from 'ratchet';
import { codeRepairTask } from '../task-config.ts';

export default defineProblem(
  codeRepairTask({
    seed: 'tags.py',
    description: 'Python: `add_tag(tag, tags)` adds a tag to a list of tags, ignoring case.',
  }),
);
