import { fileURLToPath } from 'node:url';
import { defineProblem } from 'ratchet';

/** Ratchet's sources: the evaluator imports the exact verifier from there (mounted read-only in the sandbox). */
const ratchetSource =
  process.env['RATCHET_SOURCE_DIR'] ?? fileURLToPath(new URL('../../src/', import.meta.url));

export default defineProblem({
  descriptionFile: 'README.md',
  seed: 'program.py',
  evaluator: 'evaluator.ts',
  objective: { metric: 'c5_upper_bound', direction: 'minimize' },
  timeoutSeconds: 60,
  sandbox: { readOnlyPaths: [ratchetSource], setEnv: { RATCHET_SOURCE_DIR: ratchetSource } },
  budget: { evaluations: 100 },
});
