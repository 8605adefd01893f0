/**
 * `createLlmClient`: an `LlmClient` for a model string, over the AI SDK. The provider factories here are
 * the only code that reads API keys, and they read them from `options.env` (the CLI passes
 * `process.env`). Retries are done here, not by the AI SDK, so that `Retry-After` is honoured and attempts
 * are counted.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, type LanguageModel, type ModelMessage } from 'ai';
import { badInput, RatchetError } from '../core/errors.ts';
import { createRandom } from '../core/random.ts';
import { createLocalLanguageModel } from '../local/local-language-model.ts';
import type { ChatMessage, LlmClient, LlmRequest, LlmResponse } from '../spec/llm.ts';
import type { Random } from '../spec/random.ts';
import { ollamaBaseURL, parseModelString } from './model-string.ts';
import { type AttemptFailure, backoffDelay, classifyFailure, defaultRetryPolicy } from './retry-policy.ts';

export interface LlmClientOptions {
  /** Where API keys and base URLs come from (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `OPENAI_BASE_URL`…). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** HTTP implementation (default: the global `fetch`). */
  readonly fetch?: typeof fetch;
  /** Limit of one HTTP attempt (default 120 000 ms, 30 min for `local` models); a timed-out attempt is retried. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt (default 4). */
  readonly maxRetries?: number;
  /** Waits between attempts (default: a timer); tests inject one to observe the delays. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter of the backoff (default: a stream seeded by the model string). */
  readonly random?: Random;
  /** Clock for `Retry-After` dates (default `Date.now`). */
  readonly now?: () => number;
}

/** The error a client throws when it gives up; `attempts` says how many HTTP attempts were made. */
export class LlmCallError extends RatchetError {
  readonly attempts: number;
  constructor(
    message: string,
    attempts: number,
    options: { readonly hint?: string; readonly cause?: unknown } = {},
  ) {
    super('llm', message, options);
    this.attempts = attempts;
  }
}

