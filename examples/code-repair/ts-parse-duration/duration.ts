/** Durations in configuration files: "45s", "2m 5s", "1h30m", "2d". */

// EVOLVE-BLOCK-START
const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * The number of seconds in `text`: amounts with a unit (s, m, h, d), optionally separated by spaces.
 * Throws `Error("invalid duration: <text>")` for text that is not a duration and
 * `Error('unknown unit "<unit>" in <text>')` for an unknown unit.
 */
export function parseDuration(text: string): number {
  let total = 0;
  for (const part of text.trim().split(/\s+/)) {
    const match = /^(\d+)([a-z]+)$/.exec(part);
    const unit = match![2] as string;
    const seconds = unitSeconds[unit];
    if (seconds === undefined) throw new Error(`unknown unit "${unit}" in ${text}`);
    total += Number(match![1]) * seconds;
  }
  return total;
}
// EVOLVE-BLOCK-END
