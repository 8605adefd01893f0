import type { NewEvent } from '../spec/events.ts';
import type { LlmClient, TokenUsage } from '../spec/llm.ts';

export interface RecordingOptions {
  readonly proposalId: string;
  /** Call ids are `<proposalId>.<prefix><n>`: `c` for the proposer's calls (default), `critic` for the critic's. */
  readonly callPrefix?: string;
  readonly costOf: (model: string, usage: TokenUsage) => number;
  readonly clock: () => number;
  readonly emit: (event: NewEvent) => void;
}

/**
 * Wraps an LLM client so that every call is in the log: the full request before it is sent
 * (`llm-call-start`) and the full response, usage, cost and attempts after (`llm-call-end`). This is
 * what makes a run replayable offline.
 */
export function recordingLlmClient(client: LlmClient, options: RecordingOptions): LlmClient {
  let calls = 0;
  return {
    model: client.model,
    async complete(request, callOptions) {
      calls += 1;
      const callId = `${options.proposalId}.${options.callPrefix ?? 'c'}${calls}`;
      options.emit({ type: 'llm-call-start', data: { proposalId: options.proposalId, callId, request } });
      const started = options.clock();
      try {
        const response = await client.complete(request, callOptions);
        options.emit({
          type: 'llm-call-end',
          data: {
            proposalId: options.proposalId,
            callId,
            model: client.model,
            ok: true,
            text: response.text,
            usage: response.usage,
            costUsd: options.costOf(client.model, response.usage),
            durationMs: options.clock() - started,
            attempts: response.attempts ?? 1,
            ...(response.finishReason === undefined ? {} : { finishReason: response.finishReason }),
          },
        });
        return response;
      } catch (error) {
        options.emit({
          type: 'llm-call-end',
          data: {
            proposalId: options.proposalId,
            callId,
            model: client.model,
            ok: false,
            error: error instanceof Error ? error.message : String(error),
            usage: { inputTokens: 0, outputTokens: 0 },
            costUsd: 0,
            durationMs: options.clock() - started,
            attempts: attemptsOf(error),
          },
        });
        throw error;
      }
    },
  };
}

/** The attempt count an LLM client's give-up error carries (`LlmCallError.attempts`), else 1. */
function attemptsOf(error: unknown): number {
  const attempts = (error as { attempts?: unknown } | null)?.attempts;
  return typeof attempts === 'number' && attempts >= 1 ? attempts : 1;
}
