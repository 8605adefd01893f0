/**
 * The part of node-llama-cpp's API that Ratchet uses. node-llama-cpp is not a dependency (it is
 * installed at runtime into the cache), so its types are declared here, by hand, for the calls we make.
 */

/** A chat turn in node-llama-cpp's format. */
export type LlamaChatHistoryItem =
  | { readonly type: 'system'; readonly text: string }
  | { readonly type: 'user'; readonly text: string }
  | { readonly type: 'model'; readonly response: string[] };

export type LlamaLogLevelName = 'disabled' | 'fatal' | 'error' | 'warn' | 'info' | 'log' | 'debug';

export interface LlamaTokenMeterState {
  readonly usedInputTokens: number;
  readonly usedOutputTokens: number;
}

export interface LlamaChatWrapper {
  readonly wrapperName: string;
  generateContextState(options: { readonly chatHistory: readonly LlamaChatHistoryItem[] }): {
    readonly contextText: { tokenize(tokenizer: unknown): readonly number[] };
  };
}

export interface LlamaContextSequence {
  readonly tokenMeter: { getState(): LlamaTokenMeterState };
}

export interface LlamaContext {
  readonly contextSize: number;
  getSequence(): LlamaContextSequence;
  dispose(): Promise<void>;
}

export interface LlamaModel {
  readonly trainContextSize: number;
  readonly tokenizer: unknown;
  readonly tokens: { readonly bosString?: string | null };
  readonly fileInfo: {
    readonly metadata: {
      readonly general?: { readonly name?: string; readonly architecture?: string };
      readonly tokenizer?: { readonly chat_template?: string };
    };
  };
  createContext(options: {
    readonly contextSize: { readonly min: number; readonly max: number };
    readonly threads: number;
    readonly sequences: number;
  }): Promise<LlamaContext>;
  dispose(): Promise<void>;
}

export interface Llama {
  /** The GPU backend in use, or false for the CPU. */
  readonly gpu: string | false;
  /** Cores worth using for matrix maths (physical cores). */
  readonly cpuMathCores: number;
  loadModel(options: { readonly modelPath: string }): Promise<LlamaModel>;
  dispose(): Promise<void>;
}

export interface LlamaChatResponse {
  readonly response: string;
  readonly metadata: { readonly stopReason: string };
}

export interface LlamaChat {
  generateResponse(
    history: readonly LlamaChatHistoryItem[],
    options: {
      readonly maxTokens: number;
      readonly temperature: number;
      readonly seed?: number;
      readonly topK?: number;
      readonly topP?: number;
      readonly customStopTriggers?: readonly string[];
      readonly signal?: AbortSignal;
    },
  ): Promise<LlamaChatResponse>;
}

/** The module `node-llama-cpp`. */
export interface NodeLlamaCpp {
  getLlama(options: {
    readonly gpu: 'auto' | false;
    readonly build: 'never';
    readonly logLevel: LlamaLogLevelName;
    readonly logger: (level: LlamaLogLevelName, message: string) => void;
    readonly progressLogs: false;
    readonly skipDownload: true;
  }): Promise<Llama>;
  resolveChatWrapper(options: {
    readonly bosString?: string | null;
    readonly filename?: string;
    readonly fileInfo?: LlamaModel['fileInfo'];
    readonly tokenizer?: unknown;
    readonly warningLogs?: boolean;
  }): LlamaChatWrapper | null;
  readonly ChatMLChatWrapper: new () => LlamaChatWrapper;
  readonly LlamaChat: new (options: {
    readonly contextSequence: LlamaContextSequence;
    readonly chatWrapper: LlamaChatWrapper;
  }) => LlamaChat;
}
