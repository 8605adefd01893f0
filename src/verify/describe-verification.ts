/**
 * A verification as text for people: the CLI's output and the feedback a candidate gets in the loop.
 */
import type { Verification } from './verification.ts';

export interface DescribeOptions {
  /** Violations to list one per line (default 5). */
  readonly listed?: number;
}

/** Several lines: value, feasibility with the worst violations, the tightest constraint, the claim. */
export function describeVerification(verification: Verification, options: DescribeOptions = {}): string {
  const lines: string[] = [];
  const { valueName, value, valueDecimal, tolerance } = verification;
  const better = verification.direction === 'maximize' ? 'higher is better' : 'lower is better';
  if (value === null) lines.push(`${verification.problem}: ${valueName} undefined`);
  else lines.push(`${verification.problem}: ${valueName} = ${value} (${better}; exact ${valueDecimal})`);
  for (const issue of verification.issues) lines.push(`  problem: ${issue}`);
  if (verification.feasible) {
    lines.push(`feasible at tolerance ${tolerance} (max violation ${verification.maxViolation})`);
  } else if (verification.violationCount > 0) {
    const byKind = Object.entries(verification.violationCounts)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ');
    lines.push(
      `INFEASIBLE at tolerance ${tolerance}: ${verification.violationCount} violated constraint(s) (${byKind}), ` +
        `max violation ${verification.maxViolation}`,
    );
  } else {
    lines.push(`INFEASIBLE: the construction is malformed`);
  }
  const listed = verification.violations.slice(0, options.listed ?? 5);
  for (const violation of listed)
    lines.push(`  ${violation.constraint} ${violation.where}: violated by ${violation.amount}`);
  if (verification.violationCount > listed.length) {
    lines.push(`  … and ${verification.violationCount - listed.length} more`);
  }
  if (verification.tightest !== null && verification.violationCount === 0) {
    const { constraint, where, amount } = verification.tightest;
    lines.push(`tightest constraint: ${constraint} ${where}, slack ${-amount}`);
  }
  const extra = Object.entries(verification.values).filter(([name]) => name !== valueName);
  if (extra.length > 0)
    lines.push(`also: ${extra.map(([name, number]) => `${name} = ${number}`).join(', ')}`);
  if (verification.claim !== null) {
    const { claimed, holds, difference } = verification.claim;
    const word = verification.direction === 'maximize' ? 'at least' : 'at most';
    lines.push(
      holds
        ? `claim ${claimed} holds (value is ${word} the claim within tolerance; claimed − value = ${difference})`
        : `claim ${claimed} is WRONG: the value is ${value} (claimed − value = ${difference}, beyond tolerance ${tolerance})`,
    );
  }
  return lines.join('\n');
}
