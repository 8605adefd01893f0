/** The short profile of the performance recipe: the hottest lines of a gcov report of the candidate. */

export interface HotLine {
  readonly count: number;
  readonly line: number;
  readonly source: string;
}

/** Lines of `gcov -t` output (`  count:  line:source`) with an execution count, hottest first. */
export function hotLines(report: string, limit: number): HotLine[] {
  const lines: HotLine[] = [];
  for (const row of report.split('\n')) {
    const match = /^\s*(\d+)\*?:\s*(\d+):(.*)$/.exec(row);
    if (match === null) continue;
    lines.push({ count: Number(match[1]), line: Number(match[2]), source: (match[3] as string).trim() });
  }
  return lines.sort((a, b) => b.count - a.count || a.line - b.line).slice(0, limit);
}

/** The profile as feedback text: counts right-aligned with thousands separators. */
export function formatProfile(lines: readonly HotLine[]): string {
  const counts = lines.map((hot) => hot.count.toLocaleString('en-US'));
  const width = Math.max(0, ...counts.map((count) => count.length));
  return lines
    .map((hot, index) => `  ${counts[index]?.padStart(width)}  line ${hot.line}: ${hot.source}`)
    .join('\n');
}
