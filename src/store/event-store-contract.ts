/**
 * The contract every `EventStore` implementation passes. Call it from the implementation's test file.
 */
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../spec/events.ts';
import type { EventStore } from '../spec/store.ts';

const end: NewEvent = { type: 'run-end', data: { status: 'completed', reason: 'budget: evaluations' } };

function proposal(index: number): NewEvent {
  return {
    type: 'proposal-start',
    data: {
      proposalId: `p${index}`,
      index,
      model: 'mutate',
      request: { mode: 'improve', parentIds: ['a'], inspirationIds: [] },
    },
  };
}

export function describeEventStoreContract(
  name: string,
  open: () => { store: EventStore; reopen: () => EventStore },
): void {
  describe(`EventStore contract: ${name}`, () => {
    it('numbers events from 1 per run, in order, and reads them back unchanged', () => {
      const { store } = open();
      store.createRun({ runId: 'r1', problemName: 'p', problemDir: '/p', createdAt: 1 });
      store.createRun({ runId: 'r2', problemName: 'p', problemDir: '/p', createdAt: 2 });
      const first = store.append('r1', [proposal(0), proposal(1)], 10);
      store.append('r2', [proposal(0)], 11);
      const second = store.append('r1', [proposal(2)], 12);
      expect(first.map((event) => event.seq)).toEqual([1, 2]);
      expect(second[0]?.seq).toBe(3);
      const events = store.read('r1');
      expect(events.map((event) => event.seq)).toEqual([1, 2, 3]);
      expect(events[2]).toEqual(second[0]);
      expect(store.read('r1', 1, 1).map((event) => event.seq)).toEqual([2]);
      expect([...store.iterate('r2')]).toHaveLength(1);
      store.close();
    });

    it('tracks run status from run-end and run-resume events', () => {
      const { store } = open();
      store.createRun({ runId: 'r', problemName: 'p', problemDir: '/p', createdAt: 1 });
      expect(store.getRun('r')?.status).toBe('running');
      store.append('r', [end], 5);
      expect(store.getRun('r')).toMatchObject({ status: 'completed', eventCount: 1 });
      store.append(
        'r',
        [{ type: 'run-resume', data: { interruptedProposals: [], interruptedEvaluations: [] } }],
        6,
      );
      expect(store.getRun('r')?.status).toBe('running');
      expect(store.listRuns().map((run) => run.runId)).toEqual(['r']);
      store.close();
    });

    it('refuses appends to an unknown run and leaves nothing behind', () => {
      const { store } = open();
      expect(() => store.append('nope', [end], 1)).toThrow(/no run nope/);
      expect(store.listRuns()).toEqual([]);
      store.close();
    });

    it('stores candidates by id, once, and survives reopening', () => {
      const { store, reopen } = open();
      store.createRun({ runId: 'r', problemName: 'p', problemDir: '/p', createdAt: 1 });
      store.putCandidate({ id: 'c1', files: [{ path: 'a.py', content: 'x = 1\n' }] });
      store.putCandidate({ id: 'c1', files: [{ path: 'a.py', content: 'x = 1\n' }] });
      store.append('r', [proposal(0)], 3);
      store.close();
      const again = reopen();
      expect(again.getCandidate('c1')?.files).toEqual([{ path: 'a.py', content: 'x = 1\n' }]);
      expect(again.getCandidate('missing')).toBeUndefined();
      expect(again.read('r')).toHaveLength(1);
      again.close();
    });

    it('keeps an evaluation cache that survives reopening', () => {
      const { store, reopen } = open();
      const result = {
        status: 'scored' as const,
        metrics: { x: 1 },
        score: 1,
        feedback: '',
        artifacts: {},
        usage: { durationMs: 3 },
      };
      expect(store.evaluationCache.get('k')).toBeUndefined();
      store.evaluationCache.put('k', result);
      store.close();
      const again = reopen();
      expect(again.evaluationCache.get('k')).toEqual(result);
      again.close();
    });
  });
}
