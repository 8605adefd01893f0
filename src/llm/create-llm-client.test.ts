import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { RatchetError } from '../core/errors.ts';
import type { ChatMessage } from '../spec/llm.ts';
import { createLlmClient, LlmCallError } from './create-llm-client.ts';
import { type MockLlmServer, type MockLlmServerOptions, startMockLlmServer } from './mock-llm-server.ts';
import { buildPrompt } from './prompt.ts';
import { sampleContext } from './proposal-fixture.ts';
import { parseRetryAfter } from './retry-policy.ts';

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

/** A sleep that records the delays asked for and returns at once. */
function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('createLlmClient: configuration', () => {
  it('rejects a missing API key with a hint that names the variable', () => {
    for (const [model, variable] of [
      ['openai:gpt-4o-mini', 'OPENAI_API_KEY'],
      ['anthropic:claude-sonnet-4-5', 'ANTHROPIC_API_KEY'],
    ] as const) {
      const error = (() => {
        try {
          createLlmClient(model, { env: { [variable]: '' } });
        } catch (caught) {
          return caught;
        }
      })();
      expect(RatchetError.is(error) && error.code).toBe('bad-input');
      expect(RatchetError.is(error) && error.hint).toContain(`export ${variable}=`);
    }
  });

  it('reads keys from options.env only, never from process.env', () => {
    const saved = process.env['OPENAI_API_KEY'];
    process.env['OPENAI_API_KEY'] = 'from-the-process';
    try {
      expect(() => createLlmClient('openai:gpt-4o-mini', { env: {} })).toThrow(/OPENAI_API_KEY is not set/);
    } finally {
      if (saved === undefined) delete process.env['OPENAI_API_KEY'];
      else process.env['OPENAI_API_KEY'] = saved;
    }
  });

  it('rejects unknown and malformed model strings, and mutate', () => {
    for (const model of ['gpt-4', 'openai:', 'compatible:mock', 'compatible:@http://x', 'mutate']) {
      expect(() => createLlmClient(model, { env: {} }), model).toThrow(RatchetError);
    }
  });
});

