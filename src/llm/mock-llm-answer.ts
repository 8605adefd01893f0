/**
 * What `mock-llm` answers to a proposal prompt: it finds the parent program under `## Current program`,
 * changes it with `mutate` (or crosses it with `## Second parent`), and writes the change as real
 * SEARCH/REPLACE blocks — or as a whole fenced program when the prompt does not ask for blocks. A prompt
 * without a program that lists its allowed answers gets one of them (`mock-task-answer.ts`).
 */
import type { ChatMessage } from '../spec/llm.ts';
import type { Random } from '../spec/random.ts';
import { crossoverText } from './crossover-text.ts';
import { formatSearchReplace, makeSearchReplace } from './edits/make-search-replace.ts';
import { fencedBlocks } from './edits/parse-edits.ts';
import { mockTaskAnswer } from './mock-task-answer.ts';
import { mutateText } from './mutate.ts';
import { fence } from './prompt-sections.ts';
import { currentProgramHeader, secondParentHeader } from './prompt-template.ts';

/** Faults `mock-llm` can inject. */
export type MockFault = '429' | '500' | 'hang' | 'malformed' | 'no-match';

interface FoundProgram {
  readonly code: string;
  readonly language: string;
}

/** The first code fence after a line starting with `header`. */
function programAfter(text: string, header: string): FoundProgram | null {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.startsWith(header));
  if (at === -1) return null;
  const [block] = fencedBlocks(lines.slice(at + 1).join('\n'));
  return block === undefined ? null : { code: block.content, language: block.info.split(/\s/)[0] ?? '' };
}

/** The parent program of a prompt (and the second parent of a crossover prompt). */
export function findPrograms(messages: readonly ChatMessage[]): {
  parent: FoundProgram | null;
  second: FoundProgram | null;
} {
  const users = messages.filter((message) => message.role === 'user');
  for (const message of [...users].reverse()) {
    const parent = programAfter(message.content, currentProgramHeader);
    if (parent !== null) return { parent, second: programAfter(message.content, secondParentHeader) };
  }
  const last = users.at(-1);
  const [block] = last === undefined ? [] : fencedBlocks(last.content);
  return { parent: block === undefined ? null : { code: block.content, language: block.info }, second: null };
}

/**
 * What the mock's answer is keyed on: the program(s) it is asked to change, or the whole conversation when
 * there is no program. Keying on the programs rather than the whole prompt keeps the answers the same when
 * only volatile parts of the prompt change (an `eval_time` metric, a wall-clock figure), so a run through
 * the mock is reproducible from its seed.
 */
export function answerKey(messages: readonly ChatMessage[]): string {
  const { parent, second } = findPrograms(messages);
  if (parent === null) return JSON.stringify(messages);
  return JSON.stringify([parent.code, second?.code ?? null]);
}

/** Whether the prompt asks for SEARCH/REPLACE blocks (else a full rewrite). */
export function wantsSearchReplace(messages: readonly ChatMessage[]): boolean {
  return messages.some((message) => message.content.includes('<<<<<<< SEARCH'));
}

const garbage = [
  'As an AI language model I cannot see your program. {"edits": [ ~~ >>> <<< ]]',
  '<<< SEARCH (not really) ==== nothing to see here >>>',
  'The answer is 42.',
];

/** An answer for a fault that still returns HTTP 200: garbage text, or a block whose SEARCH matches nothing. */
export function faultAnswer(fault: 'malformed' | 'no-match', random: Random): string {
  if (fault === 'malformed') return random.pick(garbage);
  return [
    'I tightened the inner loop.',
    '',
    formatSearchReplace([
      {
        search: 'def mock_llm_line_that_is_not_in_the_program():\n    return 0',
        replace: 'def mock_llm_line_that_is_not_in_the_program():\n    return 1',
      },
    ]),
  ].join('\n');
}

/** The mock's answer to a proposal prompt. */
export function mockAnswer(messages: readonly ChatMessage[], random: Random): string {
  const { parent, second } = findPrograms(messages);
  if (parent === null) {
    // a task prompt (no program): one of the answers it lists, fixed by the conversation
    const task = mockTaskAnswer(messages);
    if (task !== null) return task;
    return `I could not find a program in the prompt (the mock looks for a code fence under "${currentProgramHeader}").`;
  }
  const options = parent.language === '' ? {} : { language: parent.language };
  let change = second === null ? null : crossoverText(parent.code, second.code, random, options);
  for (let attempt = 0; attempt < 5 && (change === null || change.content === parent.code); attempt++) {
    change = mutateText(parent.code, random, options);
    if (change === null) break;
  }
  if (change === null || change.content === parent.code)
    return 'I have no change to suggest for this program.';
  if (!wantsSearchReplace(messages))
    return `${change.summary}.\n\n${fence(change.content, parent.language)}\n`;
  const blocks = makeSearchReplace(parent.code, change.content);
  return `${change.summary}.\n\n${formatSearchReplace(blocks, parent.language)}\n`;
}
