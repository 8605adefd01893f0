/**
 * The `local:` provider as an AI SDK model (`LanguageModelV3`), so that local models share the shared
 * LLM path (prompts, edit parsing, usage, retries, recording) with the hosted ones. Creating it is cheap
 * and checks only the model string; the first call downloads the model if needed, loads node-llama-cpp
 * from the cache (a lazy `import()`) and loads the weights.
 */

import { existsSync } from 'node:fs';
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3FinishReason,
  LanguageModelV3GenerateResult,
  LanguageModelV3Prompt,
  SharedV3Warning,
} from '@ai-sdk/provider';
import { RatchetError } from '../core/errors.ts';
import type { LocalChatMessage, LocalGeneration } from './local-engine.ts';
import { parseLocalModel } from './local-model-string.ts';

export interface LocalLanguageModelOptions {
  /** Cache location, Hugging Face settings and engine knobs (see `open-local-model.ts`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Folder that relative `local:<path.gguf>` paths start from (default: the current folder). */
  readonly cwd?: string;
  readonly fetch?: typeof fetch;
}

function textOf(parts: readonly { readonly type: string; readonly text?: string }[]): string {
  return parts
    .filter((part) => part.type === 'text')
    .map((part) => part.text ?? '')
    .join('');
}

function toMessages(prompt: LanguageModelV3Prompt, warnings: SharedV3Warning[]): LocalChatMessage[] {
  const messages: LocalChatMessage[] = [];
  for (const message of prompt) {
    if (message.role === 'system') messages.push({ role: 'system', content: message.content });
    else if (message.role === 'user') {
      if (message.content.some((part) => part.type !== 'text'))
        warnings.push({ type: 'unsupported', feature: 'file parts', details: 'local models read text only' });
      messages.push({ role: 'user', content: textOf(message.content) });
    } else if (message.role === 'assistant')
      messages.push({ role: 'assistant', content: textOf(message.content) });
    else warnings.push({ type: 'unsupported', feature: 'tool messages' });
  }
  return messages;
}

function finishReasonOf(stopReason: string): LanguageModelV3FinishReason {
  if (stopReason === 'maxTokens') return { unified: 'length', raw: stopReason };
  if (stopReason === 'abort') return { unified: 'other', raw: stopReason };
  return { unified: 'stop', raw: stopReason };
}

function unsupportedSettings(options: LanguageModelV3CallOptions): SharedV3Warning[] {
  const warnings: SharedV3Warning[] = [];
  if (options.tools !== undefined && options.tools.length > 0)
    warnings.push({ type: 'unsupported', feature: 'tools' });
  if (options.responseFormat?.type === 'json')
    warnings.push({ type: 'unsupported', feature: 'responseFormat json' });
  if (options.presencePenalty !== undefined)
    warnings.push({ type: 'unsupported', feature: 'presencePenalty' });
  if (options.frequencyPenalty !== undefined)
    warnings.push({ type: 'unsupported', feature: 'frequencyPenalty' });
  return warnings;
}

/**
 * An AI SDK language model for `local`, `local:<name>`, `local:<path.gguf>` or `local:hf:<owner>/<repo>/<file>`.
 * Throws `RatchetError('bad-input')` at once for a bad model string. Calls throw `RatchetError`
 * (`not-found`, `bad-input`) when the model or the runtime is not available, with a hint saying what to
 * run; an over-long prompt is a plain error (a failed call).
 */
export function createLocalLanguageModel(model: string, options: LocalLanguageModelOptions): LanguageModelV3 {
  const source = parseLocalModel(model, options.cwd);
  if (source.kind === 'file' && !existsSync(source.path))
    throw new RatchetError('not-found', `model ${model}: no file at ${source.path}`, {
      field: 'model',
      hint: 'give the path of a GGUF file (local:/path/to/model.gguf), or use local for the default model',
    });
  const openOptions = { env: options.env, ...(options.fetch === undefined ? {} : { fetch: options.fetch }) };

  async function generate(callOptions: LanguageModelV3CallOptions): Promise<{
    generation: LocalGeneration;
    warnings: SharedV3Warning[];
  }> {
    const warnings = unsupportedSettings(callOptions);
    const messages = toMessages(callOptions.prompt, warnings);
    const { openLocalModel } = await import('./open-local-model.ts');
    const engine = await openLocalModel(source, openOptions);
    const generation = await engine.generate(
      messages,
      {
        ...(callOptions.maxOutputTokens === undefined ? {} : { maxTokens: callOptions.maxOutputTokens }),
        ...(callOptions.temperature === undefined ? {} : { temperature: callOptions.temperature }),
        ...(callOptions.seed === undefined ? {} : { seed: callOptions.seed }),
        ...(callOptions.topK === undefined ? {} : { topK: callOptions.topK }),
        ...(callOptions.topP === undefined ? {} : { topP: callOptions.topP }),
        ...(callOptions.stopSequences === undefined ? {} : { stopSequences: callOptions.stopSequences }),
      },
      callOptions.abortSignal,
    );
    return { generation, warnings };
  }

  function resultOf(generation: LocalGeneration, warnings: SharedV3Warning[]): LanguageModelV3GenerateResult {
    return {
      content: [{ type: 'text', text: generation.text }],
      finishReason: finishReasonOf(generation.stopReason),
      usage: {
        inputTokens: {
          total: generation.inputTokens,
          noCache: generation.evaluatedInputTokens,
          cacheRead: Math.max(0, generation.inputTokens - generation.evaluatedInputTokens),
          cacheWrite: undefined,
        },
        outputTokens: { total: generation.outputTokens, text: generation.outputTokens, reasoning: undefined },
      },
      warnings,
      response: { modelId: model, timestamp: new Date() },
    };
  }

  return {
    specificationVersion: 'v3',
    provider: 'local',
    modelId: model,
    supportedUrls: {},
    async doGenerate(callOptions) {
      const { generation, warnings } = await generate(callOptions);
      return resultOf(generation, warnings);
    },
    async doStream(callOptions) {
      const { generation, warnings } = await generate(callOptions);
      const result = resultOf(generation, warnings);
      return {
        stream: new ReadableStream({
          start(controller) {
            controller.enqueue({ type: 'stream-start', warnings });
            controller.enqueue({ type: 'response-metadata', modelId: model });
            controller.enqueue({ type: 'text-start', id: 'text' });
            controller.enqueue({ type: 'text-delta', id: 'text', delta: generation.text });
            controller.enqueue({ type: 'text-end', id: 'text' });
            controller.enqueue({ type: 'finish', usage: result.usage, finishReason: result.finishReason });
            controller.close();
          },
        }),
      };
    },
  };
}
