import type { Command } from 'commander';

/** Registers one CLI verb (or a few related ones) on the program. */
export type CommandRegistrar = (program: Command) => void;

/**
 * Every CLI verb: one file per verb in this folder, loaded only when needed — `ratchet run` does not pay
 * for the dashboard, the queue or the AI SDK. `names` are the verbs the file registers.
 */
export interface CommandEntry {
  readonly names: readonly string[];
  readonly load: () => Promise<CommandRegistrar>;
}

export const commands: readonly CommandEntry[] = [
  { names: ['run'], load: async () => (await import('./run.ts')).registerRun },
  { names: ['resume'], load: async () => (await import('./resume.ts')).registerResume },
  { names: ['replay'], load: async () => (await import('./replay.ts')).registerReplay },
  { names: ['evaluate'], load: async () => (await import('./evaluate.ts')).registerEvaluate },
  { names: ['list', 'status'], load: async () => (await import('./list.ts')).registerList },
  { names: ['best'], load: async () => (await import('./best.ts')).registerBest },
  { names: ['show'], load: async () => (await import('./show.ts')).registerShow },
  { names: ['diff'], load: async () => (await import('./diff.ts')).registerDiff },
  { names: ['lineage'], load: async () => (await import('./lineage.ts')).registerLineage },
  { names: ['export'], load: async () => (await import('./export.ts')).registerExport },
  { names: ['verify'], load: async () => (await import('./verify.ts')).registerVerify },
  {
    names: ['check-evaluator'],
    load: async () => (await import('./check-evaluator.ts')).registerCheckEvaluator,
  },
  { names: ['mock-llm'], load: async () => (await import('./mock-llm.ts')).registerMockLlm },
  { names: ['models'], load: async () => (await import('./models.ts')).registerModels },
  { names: ['ui'], load: async () => (await import('./ui.ts')).registerUi },
  { names: ['report'], load: async () => (await import('./report.ts')).registerReport },
  { names: ['compare'], load: async () => (await import('./compare.ts')).registerCompare },
  { names: ['strategies'], load: async () => (await import('./strategies.ts')).registerStrategies },
  { names: ['worker'], load: async () => (await import('./worker.ts')).registerWorker },
];
