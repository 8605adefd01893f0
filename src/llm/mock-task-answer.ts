/**
 * What `mock-llm` answers to a prompt that holds no program: a task prompt, such as an evaluator asking a
 * model to label an item (see `examples/prompt-optimization`). When a message lists the allowed answers
 * on a line `Answer with one of: a, b, c`, the mock answers one of them, picked by a hash of the whole
 * conversation — so the same conversation always gets the same answer (evaluations through the mock are
 * deterministic and replay exactly), and a changed instruction or item gets an unrelated one.
 *
 * The mock understands nothing: over a labelled set its accuracy is chance level, and the differences
 * between two instructions are noise. That is enough to run a prompt-optimisation loop end to end, and it
 * is exactly what a held-out split should expose.
 */
import { createRandom } from '../core/random.ts';
import type { ChatMessage } from '../spec/llm.ts';

const choicesLine = /^[ \t]*answer with one of:[ \t]*(.+)$/im;

/** The allowed answers a conversation lists (the last such line wins), or an empty list. */
export function answerChoices(messages: readonly ChatMessage[]): string[] {
  let line: string | undefined;
  for (const message of messages) line = choicesLine.exec(message.content)?.[1] ?? line;
  if (line === undefined) return [];
  return line
    .split(/,|\||\bor\b/)
    .map((choice) => choice.trim().replace(/^["'`*]+|["'`*.]+$/g, ''))
    .filter((choice) => choice !== '');
}

/** One of the listed answers, fixed by the conversation; null when the prompt lists none. */
export function mockTaskAnswer(messages: readonly ChatMessage[]): string | null {
  const choices = answerChoices(messages);
  if (choices.length === 0) return null;
  const random = createRandom('mock-llm-task', JSON.stringify(messages));
  return choices[random.int(choices.length)] as string;
}
