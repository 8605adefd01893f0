import type { Command } from 'commander';

/** Every CLI verb registers itself here: one file per verb in this folder. */
export type CommandRegistrar = (program: Command) => void;

export const commands: CommandRegistrar[] = [];
