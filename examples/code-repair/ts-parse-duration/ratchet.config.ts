import { defineProblem } from 'ratchet';
import { codeRepairTask } from '../task-config.ts';

export default defineProblem(
  codeRepairTask({
    seed: 'duration.ts',
    description: 'TypeScript: `parseDuration(text)` turns "1h30m"-style durations into seconds.',
  }),
);
