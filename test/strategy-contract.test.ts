/**
 * Runs the shared strategy contract (src/strategies/strategy-contract.ts) for every registered strategy
 * with its defaults, and for the option variants that change how parents are chosen. It lives in test/
 * because it opens the real SQLite store, which src/strategies may not import.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '../src/store/sqlite-event-store.ts';
import { findStrategy, strategyNames } from '../src/strategies/index.ts';
import { type ContractEnvironment, describeStrategyContract } from '../src/strategies/strategy-contract.ts';

const environment: ContractEnvironment = {
  openStore() {
    const folder = mkdtempSync(path.join(tmpdir(), 'ratchet-strategy-contract-'));
    const store = openSqliteEventStore(folder);
    return {
      store,
      close() {
        store.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  },
};

const variants: Record<string, readonly Readonly<Record<string, unknown>>[]> = {
  islands: [
    { remainder: 'weighted', repel: 1, islands: 3, migrationInterval: 5, featureDimensions: ['score'] },
  ],
  shinka: [
    { selection: 'power-law', repel: 0.5 },
    { selection: 'beam', beams: 3 },
  ],
  simpletes: [
    { selector: 'rpucg', turns: { limit: 2 }, restart: 'best' },
    { turns: { limit: 2 }, chains: 2 },
  ],
  tree: [{ rule: 'puct', backup: 'mean', maxDepth: 4 }],
  pareto: [{ mergeRate: 0.5, minibatch: 2 }],
  iad: [{ width: 3, pool: 5 }],
  refine: [{ modelBandit: true }],
};

describe('the strategy library', () => {
  it('has the baselines and every method of the literature', () => {
    expect(strategyNames()).toEqual(
      expect.arrayContaining(['sample', 'refine', 'islands', 'shinka', 'simpletes', 'iad', 'tree', 'pareto']),
    );
  });
});

for (const name of strategyNames()) {
  const strategy = findStrategy(name)!;
  describeStrategyContract(name, strategy, {}, environment);
  for (const options of variants[name] ?? []) {
    describeStrategyContract(`${name} ${JSON.stringify(options)}`, strategy, options, environment);
  }
}
