/**
 * The LLM boundary: chat messages in, text and usage out. Everything that crosses it is recorded.
 */

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface LlmRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly temperature?: number;
  readonly maxOutputTokens?: number;
  readonly seed?: number;
}

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface LlmResponse {
  readonly text: string;
  readonly usage: TokenUsage;
  readonly finishReason?: string;
  /** Provider's model id when it reports one. */
  readonly responseModel?: string;
  /** How many HTTP attempts the call took, retries included (default 1). */
  readonly attempts?: number;
}

/** A chat model behind one model string. Implementations live in `src/llm`. */
export interface LlmClient {
  /** The model string it serves, e.g. `openai:gpt-4.1-mini`. */
  readonly model: string;
  /**
   * One completion, with the client's own retries (429/5xx/timeouts with backoff and jitter, honouring
   * `Retry-After`). Throws `RatchetError` with code `llm` when it gives up.
   */
  complete(request: LlmRequest, options: { readonly signal?: AbortSignal }): Promise<LlmResponse>;
}