function requireKey(env: LlmClientOptions['env'], variable: string, model: string): string {
  const key = env[variable];
  if (key === undefined || key.trim() === '')
    throw badInput(`model ${model} needs an API key, and ${variable} is not set`, {
      field: 'model',
      hint: `set ${variable} in the environment (export ${variable}=…), or use --model mutate to run without an LLM`,
    });
  return key;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The AI SDK language model for a model string; reads keys from `env` only. */
export function createLanguageModel(
  model: string,
  options: Pick<LlmClientOptions, 'env' | 'fetch'>,
): LanguageModel {
  const parsed = parseModelString(model);
  const { env } = options;
  const fetchOption = options.fetch === undefined ? {} : { fetch: options.fetch };
  switch (parsed.provider) {
    case 'mutate':
      throw badInput('mutate is the built-in non-LLM proposer; it has no LLM client', { field: 'model' });
    case 'openai': {
      const provider = createOpenAI({
        apiKey: requireKey(env, 'OPENAI_API_KEY', model),
        baseURL: trimSlash(env['OPENAI_BASE_URL'] || 'https://api.openai.com/v1'),
        ...(env['OPENAI_ORG_ID'] ? { organization: env['OPENAI_ORG_ID'] } : {}),
        ...(env['OPENAI_PROJECT_ID'] ? { project: env['OPENAI_PROJECT_ID'] } : {}),
        ...fetchOption,
      });
      return provider.chat(parsed.modelId);
    }
    case 'anthropic': {
      const provider = createAnthropic({
        apiKey: requireKey(env, 'ANTHROPIC_API_KEY', model),
        baseURL: trimSlash(env['ANTHROPIC_BASE_URL'] || 'https://api.anthropic.com/v1'),
        ...fetchOption,
      });
      return provider(parsed.modelId);
    }
    case 'ollama': {
      const provider = createOpenAICompatible({
        name: 'ollama',
        baseURL: ollamaBaseURL(env['OLLAMA_HOST']),
        includeUsage: true,
        ...fetchOption,
      });
      return provider.chatModel(parsed.modelId);
    }
    case 'local':
      // the embedded llama.cpp provider (src/local); it loads node-llama-cpp lazily on the first call
      return createLocalLanguageModel(model, { env, ...fetchOption });
    case 'compatible': {
      // never OPENAI_API_KEY: that would send the OpenAI key to whatever server the model string names
      const apiKey = env['RATCHET_COMPATIBLE_API_KEY'];
      const provider = createOpenAICompatible({
        name: 'compatible',
        baseURL: parsed.baseURL,
        includeUsage: true,
        ...(apiKey ? { apiKey } : {}),
        ...fetchOption,
      });
      return provider.chatModel(parsed.modelId);
    }
  }
}

function toModelMessage(message: ChatMessage): ModelMessage {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: message.content };
    case 'assistant':
      return { role: 'assistant', content: message.content };
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function hintFor(failure: AttemptFailure, model: string): string {
  if (failure.statusCode === 401 || failure.statusCode === 403)
    return `check the API key for ${model} (OPENAI_API_KEY, ANTHROPIC_API_KEY or RATCHET_COMPATIBLE_API_KEY)`;
  if (failure.statusCode === 404) return `check the model name and base URL of ${model}`;
  if (failure.description.startsWith('network error'))
    return `check that the server of ${model} is reachable from this machine`;
  return 'the call was retried with backoff; try again later, lower the LLM concurrency, or raise the timeout';
}

/**
 * An `LlmClient` for `openai:`, `anthropic:`, `ollama:` or `compatible:<model>@<baseURL>`. Throws
 * `RatchetError('bad-input')` at once for a bad model string or a missing key. `complete` retries
 * 429/5xx/timeouts/network errors and throws `LlmCallError` (code `llm`) when it gives up.
 */
export function createLlmClient(model: string, options: LlmClientOptions): LlmClient {
  const languageModel = createLanguageModel(model, options);
  // local models queue their calls on this machine's cores: a call may wait for others, then generate slowly
  const timeoutMs =
    options.timeoutMs ?? (model === 'local' || model.startsWith('local:') ? 1_800_000 : 120_000);
  const maxRetries = options.maxRetries ?? defaultRetryPolicy.maxRetries;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? createRandom('llm-retry', model);
  const now = options.now ?? Date.now;

  async function attempt(request: LlmRequest, signal: AbortSignal): Promise<LlmResponse> {
    const result = await generateText({
      model: languageModel,
      messages: request.messages.map(toModelMessage),
      // the system message is Ratchet's own prompt (or the problem author's `prompt.system`)
      allowSystemInMessages: true,
      maxRetries: 0,
      abortSignal: signal,
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.maxOutputTokens === undefined ? {} : { maxOutputTokens: request.maxOutputTokens }),
      ...(request.seed === undefined ? {} : { seed: request.seed }),
    });
    return {
      text: result.text,
      usage: { inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0 },
      finishReason: result.finishReason,
      ...(result.response.modelId ? { responseModel: result.response.modelId } : {}),
    };
  }

  return {
    model,
    async complete(request, callOptions) {
      const callerSignal = callOptions.signal;
      for (let attempts = 1; ; attempts++) {
        callerSignal?.throwIfAborted();
        const timeout = new AbortController();
        const timer = setTimeout(
          () => timeout.abort(new Error(`timed out after ${timeoutMs} ms`)),
          timeoutMs,
        );
        const signal =
          callerSignal === undefined ? timeout.signal : AbortSignal.any([callerSignal, timeout.signal]);
        let failure: AttemptFailure;
        try {
          const response = await attempt(request, signal);
          return { ...response, attempts };
        } catch (error) {
          if (callerSignal?.aborted) throw callerSignal.reason;
          // a RatchetError other than `llm` (a local model that is not installed…) is a setup fault, not a failed call
          if (RatchetError.is(error) && error.code !== 'llm') throw error;
          failure = timeout.signal.aborted
            ? { retryable: true, description: `no answer within ${timeoutMs} ms (timeout)` }
            : classifyFailure(error, now());
          if (!failure.retryable || attempts > maxRetries) {
            const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
            throw new LlmCallError(`${model}: ${failure.description} (gave up after ${tries})`, attempts, {
              hint: hintFor(failure, model),
              cause: error,
            });
          }
        } finally {
          clearTimeout(timer);
        }
        const delay =
          failure.retryAfterMs === undefined
            ? backoffDelay(attempts, random)
            : Math.min(failure.retryAfterMs, defaultRetryPolicy.maxRetryAfterMs);
        await sleep(delay);
      }
    },
  };
}
