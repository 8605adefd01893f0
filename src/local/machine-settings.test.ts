import { describe, expect, it } from 'vitest';
import { chooseMachineSettings } from './machine-settings.ts';

const gib = 1024 ** 3;
const laptop = {
  trainContextSize: 32_768,
  totalMemoryBytes: 16 * gib,
  cpuMathCores: 8,
  logicalCores: 16,
  loadAverage: 0.5,
};

describe('chooseMachineSettings', () => {
  it('gives an idle 16 GB laptop a 16k context and its physical cores', () => {
    expect(chooseMachineSettings(laptop)).toEqual({ contextSize: { min: 2048, max: 16_384 }, threads: 8 });
  });

  it('shrinks the context with memory and never passes the trained length', () => {
    expect(chooseMachineSettings({ ...laptop, totalMemoryBytes: 8 * gib }).contextSize.max).toBe(8192);
    expect(chooseMachineSettings({ ...laptop, totalMemoryBytes: 4 * gib }).contextSize.max).toBe(4096);
    expect(chooseMachineSettings({ ...laptop, trainContextSize: 1024 }).contextSize).toEqual({
      min: 1024,
      max: 1024,
    });
  });

  it('leaves busy cores alone: a loaded 2-core machine gets one thread', () => {
    expect(
      chooseMachineSettings({ ...laptop, cpuMathCores: 2, logicalCores: 2, loadAverage: 15 }).threads,
    ).toBe(1);
    expect(chooseMachineSettings({ ...laptop, loadAverage: 12.4 }).threads).toBe(4);
  });

  it('does what the user asks for', () => {
    const settings = chooseMachineSettings({
      ...laptop,
      requestedContextSize: 4000,
      requestedThreads: 3,
      loadAverage: 40,
    });
    expect(settings).toEqual({ contextSize: { min: 2048, max: 4000 }, threads: 3 });
  });
});
