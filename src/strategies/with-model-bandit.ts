/**
 * Adds the `modelBandit` option to any strategy: with an ensemble of several models, the cost-aware UCB
 * bandit (`core/model-bandit.ts`) chooses `request.model` for every proposal the strategy makes. Off by
 * default (models are then drawn by their weights). Its state is folded from events with the strategy's.
 */
import { z } from 'zod';
import { ModelBandit } from '../core/model-bandit.ts';
import type { StrategyDefinition } from '../spec/strategy.ts';
import { parseWith } from './parse-options.ts';

const banditSchema = z.union([
  z.boolean(),
  z.strictObject({
    exploration: z.number().min(0).max(100).optional(),
    costFloor: z.number().min(0).optional(),
  }),
]);

/** The wrapped strategy’s options plus the bandit’s. */
export interface WithBanditOptions<O> {
  readonly inner: O;
  readonly bandit:
    | false
    | { readonly exploration?: number | undefined; readonly costFloor?: number | undefined };
}

/** The wrapped strategy’s state plus the bandit’s. */
export interface WithBanditState<S> {
  inner: S;
  readonly bandit: ModelBandit | null;
}

/** `strategy` with the `modelBandit` option (see the file comment). */
export function withModelBandit<S, O>(
  strategy: StrategyDefinition<S, O>,
): StrategyDefinition<WithBanditState<S>, WithBanditOptions<O>> {
  return {
    name: strategy.name,
    summary: strategy.summary,
    parseOptions(raw) {
      const { modelBandit, ...rest } = raw;
      const bandit = parseWith(banditSchema.optional(), modelBandit);
      const inner = strategy.parseOptions(rest);
      const issues = [
        ...(bandit.ok ? [] : bandit.issues.map((issue) => `modelBandit: ${issue}`)),
        ...(inner.ok ? [] : inner.issues),
      ];
      if (!bandit.ok || !inner.ok) return { ok: false, issues };
      const value =
        bandit.value === undefined || bandit.value === false
          ? false
          : bandit.value === true
            ? {}
            : bandit.value;
      return { ok: true, value: { inner: inner.value, bandit: value } };
    },
    init(options, problem) {
      const models = problem.models.map((model) => model.model);
      return {
        inner: strategy.init(options.inner, problem),
        bandit:
          options.bandit === false || models.length < 2 ? null : new ModelBandit(models, options.bandit),
      };
    },
    apply(state, event, view) {
      state.inner = strategy.apply(state.inner, event, view);
      state.bandit?.apply(event, view);
      return state;
    },
    next(state, view, context) {
      const decision = strategy.next(state.inner, view, context);
      if (decision.kind !== 'propose' || state.bandit === null || decision.request.model !== undefined)
        return decision;
      return { kind: 'propose', request: { ...decision.request, model: state.bandit.choose() } };
    },
    describe(state, view) {
      const panels = strategy.describe?.(state.inner, view) ?? [];
      if (state.bandit === null) return panels;
      const indices = state.bandit.indices();
      return [
        ...panels,
        {
          title: 'Model bandit (cost-aware UCB)',
          kind: 'table',
          data: state.bandit.arms.map((arm, index) => ({ ...arm, index: indices[index] })),
        },
      ];
    },
  };
}
