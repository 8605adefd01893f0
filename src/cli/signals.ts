/**
 * Ctrl-C stops a run cleanly (it can be resumed); a second Ctrl-C exits at once.
 */
export function abortOnSignals(onFirst?: () => void): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  let count = 0;
  const handler = (): void => {
    count += 1;
    if (count === 1) {
      onFirst?.();
      controller.abort();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