describe('createLlmClient over HTTP against mock-llm', () => {
  it('completes through compatible:, with usage and one attempt', async () => {
    const server = await mock();
    const client = createLlmClient(`compatible:mock@${server.url}`, { env: {} });
    const response = await client.complete({ model: client.model, messages }, {});
    expect(response.text).toContain('<<<<<<< SEARCH');
    expect(response.usage.inputTokens).toBeGreaterThan(100);
    expect(response.usage.outputTokens).toBeGreaterThan(10);
    expect(response.attempts).toBe(1);
    expect(response.finishReason).toBe('stop');
    expect(server.stats()).toMatchObject({ requests: 1, completions: 1 });
  });

  it('reaches openai: through OPENAI_BASE_URL, anthropic: through ANTHROPIC_BASE_URL and ollama: through OLLAMA_HOST', async () => {
    const server = await mock();
    const host = server.url.replace(/^http:\/\//, '').replace(/\/v1$/, '');
    const clients = [
      createLlmClient('openai:gpt-4o-mini', { env: { OPENAI_API_KEY: 'test', OPENAI_BASE_URL: server.url } }),
      createLlmClient('anthropic:claude-haiku-4-5', {
        env: { ANTHROPIC_API_KEY: 'test', ANTHROPIC_BASE_URL: server.url },
      }),
      createLlmClient('ollama:qwen2.5-coder', { env: { OLLAMA_HOST: host } }),
    ];
    for (const client of clients) {
      const response = await client.complete({ model: client.model, messages, maxOutputTokens: 2000 }, {});
      expect(response.text, client.model).toContain('>>>>>>> REPLACE');
      expect(response.usage.inputTokens, client.model).toBeGreaterThan(0);
    }
    expect(server.stats().completions).toBe(3);
  });

  it('retries a 429 after the Retry-After the server asked for', async () => {
    const server = await mock({ faultSequence: ['429', 'none'], retryAfterSeconds: 7 });
    const { sleep, delays } = recordingSleep();
    const client = createLlmClient(`compatible:mock@${server.url}`, { env: {}, sleep });
    const response = await client.complete({ model: client.model, messages }, {});
    expect(delays).toEqual([7000]);
    expect(response.attempts).toBe(2);
    expect(server.stats()).toMatchObject({ requests: 2, faults: { '429': 1 } });
  });

  it('retries 500s with exponential backoff and jitter', async () => {
    const server = await mock({ faultSequence: ['500', '500', '500', 'none'] });
    const { sleep, delays } = recordingSleep();
    const client = createLlmClient(`compatible:mock@${server.url}`, { env: {}, sleep });
    const response = await client.complete({ model: client.model, messages }, {});
    expect(response.attempts).toBe(4);
    expect(delays).toHaveLength(3);
    // base 1 s doubling, half fixed and half random
    expect(delays[0]).toBeGreaterThanOrEqual(500);
    expect(delays[0]).toBeLessThanOrEqual(1000);
    expect(delays[1]).toBeGreaterThanOrEqual(1000);
    expect(delays[1]).toBeLessThanOrEqual(2000);
    expect(delays[2]).toBeGreaterThanOrEqual(2000);
    expect(delays[2]).toBeLessThanOrEqual(4000);
  });

  it('times out a hanging server, retries, and gives up with a clear reason', async () => {
    const server = await mock({ faults: { hang: 1 } });
    const { sleep, delays } = recordingSleep();
    const client = createLlmClient(`compatible:mock@${server.url}`, {
      env: {},
      sleep,
      timeoutMs: 150,
      maxRetries: 2,
    });
    const error = await failure(client.complete({ model: client.model, messages }, {}));
    expect(error).toBeInstanceOf(LlmCallError);
    expect(RatchetError.is(error) && error.code).toBe('llm');
    expect((error as LlmCallError).attempts).toBe(3);
    expect((error as Error).message).toBe(
      `compatible:mock@${server.url}: no answer within 150 ms (timeout) (gave up after 3 attempts)`,
    );
    expect(delays).toHaveLength(2);
    expect(server.stats()).toMatchObject({ requests: 3, faults: { hang: 3 } });
  });

  it('does not retry a 404 and says what to check', async () => {
    const server = await mock();
    const client = createLlmClient(`compatible:mock@${server.url}/wrong`, { env: {} });
    const error = await failure(client.complete({ model: client.model, messages }, {}));
    expect((error as LlmCallError).attempts).toBe(1);
    expect((error as Error).message).toMatch(/HTTP 404/);
    expect((error as LlmCallError).hint).toMatch(/model name and base URL/);
  });

  it('retries network errors (nothing listening) and then gives up', async () => {
    const server = await startMockLlmServer();
    const url = server.url;
    await server.close();
    const { sleep, delays } = recordingSleep();
    const client = createLlmClient(`compatible:mock@${url}`, { env: {}, sleep, maxRetries: 1 });
    const error = await failure(client.complete({ model: client.model, messages }, {}));
    expect((error as LlmCallError).attempts).toBe(2);
    expect((error as Error).message).toMatch(/network error/);
    expect(delays).toHaveLength(1);
  });

  it('stops at once when the caller aborts, without calling it a give-up', async () => {
    const server = await mock({ faults: { hang: 1 } });
    const client = createLlmClient(`compatible:mock@${server.url}`, { env: {}, timeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = client.complete({ model: client.model, messages }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('run stopped')), 50);
    const error = await failure(pending);
    expect(error).not.toBeInstanceOf(LlmCallError);
    expect((error as Error).message).toBe('run stopped');
  });
});

describe('mock-llm streaming', () => {
  it('streams SSE chunks with usage to an OpenAI-style client (AI SDK streamText)', async () => {
    const server = await mock({ seed: 5 });
    const provider = createOpenAICompatible({ name: 'mock', baseURL: server.url, includeUsage: true });
    const result = streamText({
      model: provider.chatModel('mock'),
      messages,
      allowSystemInMessages: true,
      maxRetries: 0,
    });
    const parts: string[] = [];
    for await (const part of result.textStream) parts.push(part);
    expect(parts.length).toBeGreaterThan(2);
    const text = parts.join('');
    expect(text).toContain('<<<<<<< SEARCH');
    const usage = await result.usage;
    expect(usage.inputTokens).toBeGreaterThan(100);
    expect(usage.outputTokens).toBe(Math.ceil(text.length / 4));
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    const now = Date.parse('2026-11-03T10:00:00Z');
    expect(parseRetryAfter({ 'retry-after': '3' }, now)).toBe(3000);
    expect(parseRetryAfter({ 'Retry-After': '1.5' }, now)).toBe(1500);
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(parseRetryAfter({ 'retry-after': 'Tue, 03 Nov 2026 10:00:12 GMT' }, now)).toBe(12_000);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('compatible: credentials', () => {
  it('never sends OPENAI_API_KEY to a compatible server, only RATCHET_COMPATIBLE_API_KEY', async () => {
    const server = await mock({ seed: 9 });
    const seen: (string | null)[] = [];
    const spy: typeof fetch = async (input, init) => {
      seen.push(new Headers(init?.headers).get('authorization'));
      return fetch(input, init);
    };
    const request = { model: 'compatible:mock', messages: [{ role: 'user' as const, content: 'hi' }] };
    await createLlmClient(`compatible:mock@${server.url}`, {
      env: { OPENAI_API_KEY: 'sk-openai-secret' },
      fetch: spy,
    }).complete(request, {});
    await createLlmClient(`compatible:mock@${server.url}`, {
      env: { RATCHET_COMPATIBLE_API_KEY: 'local-key' },
      fetch: spy,
    }).complete(request, {});
    expect(seen).toEqual([null, 'Bearer local-key']);
  });
});
