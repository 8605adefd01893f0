import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../spec/llm.ts';
import { applySearchReplace } from './edits/apply-edits.ts';
import { parseSearchReplace } from './edits/parse-edits.ts';
import { type MockLlmServer, type MockLlmServerOptions, startMockLlmServer } from './mock-llm-server.ts';
import { buildPrompt } from './prompt.ts';
import { sampleContext, samplePython } from './proposal-fixture.ts';

const servers: MockLlmServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function mock(options: MockLlmServerOptions = {}): Promise<MockLlmServer> {
  const server = await startMockLlmServer(options);
  servers.push(server);
  return server;
}

const messages: ChatMessage[] = buildPrompt(sampleContext());

async function chat(server: MockLlmServer, body: unknown): Promise<Response> {
  return fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function answer(server: MockLlmServer, prompt: readonly ChatMessage[] = messages): Promise<string> {
  const response = await chat(server, { model: 'mock', messages: prompt });
  const json = (await response.json()) as { choices: { message: { content: string } }[] };
  return json.choices[0]?.message.content ?? '';
}

describe('mock-llm server', () => {
  it('lists its model and refuses unknown routes and bad bodies', async () => {
    const server = await mock();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const models = (await (await fetch(`${server.url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).toEqual(['mock']);
    expect((await fetch(`${server.url}/nothing`, { method: 'POST' })).status).toBe(404);
    expect((await chat(server, 'not json')).status).toBe(400);
  });

  it('answers with SEARCH/REPLACE blocks that apply to the program in the prompt', async () => {
    const server = await mock({ seed: 9 });
    const parsed = parseSearchReplace(await answer(server));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok || parsed.kind !== 'blocks') return;
    const outcome = applySearchReplace(samplePython, parsed.blocks, { file: 'initial_program.py' });
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.content).not.toBe(samplePython);
  });

  it('is deterministic: same seed and prompt history, same answers; a repeated prompt gets a new answer', async () => {
    const first = await mock({ seed: 3 });
    const second = await mock({ seed: 3 });
    const a1 = await answer(first);
    const a2 = await answer(first);
    expect(a2).not.toBe(a1);
    expect(await answer(second)).toBe(a1);
    expect(await answer(second)).toBe(a2);
    const other = await mock({ seed: 4 });
    expect(await answer(other)).not.toBe(a1);
  });

  it('keys its answers on the program, so a volatile metric in the prompt does not change them', async () => {
    const timed = (seconds: number): ChatMessage[] =>
      messages.map((message) => ({ ...message, content: `${message.content}\neval_time: ${seconds}` }));
    const first = await mock({ seed: 5 });
    const second = await mock({ seed: 5 });
    expect(timed(0.0412)).not.toEqual(timed(0.0468));
    expect(await answer(second, timed(0.0468))).toBe(await answer(first, timed(0.0412)));
    expect(await answer(second, timed(0.9))).toBe(await answer(first, timed(0.01)));
  });

  it('injects faults by rate and counts them and the token usage', async () => {
    const server = await mock({ faults: { '500': 1 } });
    for (let index = 0; index < 3; index++) expect((await chat(server, { messages })).status).toBe(500);
    const limited = await mock({ faults: { '429': 1 }, retryAfterSeconds: 4 });
    const response = await chat(limited, { messages });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('4');
    expect(server.stats()).toMatchObject({ requests: 3, completions: 0, faults: { '500': 3 } });
    const healthy = await mock();
    const text = await answer(healthy);
    expect(healthy.stats().outputTokens).toBe(Math.ceil(text.length / 4));
    expect(healthy.stats().inputTokens).toBe(Math.ceil(messages.map((m) => m.content).join('\n').length / 4));
  });

  it('applies a rate of faults roughly in proportion, deterministically for the seed', async () => {
    const run = async (): Promise<number[]> => {
      const server = await mock({ seed: 8, faults: { malformed: 0.3 } });
      const statuses: number[] = [];
      for (let index = 0; index < 40; index++) {
        const text = await answer(server);
        statuses.push(text.includes('<<<<<<< SEARCH') ? 0 : 1);
      }
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const malformed = first.reduce((sum, value) => sum + value, 0);
    expect(malformed).toBeGreaterThan(4);
    expect(malformed).toBeLessThan(24);
  });

  it('answers a rewrite prompt with the whole program and a prompt without a program with prose', async () => {
    const server = await mock();
    const rewrite = buildPrompt(sampleContext({ problem: { ...sampleContext().problem, edits: 'rewrite' } }));
    const text = await answer(server, rewrite);
    expect(text).not.toContain('<<<<<<< SEARCH');
    expect(text).toContain('# EVOLVE-BLOCK-START');
    expect(await answer(server, [{ role: 'user', content: 'hello' }])).toMatch(/could not find a program/);
  });

  it('closes with a hanging request open', async () => {
    const server = await startMockLlmServer({ faults: { hang: 1 } });
    const pending = chat(server, { messages }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(await pending).toBeInstanceOf(Error);
  });
});
