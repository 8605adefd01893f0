/**
 * Printing: JSON for scripts, short readable text for people. Only the CLI writes to stdout/stderr.
 */
import { shortId } from '../core/candidate-id.ts';
import type { RunSummary } from '../core/run-summary.ts';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function warn(message: string): void {
  process.stderr.write(`ratchet: warning: ${message}\n`);
}

export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined) return '—';
  if (Number.isInteger(score)) return String(score);
  const magnitude = Math.abs(score);
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)
    ? score.toExponential(6)
    : score.toPrecision(10).replace(/0+$/, '').replace(/\.$/, '');
}

export function describeSummary(summary: RunSummary, storeDir: string): string {
  const statuses = Object.entries(summary.statuses)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${status} ${count}`)
    .join(', ');
  const arrow =
    summary.best === null
      ? 'no scored candidate'
      : `${formatScore(summary.seedScore)} (seed) → ${formatScore(summary.best.score)} (best, ${shortId(summary.best.candidateId)})`;
  const lines = [
    `run ${summary.runId}: ${summary.status}${summary.reason === null ? '' : ` (${summary.reason})`}`,
    `  ${summary.objective.direction} ${summary.objective.metric}: ${arrow}`,
    `  evaluations ${summary.evaluations}${statuses === '' ? '' : ` (${statuses})`}; proposals ${summary.proposals} (${summary.failedProposals} failed, ${summary.duplicateProposals} duplicate)`,
    `  strategy ${summary.strategy}; model ${summary.models.join(', ')}; seed ${summary.seed}`,
    `  LLM ${summary.llmCalls} calls, ${summary.tokens.input + summary.tokens.output} tokens, $${summary.costUsd.toFixed(4)}; ${summary.activeSeconds.toFixed(1)} s`,
    `  store ${storeDir}`,
  ];
  if (summary.best !== null)
    lines.push(`  best program: ratchet best ${summary.runId} --store ${storeDir} --write FILE`);
  return lines.join('\n');
}
