import { defineProblem } from 'ratchet';
import { codeRepairTask } from '../task-config.ts';

export default defineProblem(
  codeRepairTask({
    seed: 'wrap.ts',
    description: 'TypeScript: `wrap(text, width)` wraps words on lines of at most `width` characters.',
  }),
);
