/**
 * The wire formats `mock-llm` speaks: OpenAI chat completions (JSON or SSE chunks, with usage) and a
 * minimal Anthropic messages answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatMessage } from '../spec/llm.ts';

/** One answer to put on the wire. */
export interface MockAnswer {
  /** Request number, for response ids. */
  readonly number: number;
  readonly model: string;
  readonly text: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** Tokens ≈ characters / 4, like most tokenizers on English and code. */
export function tokens(text: string): number {
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

/** The chat messages of an OpenAI or Anthropic request body. */
export function toMessages(body: Record<string, unknown>): ChatMessage[] {
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

/** A JSON response, unless the client has gone. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.destroyed || response.writableEnded) return;
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** The whole request body as text. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** An OpenAI chat completion: one JSON body, or SSE chunks ending with `data: [DONE]`. */
export function sendChatCompletion(
  response: ServerResponse,
  answer: MockAnswer,
  options: { readonly stream: boolean; readonly includeUsage: boolean },
): void {
  const id = `chatcmpl-mock-${answer.number}`;
  const created = Math.floor(Date.now() / 1000);
  const usage = {
    prompt_tokens: answer.inputTokens,
    completion_tokens: answer.outputTokens,
    total_tokens: answer.inputTokens + answer.outputTokens,
  };
  if (!options.stream) {
    sendJson(response, 200, {
      id,
      object: 'chat.completion',
      created,
      model: answer.model,
      choices: [{ index: 0, message: { role: 'assistant', content: answer.text }, finish_reason: 'stop' }],
      usage,
    });
    return;
  }
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const base = { id, object: 'chat.completion.chunk', created, model: answer.model };
  const send = (choices: unknown[], extra: Record<string, unknown> = {}): void => {
    response.write(`data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`);
  };
  send([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
  const size = Math.max(16, Math.ceil(answer.text.length / 8));
  for (let start = 0; start < answer.text.length; start += size)
    send([{ index: 0, delta: { content: answer.text.slice(start, start + size) }, finish_reason: null }]);
  send([{ index: 0, delta: {}, finish_reason: 'stop' }]);
  if (options.includeUsage) send([], { usage });
  response.end('data: [DONE]\n\n');
}

/** An Anthropic `/v1/messages` answer (not streamed). */
export function sendAnthropicMessage(response: ServerResponse, answer: MockAnswer): void {
  sendJson(response, 200, {
    id: `msg_mock_${answer.number}`,
    type: 'message',
    role: 'assistant',
    model: answer.model,
    content: [{ type: 'text', text: answer.text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: answer.inputTokens, output_tokens: answer.outputTokens },
  });
}
