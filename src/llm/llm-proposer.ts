/**
 * The LLM proposer: prompt → `context.llm.complete` → parse the answer → apply the edits to the parent.
 * An unusable answer (no blocks, a block that matches nothing, an edit outside the evolve block, no
 * change) and an LLM that fails after its retries are failed proposals with a reason; only engine faults
 * throw. It writes no events: the engine's recording client does.
 */
import { RatchetError } from '../core/errors.ts';
import type { CandidateFile } from '../spec/candidate.ts';
import type { ProposalContext, ProposalResult, Proposer } from '../spec/proposer.ts';
import { applyEdits } from './edits/apply-edits.ts';
import { findEvolveRegions } from './edits/evolve-block.ts';
import { parseEdits } from './edits/parse-edits.ts';
import { buildPrompt, mainFileOf } from './prompt.ts';

function replaceFile(files: readonly CandidateFile[], path: string, content: string): CandidateFile[] {
  return files.map((file) => (file.path === path ? { path, content } : file));
}

/** An LLM proposer. The model, temperature and output limit come from `context.model` and the request. */
export function createLlmProposer(): Proposer {
  return {
    async propose(context: ProposalContext): Promise<ProposalResult> {
      const { problem, request, model } = context;
      if (context.llm === null)
        throw new RatchetError(
          'internal',
          `proposal ${context.proposalId} for ${model.model} was given no LLM client`,
        );
      const [parent] = context.parents;
      if (parent === undefined)
        throw new RatchetError('internal', `proposal ${context.proposalId} has no parent`);
      const parentContent = mainFileOf(parent, problem.mainFile);
      const messages = buildPrompt(context);
      const temperature = request.temperature ?? model.temperature;
      let text: string;
      let finishReason: string | undefined;
      try {
        const response = await context.llm.complete(
          {
            model: model.model,
            messages,
            ...(temperature === undefined ? {} : { temperature }),
            ...(model.maxOutputTokens === undefined ? {} : { maxOutputTokens: model.maxOutputTokens }),
            seed: context.random.int(2 ** 31),
          },
          { signal: context.signal },
        );
        text = response.text;
        finishReason = response.finishReason;
      } catch (error) {
        if (context.signal.aborted) throw error;
        if (RatchetError.is(error) && error.code === 'llm')
          return { ok: false, reason: `llm error: ${error.message}` };
        throw error;
      }
      if (text.trim() === '')
        return {
          ok: false,
          reason: `the model returned an empty answer${finishReason === undefined ? '' : ` (finish reason: ${finishReason})`}`,
        };
      const edits = parseEdits(text, {
        format: problem.edits,
        parentHasMarkers: findEvolveRegions(parentContent).hasMarkers,
      });
      const outcome = applyEdits(parentContent, edits, { file: problem.mainFile });
      if (!outcome.ok) {
        const cut = finishReason === 'length' ? ' (the answer was cut off at the output token limit)' : '';
        return { ok: false, reason: `${outcome.reason}${cut}` };
      }
      return {
        ok: true,
        files: replaceFile(parent.candidate.files, problem.mainFile, outcome.content),
        origin: request.mode === 'crossover' ? 'crossover' : 'llm',
        summary: outcome.summary,
      };
    },
  };
}
