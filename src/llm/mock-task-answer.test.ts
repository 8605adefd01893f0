import { afterAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../spec/llm.ts';
import { startMockLlmServer } from './mock-llm-server.ts';
import { answerChoices, mockTaskAnswer } from './mock-task-answer.ts';

const task = (instruction: string, item: string): ChatMessage[] => [
  { role: 'system', content: instruction },
  { role: 'user', content: item },
];
const instruction =
  'Route the message to 1 queue.\nAnswer with one of: billing, technical, `account`, shipping.';

describe('mock-llm task answers', () => {
  it('reads the allowed answers from an "Answer with one of:" line', () => {
    expect(answerChoices(task(instruction, 'x'))).toEqual(['billing', 'technical', 'account', 'shipping']);
    expect(answerChoices(task('answer with one of: "yes" or "no"', 'x'))).toEqual(['yes', 'no']);
    expect(answerChoices(task('Classify it.', 'x'))).toEqual([]);
    expect(mockTaskAnswer(task('Classify it.', 'x'))).toBeNull();
  });

  it('answers one listed choice, the same for the same conversation, varied across conversations', () => {
    const items = Array.from({ length: 40 }, (_, index) => `message number ${index}`);
    const answers = items.map((item) => mockTaskAnswer(task(instruction, item)));
    expect(new Set(answers)).toEqual(new Set(['billing', 'technical', 'account', 'shipping']));
    expect(items.map((item) => mockTaskAnswer(task(instruction, item)))).toEqual(answers);
    const other = items.map((item) => mockTaskAnswer(task(instruction.replace('1 queue', '2 queues'), item)));
    expect(other).not.toEqual(answers);
  });

  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it('is what the server answers, identically when the same prompt is asked again', async () => {
    const server = await startMockLlmServer({ port: 0, seed: 3 });
    servers.push(server);
    const ask = async (messages: ChatMessage[]) => {
      const response = await fetch(`${server.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'mock', messages }),
      });
      const body = (await response.json()) as { choices: { message: { content: string } }[] };
      return body.choices[0]?.message.content;
    };
    const messages = task(instruction, 'I was charged twice this month.');
    const first = await ask(messages);
    expect(first).toBe(mockTaskAnswer(messages));
    expect(await ask(messages)).toBe(first);
    expect(await ask(task('Say something.', 'hello'))).toContain('could not find a program');
  });
});
