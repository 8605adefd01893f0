/**
 * The strategy's own view of a run, for the dashboard: the strategy named in `run-start` is folded over
 * the run's events exactly as the controller folds it, and its `describe` gives the panels.
 */
import type { RunEvent } from '../spec/events.ts';
import type { ResolvedProblem } from '../spec/problem.ts';
import type { RunView } from '../spec/run-view.ts';
import type { StrategyDefinition, StrategyPanel } from '../spec/strategy.ts';
import { findStrategy } from '../strategies/index.ts';

export interface PanelFold {
  apply(event: RunEvent, view: RunView): void;
  panels(view: RunView): readonly StrategyPanel[];
}

const noPanels: PanelFold = { apply: () => {}, panels: () => [] };

function notice(title: string, text: string): PanelFold {
  const panels = [{ title, kind: 'text', data: text }] as const;
  return { apply: () => {}, panels: () => panels };
}

/**
 * Starts folding the run's strategy. A strategy this Ratchet does not have, or options it refuses, give
 * one text panel saying so (the rest of the dashboard works without it).
 */
export function foldStrategyPanels(problem: ResolvedProblem): PanelFold {
  // biome-ignore lint/suspicious/noExplicitAny: strategies differ in state and option types
  const strategy: StrategyDefinition<any, any> | undefined = findStrategy(problem.strategy.name);
  if (strategy === undefined)
    return notice('strategy', `this Ratchet has no strategy ${problem.strategy.name}: no panels`);
  const describe = strategy.describe;
  if (describe === undefined) return noPanels;
  const options = strategy.parseOptions(problem.strategy.options);
  if (!options.ok)
    return notice('strategy', `options of ${strategy.name} refused: ${options.issues.join('; ')}`);
  let state: unknown = strategy.init(options.value, problem);
  let failure: string | null = null;
  return {
    apply(event, view) {
      if (failure !== null) return;
      try {
        state = strategy.apply(state, event, view);
      } catch (error) {
        // shown as a panel: the strategy's fault is visible, the dashboard keeps working
        failure = `${strategy.name}.apply failed at event ${event.seq}: ${(error as Error).message}`;
      }
    },
    panels(view) {
      if (failure !== null) return [{ title: 'strategy', kind: 'text', data: failure }];
      try {
        return describe.call(strategy, state, view);
      } catch (error) {
        return [
          {
            title: 'strategy',
            kind: 'text',
            data: `${strategy.name}.describe failed: ${(error as Error).message}`,
          },
        ];
      }
    },
  };
}
