/**
 * Context size and threads for this machine: the context grows with the memory there is (node-llama-cpp
 * then fits it between `min` and `max` to the free RAM/VRAM), never beyond what the model was trained
 * on; threads default to the cores that do matrix maths well (physical cores) that are not already busy.
 * llama.cpp's threads wait for each other at every layer, so more threads than idle cores is far
 * slower, not a little: on a 2-core machine with a load average of 15, a tiny model generated 64
 * tokens in 38 s with 2 threads and in 1 s with 1 thread.
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
  /** Logical cores (`os.availableParallelism()`). */
  readonly logicalCores: number;
  /** The 1-minute load average (`os.loadavg()[0]`; 0 where the OS has none). */
  readonly loadAverage: number;
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
  const idleCores = Math.round(facts.logicalCores - facts.loadAverage);
  const max = Math.max(256, Math.min(facts.requestedContextSize ?? byMemory, facts.trainContextSize));
  return {
    contextSize: { min: Math.min(2048, max), max },
    threads: Math.max(1, Math.floor(facts.requestedThreads ?? Math.min(facts.cpuMathCores, idleCores))),
  };
}
