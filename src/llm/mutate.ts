/**
 * `mutate`: the built-in non-LLM proposer, the offline default. It perturbs numeric literals inside the
 * evolve block and now and then makes a small structural edit that keeps the program runnable; with two
 * parents it crosses them over literal by literal. Deterministic for a given `Random`.
 */
import { RatchetError } from '../core/errors.ts';
import type { CandidateFile } from '../spec/candidate.ts';
import type { ProposalContext, ProposalResult, Proposer } from '../spec/proposer.ts';
import type { Random } from '../spec/random.ts';
import { editableLiterals, type LiteralOptions, type NumericLiteral } from './code-tokens.ts';
import { crossoverText } from './crossover-text.ts';
import { findEvolveRegions } from './edits/evolve-block.ts';
import { perturbLiteral } from './perturb-number.ts';
import { duplicateListElement, swapAdjacentAssignments } from './structural-edits.ts';

export interface MutateOptions extends LiteralOptions {
  /** Probability of a structural edit instead of literal perturbation, when one is possible (default 0.15). */
  readonly structuralRate?: number;
}

export interface MutateOutcome {
  readonly content: string;
  /** What was done, e.g. "mutate (non-LLM): perturbed 3 numeric literals". */
  readonly summary: string;
}

const literalCounts = [1, 1, 1, 2, 2, 3, 4] as const;

function perturbLiterals(
  content: string,
  literals: readonly NumericLiteral[],
  random: Random,
): MutateOutcome | null {
  const changeable = literals.filter((literal) => literal.isInteger || literal.value !== 0);
  if (changeable.length === 0) return null;
  // floats are the usual tuning knobs; integers (counts, indices) are touched less often
  const weights = changeable.map((literal) => (literal.isInteger ? 1 : 4));
  const wanted = Math.min(random.pick(literalCounts), changeable.length);
  const chosen = new Map<number, string>();
  for (let draw = 0; draw < wanted * 4 && chosen.size < wanted; draw++) {
    const index = random.weighted(weights);
    if (chosen.has(index)) continue;
    const text = perturbLiteral(changeable[index] as NumericLiteral, random);
    if (text !== null) chosen.set(index, text);
  }
  if (chosen.size === 0) return null;
  let next = '';
  let cursor = 0;
  for (const [index, literal] of changeable.entries()) {
    const text = chosen.get(index);
    if (text === undefined) continue;
    next += content.slice(cursor, literal.start) + text;
    cursor = literal.end;
  }
  next += content.slice(cursor);
  const count = chosen.size === 1 ? '1 numeric literal' : `${chosen.size} numeric literals`;
  return { content: next, summary: `mutate (non-LLM): perturbed ${count}` };
}

/**
 * Perturbs `content` once. Returns null when there is nothing to change inside the evolve block (no
 * numeric literal and no structure it knows how to edit). Pure: the same `random` state gives the same result.
 */
export function mutateText(
  content: string,
  random: Random,
  options: MutateOptions = {},
): MutateOutcome | null {
  const literals = editableLiterals(content, options);
  const { regions } = findEvolveRegions(content);
  const structural = (): MutateOutcome | null => {
    const edit =
      random.next() < 0.5
        ? (swapAdjacentAssignments(content, regions, random) ??
          duplicateListElement(content, regions, literals, random))
        : (duplicateListElement(content, regions, literals, random) ??
          swapAdjacentAssignments(content, regions, random));
    return edit === null ? null : { content: edit.content, summary: `mutate (non-LLM): ${edit.summary}` };
  };
  // now and then a structural edit; otherwise literals, with structure as the fallback
  const structuralFirst = random.next() < (options.structuralRate ?? 0.15);
  return (
    (structuralFirst ? structural() : null) ??
    perturbLiterals(content, literals, random) ??
    (structuralFirst ? null : structural())
  );
}

function replaceFile(files: readonly CandidateFile[], path: string, content: string): CandidateFile[] {
  return files.map((file) => (file.path === path ? { path, content } : file));
}

/** The `mutate` proposer. It never calls an LLM; its summaries say so. */
export function createMutateProposer(options: Pick<MutateOptions, 'structuralRate'> = {}): Proposer {
  return {
    async propose(context: ProposalContext): Promise<ProposalResult> {
      const { problem, random } = context;
      const [first, second] = context.parents;
      if (first === undefined)
        throw new RatchetError('internal', `proposal ${context.proposalId} has no parent`);
      const path = problem.mainFile;
      const parent = first.candidate.files.find((file) => file.path === path);
      if (parent === undefined)
        throw new RatchetError('internal', `parent ${first.candidate.id.slice(0, 12)} has no file ${path}`);
      const mutateOptions: MutateOptions = { language: problem.language, path, ...options };
      let crossoverSummary: string | null = null;
      if (context.request.mode === 'crossover' && second !== undefined) {
        const other = second.candidate.files.find((file) => file.path === path);
        const crossed =
          other === undefined ? null : crossoverText(parent.content, other.content, random, mutateOptions);
        if (crossed !== null && crossed.content !== parent.content) {
          return {
            ok: true,
            files: replaceFile(first.candidate.files, path, crossed.content),
            origin: 'crossover',
            summary: crossed.summary,
          };
        }
        crossoverSummary = 'the parents had no differing literals to cross over';
      }
      for (let attempt = 0; attempt < 5; attempt++) {
        const mutated = mutateText(parent.content, random, mutateOptions);
        if (mutated === null) break;
        if (mutated.content === parent.content) continue;
        const summary =
          crossoverSummary === null ? mutated.summary : `${mutated.summary} (${crossoverSummary})`;
        return {
          ok: true,
          files: replaceFile(first.candidate.files, path, mutated.content),
          origin: 'mutate',
          summary,
        };
      }
      return {
        ok: false,
        reason: `mutate (non-LLM): nothing to change in ${path}: no numeric literal or known structure inside the evolve block`,
      };
    },
  };
}
