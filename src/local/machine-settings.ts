/**
 * Context size and threads for this machine: the context grows with the memory there is (node-llama-cpp
 * then fits it between `min` and `max` to the free RAM/VRAM), never beyond what the model was trained
 * on; threads default to the cores that do matrix maths well (physical cores).
 */

export interface MachineSettings {
  readonly contextSize: { readonly min: number; readonly max: number };
  readonly threads: number;
}

export interface MachineFacts {
  /** The model's trained context length. */
  readonly trainContextSize: number;
  readonly totalMemoryBytes: number;
  /** node-llama-cpp's count of cores for maths. */
  readonly cpuMathCores: number;
  /** A context size the user asked for (`RATCHET_LOCAL_CONTEXT`). */
  readonly requestedContextSize?: number;
  /** Threads the user asked for (`RATCHET_LOCAL_THREADS`). */
  readonly requestedThreads?: number;
}

const gibibyte = 1024 ** 3;

/** The context size range and thread count for a model on this machine. */
export function chooseMachineSettings(facts: MachineFacts): MachineSettings {
  const byMemory =
    facts.totalMemoryBytes >= 16 * gibibyte ? 16_384 : facts.totalMemoryBytes >= 8 * gibibyte ? 8192 : 4096;
  const max = Math.max(256, Math.min(facts.requestedContextSize ?? byMemory, facts.trainContextSize));
  return {
    contextSize: { min: Math.min(2048, max), max },
    threads: Math.max(1, Math.floor(facts.requestedThreads ?? facts.cpuMathCores)),
  };
}
