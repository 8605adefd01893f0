import { describe, expect, it } from 'vitest';
import { findStrategy } from './index.ts';
import { scoreOf } from './proposal-ledger.ts';
import { StrategySimulator } from './strategy-simulator.ts';
import { toyWorld } from './toy-world.ts';

function simulate(
  name: string,
  options: Record<string, unknown>,
  proposals = 60,
  concurrency = 3,
): StrategySimulator {
  const world = toyWorld({ strategy: name, strategyOptions: options });
  return new StrategySimulator(findStrategy(name)!, world, { seed: 9, concurrency }).run(proposals);
}

describe('strategy behaviour', () => {
  it('simpletes asks K children of each chain head and commits the best child', () => {
    const simulator = simulate('simpletes', { chains: 2, children: 3 }, 48);
    const steps = new Map<string, string[]>();
    for (const request of simulator.requests) {
      const key = `${request.tags?.['chain']}/${request.tags?.['step']}`;
      steps.set(key, [...(steps.get(key) ?? []), request.parentIds[0] as string]);
    }
    for (const [key, parents] of steps) {
      expect(new Set(parents).size, key).toBe(1);
      expect(parents.length, key).toBeLessThanOrEqual(3);
    }
    // the head of step s + 1 is the best scored child made in step s (when one scored)
    for (const chain of [0, 1]) {
      for (let step = 0; steps.has(`${chain}/${step + 1}`); step++) {
        const children = simulator.events.flatMap((event) =>
          event.type === 'proposal-start' &&
          event.data.request.tags?.['chain'] === chain &&
          event.data.request.tags?.['step'] === step
            ? [event.data.proposalId]
            : [],
        );
        const scored = children
          .map((proposalId) =>
            simulator.events.find(
              (event) => event.type === 'candidate-add' && event.data.proposalId === proposalId,
            ),
          )
          .map((event) => (event?.type === 'candidate-add' ? event.data.candidateId : ''))
          .map((id) => ({ id, score: scoreOf(simulator.view.candidates.get(id)?.evaluation) }))
          .filter((entry) => entry.score !== null)
          .sort((a, b) => (b.score as number) - (a.score as number));
        const head = steps.get(`${chain}/${step + 1}`)?.[0];
        if (scored.length > 0) expect(head).toBe(scored[0]!.id);
      }
    }
  });

  it('iad samples a fresh round, then shows the best and the worst with their scores', () => {
    const simulator = simulate('iad', { width: 3 }, 15);
    expect(simulator.requests.slice(0, 3).every((request) => request.mode === 'fresh')).toBe(true);
    const later = simulator.requests.slice(3);
    expect(later.every((request) => request.mode === 'improve')).toBe(true);
    expect(
      later.some((request) =>
        request.notes?.some((note) => /^Worst candidate in the pool: .*\(score -?\d/.test(note)),
      ),
    ).toBe(true);
    expect(
      later.every((request) => request.notes?.some((note) => note.startsWith('Best candidate so far'))),
    ).toBe(true);
  });

  it('shinka beam stays on one parent for `beams` proposals before it looks for the best again', () => {
    const beam = simulate('shinka', { selection: 'beam', beams: 4 }, 40, 1);
    const requests = beam.requests.filter((request) => request.mode !== 'fix');
    expect(requests.every((request) => request.tags?.['beam'] === request.parentIds[0])).toBe(true);
    const parents = requests.map((request) => request.parentIds[0]);
    // a new parent only ever starts a run of at least `beams` proposals (unless the run ends first)
    let start = 0;
    for (let index = 1; index <= parents.length; index++) {
      if (index === parents.length || parents[index] !== parents[index - 1]) {
        if (index < parents.length) expect(index - start).toBeGreaterThanOrEqual(4);
        start = index;
      }
    }
    expect(new Set(parents).size).toBeLessThan(parents.length / 2);
  });

  it('pareto draws a minibatch of instances and admits children that beat their parent on it', () => {
    const simulator = simulate('pareto', { minibatch: 2 }, 60);
    const batches = simulator.requests.map(
      (request) => JSON.parse(String(request.tags?.['minibatch'] ?? '[]')) as string[],
    );
    expect(
      batches
        .slice(1)
        .every((batch) => batch.length === 2 && batch.every((id) => ['t2', 't3', 't4'].includes(id))),
    ).toBe(true);
    const state = (
      simulator.state as {
        inner: { front: { wins: Map<string, number> }; accepted: number; rejected: number };
      }
    ).inner;
    expect(state.accepted).toBeGreaterThan(0);
    expect(state.rejected).toBeGreaterThan(0);
    // every parent is on the front when chosen: it wins at least one instance
    expect([...state.front.wins.values()].every((wins) => wins > 0)).toBe(true);
  });

  it('tree expands along tagged nodes and feeds the branch feedback into later expansions', () => {
    const simulator = simulate('tree', {}, 60);
    expect(simulator.requests.every((request) => typeof request.tags?.['node'] === 'string')).toBe(true);
    const deep = simulator.requests.filter((request) => Number(request.tags?.['depth']) >= 2);
    expect(deep.length).toBeGreaterThan(0);
    expect(
      deep.some((request) => request.notes?.some((note) => note.startsWith('Evaluator feedback of'))),
    ).toBe(true);
  });

  it('feedback friction raises the temperature after repeated failures from one parent', () => {
    const simulator = simulate('shinka', { selection: 'beam', beams: 50 }, 50, 1);
    const raised = simulator.requests.filter((request) => request.temperature !== undefined);
    expect(raised.length).toBeGreaterThan(0);
    expect(Math.max(...raised.map((request) => request.temperature as number))).toBeLessThanOrEqual(1.2);
    expect(raised.every((request) => request.notes?.some((note) => note.includes('did not improve')))).toBe(
      true,
    );
  });
});
