/**
 * The critic (CodeTree's critic, SWE-Search's value agent, MaxCode's critique step): after a candidate is
 * evaluated, a model reads it with its score and the evaluator's raw output and answers with a short
 * diagnosis and what to try next, plus a value in [0, 1]. The engine records the answer as a
 * `critique-end` event; strategies that read critiques (`tree`) feed them into later expansions of that
 * branch. An unusable answer is no critique, never an error.
 */
import { RatchetError } from '../core/errors.ts';
import type { Candidate } from '../spec/candidate.ts';
import type { LlmClient } from '../spec/llm.ts';
import type { ResolvedProblem } from '../spec/problem.ts';
import type { CandidateRecord } from '../spec/run-view.ts';
import { evaluationText, fence } from './prompt-sections.ts';

export interface CritiqueInput {
  readonly candidate: Candidate;
  readonly record: CandidateRecord;
  readonly problem: ResolvedProblem;
  readonly llm: LlmClient;
  readonly signal: AbortSignal;
}

export interface Critique {
  readonly critique: string;
  readonly value?: number;
}

const systemMessage =
  'You are a critic in an automated search for better programs. You never write code. You read one ' +
  'candidate with its evaluation and answer with a short diagnosis: what limits its score (or why it ' +
  'failed), and the single most promising change to try next. At most six sentences. End with a line ' +
  '"VALUE: v" where v in [0, 1] is how promising this candidate is as a starting point for further edits.';

/** Asks the critic model about one evaluated candidate; null when its answer is unusable. */
export async function critiqueCandidate(input: CritiqueInput, maxChars = 1500): Promise<Critique | null> {
  const { candidate, record, problem, llm } = input;
  const main = candidate.files.find((file) => file.path === problem.mainFile)?.content ?? '';
  const user = [
    problem.description.trim() === '' ? '' : `## Problem\n${problem.description.trim()}`,
    `## Candidate\nFile \`${problem.mainFile}\`:\n${fence(main, problem.language)}`,
    `## Its evaluation\n${evaluationText(record, problem.objective, problem.prompt.maxFeedbackChars)}`,
    '## Your critique',
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  let text: string;
  try {
    const response = await llm.complete(
      {
        model: llm.model,
        messages: [
          { role: 'system', content: systemMessage },
          { role: 'user', content: user },
        ],
        temperature: 0,
      },
      { signal: input.signal },
    );
    text = response.text;
  } catch (error) {
    if (input.signal.aborted) throw error;
    if (RatchetError.is(error) && error.code === 'llm') return null;
    throw error;
  }
  return parseCritique(text, maxChars);
}

/** Splits an answer into the critique text and its `VALUE:` line. */
export function parseCritique(text: string, maxChars: number): Critique | null {
  const match = /^\s*VALUE:\s*([0-9]*\.?[0-9]+)\s*$/im.exec(text);
  const critique = (match === null ? text : text.replace(match[0], '')).trim().slice(0, maxChars);
  if (critique === '') return null;
  const value = match === null ? undefined : Number(match[1]);
  return value !== undefined && Number.isFinite(value) && value >= 0 && value <= 1
    ? { critique, value }
    : { critique };
}
