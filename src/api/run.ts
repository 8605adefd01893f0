/**
 * The library API of a run: start one, resume one, watch its events, get its summary. The CLI's `run`
 * and `resume` are thin layers over these functions.
 */
import { randomBytes } from 'node:crypto';
import type { ProblemOverrides } from '../config/load-problem.ts';
import { loadProblem } from '../config/load-problem.ts';
import { RatchetError } from '../core/errors.ts';
import { createNoveltyScreen } from '../core/novelty.ts';
import { type ControllerDependencies, RunController } from '../core/run-controller.ts';
import type { RunSummary } from '../core/run-summary.ts';
import type { RunEvent } from '../spec/events.ts';
import type { Budget, ResolvedProblem } from '../spec/problem.ts';
import type { RunView } from '../spec/run-view.ts';
import type { EventStore } from '../spec/store.ts';
import { openSqliteEventStore } from '../store/sqlite-event-store.ts';
import { findStrategy } from '../strategies/index.ts';
import { version } from '../version.ts';
import { assembleEngine, type EngineOptions } from './engine-parts.ts';
import { EventChannel } from './event-channel.ts';
import { lockRun } from './run-lock.ts';
import { openExistingStore, resolveStoreDir } from './store-location.ts';

export interface RunOptions extends EngineOptions {
  /** Store folder (default: `.ratchet/` in the problem's folder). */
  readonly store?: string;
  /** Seed of all randomness (default: the problem folder's `random_seed`, else 0). */
  readonly seed?: number;
  /** Settings that win over the problem's own (model, strategy, budget, sandbox…). */
  readonly overrides?: ProblemOverrides;
  /** Abort to stop the run; it can be resumed later. */
  readonly signal?: AbortSignal;
  /** Called after every recorded event, with the run's current view. */
  readonly onEvent?: (event: RunEvent, view: RunView) => void;
  readonly labels?: Readonly<Record<string, string>>;
  readonly clock?: () => number;
  readonly runId?: string;
}

export interface ResumeOptions extends EngineOptions {
  /** Store folder (default: `.ratchet/` in the current folder). */
  readonly store?: string;
  /** A new budget for the rest of the run (e.g. more evaluations). */
  readonly budget?: Budget;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: RunEvent, view: RunView) => void;
  readonly clock?: () => number;
}

export interface RunHandle {
  readonly runId: string;
  readonly storeDir: string;
  readonly problem: ResolvedProblem;
  /** Every event of the run, from its first (read back from the log) to its last, live. */
  readonly events: AsyncIterable<RunEvent>;
  /** Resolves when the run ends (rejects on an engine fault, after recording it). */
  readonly summary: Promise<RunSummary>;
}

/** Runs a problem (a folder, a config file, or a resolved problem) to the end and returns its summary. */
export async function run(target: string | ResolvedProblem, options: RunOptions = {}): Promise<RunSummary> {
  return (await startRun(target, options)).summary;
}

/** Starts a run and returns at once with a handle to watch it. */
export async function startRun(
  target: string | ResolvedProblem,
  options: RunOptions = {},
): Promise<RunHandle> {
  const loaded =
    typeof target === 'string'
      ? await loadProblem(target, options.overrides)
      : { problem: target, suggestedSeed: undefined };
  const problem = loaded.problem;
  for (const warning of problem.warnings) options.onWarning?.(warning);
  const strategy = findStrategy(problem.strategy.name);
  if (strategy === undefined)
    throw new RatchetError('bad-input', `unknown strategy ${problem.strategy.name}`, { field: 'strategy' });
  const storeDir = resolveStoreDir(options.store, problem.dir);
  const engine = await assembleEngine(problem, storeDir, options);
  const store = openSqliteEventStore(storeDir);
  const clock = options.clock ?? Date.now;
  const runId = options.runId ?? newRunId(problem.name, clock());
  const unlock = lockRun(storeDir, runId);
  const live = new LiveEvents(store, runId);
  const controller = RunController.start(
    runId,
    problem,
    {
      seed: options.seed ?? loaded.suggestedSeed ?? 0,
      ratchetVersion: version,
      bundleHash: engine.bundleHash,
      ...(options.labels === undefined ? {} : { labels: options.labels }),
    },
    strategy,
    {
      ...engine,
      store,
      ...noveltyScreen(options.novelty, store),
      ...(options.cache === false ? {} : { cache: store.evaluationCache }),
      clock,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onEvent: (event, view) => {
        live.push(event);
        options.onEvent?.(event, view);
      },
    },
  );
  return {
    runId,
    storeDir,
    problem,
    events: live,
    summary: finish(controller, store, engine.executor, unlock, live),
  };
}

