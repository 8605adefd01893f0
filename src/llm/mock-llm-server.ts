/**
 * `mock-llm`: an OpenAI-compatible server (`POST /v1/chat/completions`, streaming or not, with usage;
 * `GET /v1/models`; and a minimal Anthropic `POST /v1/messages`) that answers proposal prompts with real
 * edits made by `mutate`, with configurable latency and injected faults. Tests and benchmarks drive the
 * real HTTP path through it. Deterministic: the answer to a prompt depends on the seed, the program it
 * asks to change (the whole prompt when it holds none) and how many times that was asked before.
 */
import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRandom } from '../core/random.ts';
import type { ChatMessage } from '../spec/llm.ts';
import { answerKey, faultAnswer, type MockFault, mockAnswer } from './mock-llm-answer.ts';
import {
  readBody,
  sendAnthropicMessage,
  sendChatCompletion,
  sendJson,
  tokens,
  toMessages,
} from './mock-llm-wire.ts';

export type { MockFault } from './mock-llm-answer.ts';

export interface MockLlmServerOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Delay before every answer (default 0). */
  readonly latencyMs?: number;
  /** Seed of the answers and of the fault draws (default 0). */
  readonly seed?: number;
  /** Probability of each fault per request, in [0, 1]. */
  readonly faults?: Partial<Readonly<Record<MockFault, number>>>;
  /** Faults for the first requests, in order (`none` = answer normally); the rates apply after. */
  readonly faultSequence?: readonly (MockFault | 'none')[];
  /** `Retry-After` of 429 answers, in seconds (default 1). */
  readonly retryAfterSeconds?: number;
}

export interface MockLlmStats {
  readonly requests: number;
  /** Requests answered with a completion (malformed and no-match answers included). */
  readonly completions: number;
  readonly faults: Readonly<Record<MockFault, number>>;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface MockLlmServer {
  /** The `/v1` base URL, e.g. `http://127.0.0.1:41234/v1`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  stats(): MockLlmStats;
}

const faultOrder: readonly MockFault[] = ['429', '500', 'hang', 'malformed', 'no-match'];

/** Starts the server; resolves once it listens. */
export async function startMockLlmServer(options: MockLlmServerOptions = {}): Promise<MockLlmServer> {
  const seed = options.seed ?? 0;
  const latencyMs = options.latencyMs ?? 0;
  const sequence = [...(options.faultSequence ?? [])];
  const promptCounts = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let requests = 0;
  let completions = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  const faults: Record<MockFault, number> = { '429': 0, '500': 0, hang: 0, malformed: 0, 'no-match': 0 };

  function drawFault(number: number): MockFault | null {
    const scripted = sequence.shift();
    if (scripted !== undefined) return scripted === 'none' ? null : scripted;
    const random = createRandom(seed, 'mock-llm-fault', number);
    for (const fault of faultOrder) {
      const rate = options.faults?.[fault] ?? 0;
      if (random.next() < rate) return fault;
    }
    return null;
  }

  function delay(response: ServerResponse): Promise<void> {
    if (latencyMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, latencyMs);
      timers.add(timer);
      response.once('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve();
      });
    });
  }

  /** The answer text, or null when the fault was answered already (429, 500) or the request hangs. */
  function answerFor(
    messages: ChatMessage[],
    fault: MockFault | null,
    response: ServerResponse,
    number: number,
  ) {
    if (fault !== null) faults[fault] += 1;
    if (fault === '429') {
      sendJson(
        response,
        429,
        {
          error: {
            message: 'rate limited (mock-llm)',
            type: 'rate_limit_error',
            code: 'rate_limit_exceeded',
          },
        },
        { 'retry-after': String(options.retryAfterSeconds ?? 1) },
      );
      return null;
    }
    if (fault === '500') {
      sendJson(response, 500, { error: { message: 'internal error (mock-llm)', type: 'server_error' } });
      return null;
    }
    if (fault === 'hang') return null;
    if (fault === 'malformed' || fault === 'no-match')
      return faultAnswer(fault, createRandom(seed, 'mock-llm-garbage', number));
    const hash = createHash('sha256').update(answerKey(messages)).digest('hex').slice(0, 16);
    const occurrence = promptCounts.get(hash) ?? 0;
    promptCounts.set(hash, occurrence + 1);
    return mockAnswer(messages, createRandom(seed, 'mock-llm', hash, occurrence));
  }

  function usageOf(messages: ChatMessage[], text: string): { inputTokens: number; outputTokens: number } {
    const input = tokens(messages.map((message) => message.content).join('\n'));
    const output = tokens(text);
    inputTokens += input;
    outputTokens += output;
    completions += 1;
    return { inputTokens: input, outputTokens: output };
  }

  async function complete(
    body: Record<string, unknown>,
    response: ServerResponse,
    number: number,
    wire: 'openai' | 'anthropic',
  ): Promise<void> {
    const messages = toMessages(body);
    const fault = drawFault(number);
    await delay(response);
    if (response.destroyed) return;
    const text = answerFor(messages, fault, response, number);
    if (text === null || response.destroyed) return;
    const answer = {
      number,
      model: typeof body['model'] === 'string' ? body['model'] : 'mock',
      text,
      ...usageOf(messages, text),
    };
    if (wire === 'anthropic') sendAnthropicMessage(response, answer);
    else {
      const streamOptions = body['stream_options'] as { include_usage?: unknown } | undefined;
      sendChatCompletion(response, answer, {
        stream: body['stream'] === true,
        includeUsage: streamOptions?.include_usage === true,
      });
    }
  }

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (request.method === 'GET' && path === '/v1/models') {
      sendJson(response, 200, {
        object: 'list',
        data: [{ id: 'mock', object: 'model', created: 0, owned_by: 'ratchet' }],
      });
      return;
    }
    const route = path === '/v1/chat/completions' ? 'openai' : path === '/v1/messages' ? 'anthropic' : null;
    if (request.method !== 'POST' || route === null) {
      sendJson(response, 404, {
        error: { message: `no route ${request.method} ${path}`, type: 'not_found' },
      });
      return;
    }
    requests += 1;
    const number = requests;
    readBody(request)
      .then((raw) => {
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          sendJson(response, 400, {
            error: { message: 'the request body is not JSON', type: 'invalid_request_error' },
          });
          return;
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          sendJson(response, 400, {
            error: { message: 'the request body is not an object', type: 'invalid_request_error' },
          });
          return;
        }
        return complete(body as Record<string, unknown>, response, number, route);
      })
      .catch((error: unknown) => {
        sendJson(response, 500, {
          error: { message: `mock-llm failed: ${String(error)}`, type: 'server_error' },
        });
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown =
    address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  const host = shown.includes(':') ? `[${shown}]` : shown;
  return {
    url: `http://${host}:${address.port}/v1`,
    port: address.port,
    stats: () => ({ requests, completions, faults: { ...faults }, inputTokens, outputTokens }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
