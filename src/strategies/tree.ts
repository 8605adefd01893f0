import { z } from 'zod';
import type { RunEvent } from '../spec/events.ts';
import type { ProposalRequest } from '../spec/proposal.ts';
import type { RunView } from '../spec/run-view.ts';
import type { StrategyDecision, StrategyDefinition } from '../spec/strategy.ts';
import { defaultFriction, FeedbackFriction, frictionSchema, withNotes } from './feedback-friction.ts';
import { parseWith } from './parse-options.ts';
import { fitnessOf, ProposalLedger, scoreOf } from './proposal-ledger.ts';
import { SearchTree, type TreeNode } from './search-tree.ts';
import { canFix, isOpen, recomputeLiveness, refreshLiveness, wideningOf } from './tree-liveness.ts';
import { plateauReached, TurnControl, turnsSchema } from './turn-control.ts';

const optionsSchema = z.strictObject({
  rule: z.enum(['uct', 'puct']).default('uct'),
  exploration: z.number().min(0).max(100).optional(),
  backup: z.enum(['max', 'mean']).default('max'),
  turns: turnsSchema.default({ limit: 3 }),
  maxDepth: z.number().int().min(1).optional(),
  fixAttempts: z.number().int().min(0).max(10).default(1),
  critiqueAncestors: z.number().int().min(0).max(10).default(2),
  critiqueChars: z.number().int().min(0).max(10_000).default(600),
  plateau: z.number().int().min(1).optional(),
  friction: frictionSchema.default(defaultFriction),
});
type TreeOptions = z.infer<typeof optionsSchema>;

interface TreeState {
  readonly options: TreeOptions;
  readonly tree: SearchTree;
  readonly ledger: ProposalLedger;
  readonly turns: TurnControl;
  readonly friction: FeedbackFriction;
  readonly fixTried: Map<string, number>;
  /** Nodes whose critique came from a critic (`critique-end`), not from the evaluator's feedback. */
  readonly critiqued: Set<string>;
}

const feedbackCritique = (feedback: string, chars: number): string | null => {
  const text = feedback.trim().slice(0, chars);
  return text === '' ? null : text;
};

function notesFor(state: TreeState, node: TreeNode): string[] {
  const shown = state.tree.path(node.id, 1 + state.options.critiqueAncestors);
  return shown
    .filter((entry) => entry.critique !== null && (entry.id !== node.id || state.critiqued.has(entry.id)))
    .map((entry) => {
      const source = state.critiqued.has(entry.id) ? 'Critique' : 'Evaluator feedback';
      return `${source} of ${entry.id.slice(0, 8)} (depth ${entry.depth}, fitness ${entry.fitness ?? 'invalid'}): ${entry.critique}`;
    });
}

function expand(state: TreeState, node: TreeNode, mode: 'improve' | 'fix'): StrategyDecision {
  const best = bestNode(state);
  const friction = state.friction.adjust(node.id);
  const request: ProposalRequest = withNotes(
    {
      mode,
      parentIds: [node.id],
      inspirationIds: mode === 'improve' && best !== null && best !== node.id ? [best] : [],
      tags: { node: node.id, depth: node.depth },
    },
    [...notesFor(state, node), ...(friction.notes ?? [])],
    friction.temperature,
  );
  return { kind: 'propose', request };
}

function bestNode(state: TreeState): string | null {
  const root = state.tree.root === null ? undefined : state.tree.nodes.get(state.tree.root);
  if (root?.best == null) return null;
  // follow the child whose subtree holds the best fitness down to the node that has it
  let node = root;
  for (;;) {
    if (node.fitness === node.best) return node.id;
    const best = node.best;
    const next = node.children.find((child) => child.best === best);
    if (next === undefined) return node.id;
    node = next;
  }
}

/**
 * Depth-first selection with backtracking: expand where widening allows, else descend by UCT/PUCT. Children
 * whose subtree has nothing to expand (see `tree-liveness.ts`) are ranked for the PUCT prior but not
 * entered: selection there would come back empty.
 */
function select(state: TreeState, node: TreeNode): StrategyDecision | null {
  const { options, tree } = state;
  if (canFix(state, node)) return expand(state, node, 'fix');
  const open = isOpen(state, node);
  if (open && node.children.length + node.pending < wideningOf(node)) return expand(state, node, 'improve');
  const children = node.children.filter((child) => child.fitness !== null || canFix(state, child));
  const c = options.exploration ?? (options.rule === 'uct' ? Math.SQRT2 : 1);
  const priorTotal = children.reduce((sum, child) => sum + tree.value(child, 'max') + 0.01, 0);
  const ranked = children
    .filter((child) => child.reachable)
    .map((child) => {
      const q = tree.value(child, options.backup);
      const bonus =
        options.rule === 'uct'
          ? c * Math.sqrt(Math.log(node.visits + 1) / (child.visits + 1))
          : (c * ((tree.value(child, 'max') + 0.01) / priorTotal) * Math.sqrt(node.visits)) /
            (1 + child.visits);
      return { child, score: q + bonus };
    })
    .sort((a, b) => b.score - a.score || (a.child.id < b.child.id ? -1 : 1));
  for (const { child } of ranked) {
    const decision = select(state, child);
    if (decision !== null) return decision;
  }
  return open && node.pending === 0 ? expand(state, node, 'improve') : null;
}

