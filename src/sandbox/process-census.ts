/**
 * Counts live processes whose command line contains a marker, by reading `/proc` — how tests (and the
 * attack suite) check that nothing outlived an evaluation.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Processes (host view) whose command line contains `marker`, excluding zombies. */
export function processesWithMarker(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!commandLine.includes(marker)) continue;
      const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (state !== 'Z') found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}
