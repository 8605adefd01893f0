/**
 * Novelty screening before evaluation (the controller's `screenCandidate` hook):
 *
 * 1. cheap first: a candidate whose main file equals an existing candidate's up to whitespace and comments
 *    is refused (similarity 1) — it is never evaluated;
 * 2. optional: with an embedding function (AI SDK `embedMany` through `embedWith`, or any injected one),
 *    a candidate whose cosine similarity to an existing one reaches `threshold` is refused, unless the
 *    last `maxAttempts − 1` proposals were all refused this way (then it is accepted: the resample limit).
 *
 * A refusal becomes `proposal-end` with outcome `rejected`, the similarity and the nearest candidate, and
 * the strategy simply proposes again. Existing candidates are read through `loadCandidate` once each.
 */
import { type EmbeddingModel, embedMany } from 'ai';
import type { Candidate } from '../spec/candidate.ts';
import type { RunView } from '../spec/run-view.ts';
import { mainFileContent } from './candidate-id.ts';
import { normalizeContent } from './normalize-content.ts';
import type { CandidateScreening } from './run-controller.ts';

/** Embeds texts, one vector per text, in order. */
export type EmbedFunction = (texts: readonly string[]) => Promise<readonly (readonly number[])[]>;

/** How candidates are screened (see the file comment). */
export interface NoveltyOptions {
  /** Reads an existing candidate's content (e.g. the store's `getCandidate`). */
  readonly loadCandidate: (id: string) => Candidate | undefined;
  /** Embeddings for near-duplicate screening; without it only normalised duplicates are refused. */
  readonly embed?: EmbedFunction;
  /** Cosine similarity at or above which a candidate is a near-duplicate (default 0.99). */
  readonly threshold?: number;
  /** Proposals per resample round: after `maxAttempts − 1` near-duplicate refusals in a row, accept (default 3). */
  readonly maxAttempts?: number;
  /** Text of a candidate to embed (default: its main file). */
  readonly textOf?: (candidate: Candidate, view: RunView) => string;
}

/** How refusals for embedding similarity begin (counted for the resample limit). */
export const nearDuplicateReason = 'near-duplicate';

/** An `EmbedFunction` through the AI SDK's `embedMany`. */
export function embedWith(
  model: EmbeddingModel,
  options: { readonly maxRetries?: number } = {},
): EmbedFunction {
  return async (texts) => {
    const { embeddings } = await embedMany({
      model,
      values: [...texts],
      ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    });
    return embeddings;
  };
}

function unit(vector: readonly number[]): Float64Array {
  const result = Float64Array.from(vector);
  let norm = 0;
  for (const value of result) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (let index = 0; index < result.length; index++) result[index] = (result[index] as number) / norm;
  return result;
}

function cosine(a: Float64Array, b: Float64Array): number {
  let dot = 0;
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) dot += (a[index] as number) * (b[index] as number);
  return dot;
}

/** Trailing proposals refused as near-duplicates in the run's recent attempts. */
function trailingRefusals(view: RunView): number {
  let count = 0;
  for (let index = view.recentAttempts.length - 1; index >= 0; index--) {
    const attempt = view.recentAttempts[index];
    if (attempt?.outcome !== 'rejected' || !(attempt.reason ?? '').startsWith(nearDuplicateReason)) break;
    count += 1;
  }
  return count;
}

/** Creates the screening function to pass as `screenCandidate`. */
export function createNoveltyScreen(
  options: NoveltyOptions,
): (candidate: Candidate, view: RunView) => Promise<CandidateScreening> {
  const threshold = options.threshold ?? 0.99;
  const maxAttempts = options.maxAttempts ?? 3;
  const normalised = new Map<string, string>();
  const indexed = new Set<string>();
  const embeddings = new Map<string, Float64Array>();
  const textOf = options.textOf ?? ((candidate, view) => mainFileContent(candidate, view.problem.mainFile));
  const keyOf = (candidate: Candidate, view: RunView): string =>
    normalizeContent(textOf(candidate, view), view.problem.language);

  /** Indexes candidates of the run not seen yet (all of them after a resume; the seed on the first call). */
  async function catchUp(view: RunView): Promise<void> {
    if (indexed.size >= view.candidates.size) return;
    const fresh: Candidate[] = [];
    for (const id of view.candidates.keys()) {
      if (indexed.has(id)) continue;
      indexed.add(id);
      const candidate = options.loadCandidate(id);
      if (candidate === undefined) continue;
      normalised.set(keyOf(candidate, view), id);
      fresh.push(candidate);
    }
    if (options.embed === undefined || fresh.length === 0) return;
    const vectors = await options.embed(fresh.map((candidate) => textOf(candidate, view)));
    fresh.forEach((candidate, index) => {
      const vector = vectors[index];
      if (vector !== undefined) embeddings.set(candidate.id, unit(vector));
    });
  }

  return async (candidate, view) => {
    await catchUp(view);
    const key = keyOf(candidate, view);
    const same = normalised.get(key);
    if (same !== undefined) {
      return {
        ok: false,
        reason: `duplicate: the same program as ${same.slice(0, 12)} up to whitespace and comments; not evaluated`,
        similarity: 1,
        similarTo: same,
      };
    }
    let vector: Float64Array | undefined;
    if (options.embed !== undefined) {
      const [embedded] = await options.embed([textOf(candidate, view)]);
      vector = embedded === undefined ? undefined : unit(embedded);
      let nearest: { id: string; similarity: number } | null = null;
      for (const [id, other] of vector === undefined ? [] : embeddings) {
        const similarity = cosine(vector as Float64Array, other);
        if (nearest === null || similarity > nearest.similarity) nearest = { id, similarity };
      }
      if (nearest !== null && nearest.similarity >= threshold && trailingRefusals(view) < maxAttempts - 1) {
        const similarity = Math.round(nearest.similarity * 1e6) / 1e6;
        return {
          ok: false,
          reason: `${nearDuplicateReason}: embedding similarity ${similarity} ≥ ${threshold} to ${nearest.id.slice(0, 12)}`,
          similarity,
          similarTo: nearest.id,
        };
      }
    }
    // accepted: it will be added to the run, so index it now
    indexed.add(candidate.id);
    normalised.set(key, candidate.id);
    if (vector !== undefined) embeddings.set(candidate.id, vector);
    return { ok: true };
  };
}