/**
 * Folds one event into the tree, turns and fix counts; returns the nodes whose liveness it may change, and
 * whether it changed their ancestors too.
 */
function fold(state: TreeState, event: RunEvent, view: RunView): { id: string; branch: boolean }[] {
  const { tree, options } = state;
  const touched: { id: string; branch: boolean }[] = [];
  if (event.type === 'evaluation-end' && event.data.candidateId === view.seedId && tree.root === null) {
    const result = view.candidates.get(view.seedId)?.evaluation;
    if (result === event.data.result) {
      const score = scoreOf(result);
      tree.add(
        view.seedId,
        null,
        score === null ? null : fitnessOf(view, score),
        feedbackCritique(result.feedback, options.critiqueChars),
      );
      touched.push({ id: view.seedId, branch: false });
    }
  }
  if (event.type === 'proposal-start') {
    const node = event.data.request.tags?.['node'];
    if (typeof node === 'string') {
      tree.visit(node);
      state.turns.spend(node);
      if (event.data.request.mode === 'fix') state.fixTried.set(node, (state.fixTried.get(node) ?? 0) + 1);
      touched.push({ id: node, branch: true });
    }
  }
  if (event.type === 'critique-end') {
    const node = tree.nodes.get(event.data.candidateId);
    if (node !== undefined) {
      node.critique = event.data.critique.slice(0, options.critiqueChars);
      state.critiqued.add(node.id);
    }
  }
  const resolution = state.ledger.apply(event, view);
  const parentId = resolution?.request.tags?.['node'];
  if (resolution === null || typeof parentId !== 'string') return touched;
  const parent = tree.nodes.get(parentId);
  if (parent !== undefined) parent.pending = Math.max(0, parent.pending - 1);
  state.friction.record(parentId, resolution, view);
  touched.push({ id: parentId, branch: false });
  if (resolution.candidateId === undefined || resolution.result === undefined) return touched;
  const score = scoreOf(resolution.result);
  const fitness = score === null ? null : fitnessOf(view, score);
  tree.add(
    resolution.candidateId,
    parentId,
    fitness,
    feedbackCritique(resolution.result.feedback, options.critiqueChars),
  );
  if (fitness !== null && (parent?.fitness == null || fitness > parent.fitness))
    state.turns.improved(parentId);
  touched.push({ id: resolution.candidateId, branch: false });
  return touched;
}

/**
 * `tree`: UCT/PUCT tree search over refinements (CodeTree / SWE-Search style). Progressive widening with a
 * per-node turn limit that is extended while a node's children improve on it; max-backup of values
 * (MaxCode); invalid nodes get fix attempts; critiques (from a critic's `critique-end` events, else the
 * evaluator's feedback) of the branch's ancestors are fed into later expansions as notes.
 */
export const treeStrategy: StrategyDefinition<TreeState, TreeOptions> = {
  name: 'tree',
  summary: 'UCT/PUCT tree search over refinements with widening, fix nodes and branch critiques',
  parseOptions: (raw) => parseWith(optionsSchema, raw),
  init: (options, problem) => ({
    options,
    tree: new SearchTree(),
    ledger: new ProposalLedger(),
    turns: new TurnControl(options.turns),
    friction: new FeedbackFriction(options.friction, problem),
    fixTried: new Map(),
    critiqued: new Set(),
  }),
  apply(state, event, view) {
    const nothingValid = state.tree.max === Number.NEGATIVE_INFINITY;
    const touched = fold(state, event, view);
    if (nothingValid && state.tree.max !== Number.NEGATIVE_INFINITY) recomputeLiveness(state);
    else for (const { id, branch } of touched) refreshLiveness(state, id, branch);
    return state;
  },
  next(state, view) {
    const root = state.tree.root === null ? undefined : state.tree.nodes.get(state.tree.root);
    if (root === undefined) return { kind: 'wait' };
    if (plateauReached(view, state.options.plateau))
      return { kind: 'stop', reason: `plateau: no improvement in ${state.options.plateau} evaluations` };
    const decision = select(state, root);
    if (decision !== null) return decision;
    return state.ledger.pending > 0
      ? { kind: 'wait' }
      : { kind: 'stop', reason: 'the tree has nothing left to expand' };
  },
  describe(state) {
    const nodes = [...state.tree.nodes.values()];
    return [
      {
        title: 'Search tree',
        kind: 'tree',
        data: nodes.map((node) => ({
          id: node.id,
          parent: node.parent,
          depth: node.depth,
          fitness: node.fitness,
          best: node.best,
          visits: node.visits,
          critique: node.critique !== null,
        })),
      },
    ];
  },
};
