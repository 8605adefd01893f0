import type { Command } from 'commander';
import { registerBest } from './best.ts';
import { registerCheckEvaluator } from './check-evaluator.ts';
import { registerDiff } from './diff.ts';
import { registerCompare } from './compare.ts';
import { registerEvaluate } from './evaluate.ts';
import { registerExport } from './export.ts';
import { registerLineage } from './lineage.ts';
import { registerList } from './list.ts';
import { registerMockLlm } from './mock-llm.ts';
import { registerModels } from './models.ts';
import { registerReport } from './report.ts';
import { registerReplay } from './replay.ts';
import { registerResume } from './resume.ts';
import { registerRun } from './run.ts';
import { registerShow } from './show.ts';
import { registerStrategies } from './strategies.ts';
import { registerUi } from './ui.ts';
import { registerVerify } from './verify.ts';
import { registerWorker } from './worker.ts';

/** Every CLI verb registers itself here: one file per verb in this folder. */
export type CommandRegistrar = (program: Command) => void;

export const commands: CommandRegistrar[] = [
  registerRun,
  registerResume,
  registerReplay,
  registerEvaluate,
  registerList,
  registerBest,
  registerShow,
  registerDiff,
  registerLineage,
  registerExport,
  registerVerify,
  registerCheckEvaluator,
  registerMockLlm,
  registerModels,
  registerUi,
  registerReport,
  registerCompare,
  registerStrategies,
  registerWorker,
];
