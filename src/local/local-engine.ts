/**
 * A loaded local model: node-llama-cpp's llama, the model, one context and a chat wrapper, with calls
 * served one at a time (on a CPU, parallel sequences only share the same cores).
 */
import os from 'node:os';
import path from 'node:path';
import { chooseMachineSettings } from './machine-settings.ts';
import type {
  LlamaChatHistoryItem,
  LlamaChatWrapper,
  LlamaLogLevelName,
  LlamaModel,
  NodeLlamaCpp,
} from './node-llama-cpp-api.ts';

export interface LocalEngineOptions {
  /** `auto` uses a GPU when node-llama-cpp finds one (default); `false` forces the CPU. */
  readonly gpu?: 'auto' | false;
  readonly contextSize?: number;
  readonly threads?: number;
  /** Messages from llama.cpp at level `error` and above. */
  readonly onLog?: (level: LlamaLogLevelName, message: string) => void;
}

/** How the engine was set up, for people and tests. */
export interface LocalEngineInfo {
  readonly modelPath: string;
  readonly contextSize: number;
  readonly threads: number;
  /** The GPU backend, or false on the CPU. */
  readonly gpu: string | false;
  readonly chatWrapper: string;
  /** `model` when the model's own chat template is used, `fallback` when it has none (ChatML). */
  readonly chatTemplate: 'model' | 'fallback';
}

export interface LocalChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface LocalGenerateSettings {
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly seed?: number;
  readonly topK?: number;
  readonly topP?: number;
  readonly stopSequences?: readonly string[];
}

export interface LocalGeneration {
  readonly text: string;
  /** Tokens of the whole prompt. */
  readonly inputTokens: number;
  /** Prompt tokens that were evaluated (the rest came from the context's cache). */
  readonly evaluatedInputTokens: number;
  readonly outputTokens: number;
  /** node-llama-cpp's stop reason: `eogToken`, `maxTokens`, `stopGenerationTrigger`, `customStopTrigger`… */
  readonly stopReason: string;
}

export interface LocalEngine {
  readonly info: LocalEngineInfo;
  generate(
    messages: readonly LocalChatMessage[],
    settings: LocalGenerateSettings,
    signal?: AbortSignal,
  ): Promise<LocalGeneration>;
  dispose(): Promise<void>;
}

/** Temperature when the caller gives none: proposals need variety. */
const defaultTemperature = 0.8;
/** Output limit when the caller gives none. */
const defaultMaxTokens = 4096;

function chooseChatWrapper(
  runtime: NodeLlamaCpp,
  model: LlamaModel,
  modelPath: string,
): { wrapper: LlamaChatWrapper; source: 'model' | 'fallback' } {
  const template = model.fileInfo.metadata.tokenizer?.chat_template;
  if (typeof template === 'string' && template.trim() !== '') {
    const resolved = runtime.resolveChatWrapper({
      fileInfo: model.fileInfo,
      tokenizer: model.tokenizer,
      bosString: model.tokens.bosString ?? null,
      filename: path.basename(modelPath),
      warningLogs: false,
    });
    if (resolved !== null) return { wrapper: resolved, source: 'model' };
  }
  // no template of its own: ChatML, the format of most small instruct models
  return { wrapper: new runtime.ChatMLChatWrapper(), source: 'fallback' };
}

function toHistory(messages: readonly LocalChatMessage[]): LlamaChatHistoryItem[] {
  const history: LlamaChatHistoryItem[] = messages.map((message) =>
    message.role === 'assistant'
      ? { type: 'model', response: [message.content] }
      : { type: message.role, text: message.content },
  );
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
}

/** Loads a GGUF file with node-llama-cpp and prepares a context sized for this machine. */
export async function openLocalEngine(
  runtime: NodeLlamaCpp,
  modelPath: string,
  options: LocalEngineOptions = {},
): Promise<LocalEngine> {
  const llama = await runtime.getLlama({
    gpu: options.gpu ?? 'auto',
    build: 'never',
    logLevel: 'error',
    logger: (level, message) => options.onLog?.(level, message),
    progressLogs: false,
    skipDownload: true,
  });
  const model = await llama.loadModel({ modelPath });
  const settings = chooseMachineSettings({
    trainContextSize: model.trainContextSize,
    totalMemoryBytes: os.totalmem(),
    cpuMathCores: llama.cpuMathCores,
    logicalCores: os.availableParallelism(),
    loadAverage: os.loadavg()[0] ?? 0,
    ...(options.contextSize === undefined ? {} : { requestedContextSize: options.contextSize }),
    ...(options.threads === undefined ? {} : { requestedThreads: options.threads }),
  });
  const context = await model.createContext({ ...settings, sequences: 1 });
  const sequence = context.getSequence();
  const { wrapper, source } = chooseChatWrapper(runtime, model, modelPath);
  const chat = new runtime.LlamaChat({ contextSequence: sequence, chatWrapper: wrapper });
  const info: LocalEngineInfo = {
    modelPath,
    contextSize: context.contextSize,
    threads: settings.threads,
    gpu: llama.gpu,
    chatWrapper: wrapper.wrapperName,
    chatTemplate: source,
  };

  async function generateNow(
    messages: readonly LocalChatMessage[],
    request: LocalGenerateSettings,
    signal: AbortSignal | undefined,
  ): Promise<LocalGeneration> {
    signal?.throwIfAborted();
    const history = toHistory(messages);
    const inputTokens = wrapper
      .generateContextState({ chatHistory: history })
      .contextText.tokenize(model.tokenizer).length;
    const room = info.contextSize - inputTokens;
    if (room < 16)
      throw new Error(
        `the prompt has ${inputTokens} tokens and the local model's context holds ${info.contextSize} (set RATCHET_LOCAL_CONTEXT to a larger size if the machine has the memory)`,
      );
    const before = sequence.tokenMeter.getState();
    const response = await chat.generateResponse(history, {
      maxTokens: Math.min(request.maxTokens ?? defaultMaxTokens, room),
      temperature: request.temperature ?? defaultTemperature,
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      ...(request.topK === undefined ? {} : { topK: request.topK }),
      ...(request.topP === undefined ? {} : { topP: request.topP }),
      ...(request.stopSequences === undefined || request.stopSequences.length === 0
        ? {}
        : { customStopTriggers: request.stopSequences }),
      ...(signal === undefined ? {} : { signal }),
    });
    const after = sequence.tokenMeter.getState();
    return {
      text: response.response,
      inputTokens,
      evaluatedInputTokens: after.usedInputTokens - before.usedInputTokens,
      outputTokens: after.usedOutputTokens - before.usedOutputTokens,
      stopReason: response.metadata.stopReason,
    };
  }

  let queue: Promise<unknown> = Promise.resolve();
  return {
    info,
    generate(messages, request, signal) {
      const run = queue.then(() => generateNow(messages, request, signal));
      queue = run.catch(() => undefined);
      return run;
    },
    async dispose() {
      await queue;
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}
