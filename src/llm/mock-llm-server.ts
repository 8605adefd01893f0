/**
 * `mock-llm`: an OpenAI-compatible server (`POST /v1/chat/completions`, streaming or not, with usage;
 * `GET /v1/models`; and a minimal Anthropic `POST /v1/messages`) that answers proposal prompts with real
 * edits made by `mutate`, with configurable latency and injected faults. Tests and benchmarks drive the
 * real HTTP path through it. Deterministic: the answer to a prompt depends on the seed, the prompt and
 * how many times that prompt was asked before.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRandom } from '../core/random.ts';
import type { ChatMessage } from '../spec/llm.ts';
import { faultAnswer, type MockFault, mockAnswer } from './mock-llm-answer.ts';

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

/** Tokens ≈ characters / 4, like most tokenizers on English and code. */
function tokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((part) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : ''))
      .join('');
  return '';
}

function toMessages(body: Record<string, unknown>): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (body['system'] !== undefined) messages.push({ role: 'system', content: contentText(body['system']) });
  for (const entry of Array.isArray(body['messages']) ? body['messages'] : []) {
    const role = (entry as { role?: unknown }).role;
    const content = contentText((entry as { content?: unknown }).content);
    if (role === 'system' || role === 'user' || role === 'assistant') messages.push({ role, content });
    else if (role === 'developer') messages.push({ role: 'system', content });
  }
  return messages;
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.destroyed || response.writableEnded) return;
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

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
    const prompt = JSON.stringify(messages);
    const hash = createHash('sha256').update(prompt).digest('hex').slice(0, 16);
    const occurrence = promptCounts.get(hash) ?? 0;
    promptCounts.set(hash, occurrence + 1);
    return mockAnswer(messages, createRandom(seed, 'mock-llm', hash, occurrence));
  }

  function usageOf(messages: ChatMessage[], text: string): { input: number; output: number } {
    const input = tokens(messages.map((message) => message.content).join('\n'));
    const output = tokens(text);
    inputTokens += input;
    outputTokens += output;
    completions += 1;
    return { input, output };
  }

  async function chatCompletions(body: Record<string, unknown>, response: ServerResponse, number: number) {
    const messages = toMessages(body);
    const model = typeof body['model'] === 'string' ? body['model'] : 'mock';
    const fault = drawFault(number);
    await delay(response);
    if (response.destroyed) return;
    const text = answerFor(messages, fault, response, number);
    if (text === null || response.destroyed) return;
    const usage = usageOf(messages, text);
    const id = `chatcmpl-mock-${number}`;
    const created = Math.floor(Date.now() / 1000);
    const usageBody = {
      prompt_tokens: usage.input,
      completion_tokens: usage.output,
      total_tokens: usage.input + usage.output,
    };
    if (body['stream'] !== true) {
      sendJson(response, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
        usage: usageBody,
      });
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const send = (chunk: unknown): void => {
      response.write(`data: ${JSON.stringify(chunk)}\n\n`);
    };
    const base = { id, object: 'chat.completion.chunk', created, model };
    send({
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    });
    const size = Math.max(16, Math.ceil(text.length / 8));
    for (let start = 0; start < text.length; start += size)
      send({
        ...base,
        choices: [{ index: 0, delta: { content: text.slice(start, start + size) }, finish_reason: null }],
      });
    send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    const streamOptions = body['stream_options'] as { include_usage?: unknown } | undefined;
    if (streamOptions?.include_usage === true) send({ ...base, choices: [], usage: usageBody });
    response.end('data: [DONE]\n\n');
  }

  async function anthropicMessages(body: Record<string, unknown>, response: ServerResponse, number: number) {
    const messages = toMessages(body);
    const fault = drawFault(number);
    await delay(response);
    if (response.destroyed) return;
    const text = answerFor(messages, fault, response, number);
    if (text === null || response.destroyed) return;
    const usage = usageOf(messages, text);
    sendJson(response, 200, {
      id: `msg_mock_${number}`,
      type: 'message',
      role: 'assistant',
      model: typeof body['model'] === 'string' ? body['model'] : 'mock',
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: usage.input, output_tokens: usage.output },
    });
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
    const route =
      path === '/v1/chat/completions' ? chatCompletions : path === '/v1/messages' ? anthropicMessages : null;
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
        return route(body as Record<string, unknown>, response, number);
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