/** Resumes a run after a crash, a `kill -9` or a stop: nothing recorded is lost or repeated. */
export async function resumeRun(runId: string, options: ResumeOptions = {}): Promise<RunHandle> {
  const storeDir = resolveStoreDir(options.store, process.cwd());
  const store = openExistingStore(storeDir);
  const info = store.getRun(runId);
  if (info === undefined) {
    store.close();
    throw new RatchetError('not-found', `no run ${runId} in ${storeDir}`, {
      hint: 'see `ratchet list --store DIR` for the runs there',
    });
  }
  const first = store.read(runId, 0, 1)[0];
  if (first?.type !== 'run-start') throw new RatchetError('store', `run ${runId} has no run-start event`);
  const problem = first.data.problem;
  const strategy = findStrategy(problem.strategy.name);
  if (strategy === undefined)
    throw new RatchetError(
      'bad-input',
      `run ${runId} used strategy ${problem.strategy.name}, which this Ratchet does not have`,
    );
  const unlock = lockRun(storeDir, runId);
  try {
    const engine = await assembleEngine(problem, storeDir, options);
    const live = new LiveEvents(store, runId);
    const controller = RunController.resume(
      runId,
      strategy,
      {
        ...engine,
        store,
        ...noveltyScreen(options.novelty, store),
        ...(options.cache === false ? {} : { cache: store.evaluationCache }),
        clock: options.clock ?? Date.now,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onEvent: (event, view) => {
          live.push(event);
          options.onEvent?.(event, view);
        },
      },
      options.budget === undefined ? undefined : { ...problem.budget, ...options.budget },
    );
    return {
      runId,
      storeDir,
      problem,
      events: live,
      summary: finish(controller, store, engine.executor, unlock, live),
    };
  } catch (error) {
    unlock();
    store.close();
    throw error;
  }
}

async function finish(
  controller: RunController,
  store: EventStore,
  executor: { close(): Promise<void> },
  unlock: () => void,
  live: LiveEvents,
): Promise<RunSummary> {
  await new Promise((resolve) => setImmediate(resolve));
  try {
    return await controller.drive();
  } finally {
    live.close();
    await executor.close();
    unlock();
    store.close();
  }
}

/** The controller's `screenCandidate` for the run's novelty option (see `EngineOptions.novelty`). */
function noveltyScreen(
  novelty: EngineOptions['novelty'],
  store: EventStore,
): Pick<ControllerDependencies, 'screenCandidate'> {
  if (novelty === false) return {};
  return {
    screenCandidate: createNoveltyScreen({ ...novelty, loadCandidate: (id) => store.getCandidate(id) }),
  };
}

function newRunId(problemName: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const slug =
    problemName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 32) || 'run';
  return `${slug}-${stamp}-${randomBytes(2).toString('hex')}`;
}

/**
 * The run's events as an async iterable: what the log already holds, then live events. Each iteration
 * starts from the first event; live events are buffered only while somebody iterates.
 */
class LiveEvents implements AsyncIterable<RunEvent> {
  private readonly channels = new Set<{ channel: EventChannel<RunEvent>; afterSeq: number }>();
  private closed = false;

  constructor(
    private readonly store: EventStore,
    private readonly runId: string,
  ) {}

  push(event: RunEvent): void {
    for (const entry of this.channels) if (event.seq > entry.afterSeq) entry.channel.push(event);
  }

  close(): void {
    this.closed = true;
    for (const entry of this.channels) entry.channel.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RunEvent> {
    const past = this.closed ? [] : this.store.read(this.runId);
    const entry = { channel: new EventChannel<RunEvent>(), afterSeq: past.at(-1)?.seq ?? 0 };
    if (!this.closed) this.channels.add(entry);
    else entry.channel.close();
    try {
      yield* past;
      yield* entry.channel;
    } finally {
      this.channels.delete(entry);
    }
  }
}
