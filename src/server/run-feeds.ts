/**
 * Live runs: while somebody watches a run, its log is polled (one timer per run, however many
 * watchers) and watchers hear about every new `seq`. The run itself may be in another process; the
 * store is the only channel between them.
 */
import type { RunCatalog } from './run-catalog.ts';
import type { RunProjection } from './run-projection.ts';

export type FeedListener = (projection: RunProjection) => void;

interface Feed {
  readonly listeners: Set<FeedListener>;
  readonly timer: ReturnType<typeof setInterval>;
  seq: number;
}

export class RunFeeds {
  private readonly feeds = new Map<string, Feed>();

  constructor(
    private readonly catalog: RunCatalog,
    private readonly pollMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Calls `listener` after each poll that folded new events; returns the unsubscribe function. */
  subscribe(runId: string, listener: FeedListener): () => void {
    let feed = this.feeds.get(runId);
    if (feed === undefined) {
      const created: Feed = {
        listeners: new Set(),
        seq: this.catalog.run(runId).seq,
        timer: setInterval(() => this.poll(runId, created), this.pollMs),
      };
      feed = created;
      this.feeds.set(runId, feed);
    }
    feed.listeners.add(listener);
    return () => {
      const current = this.feeds.get(runId);
      if (current === undefined) return;
      current.listeners.delete(listener);
      if (current.listeners.size === 0) {
        clearInterval(current.timer);
        this.feeds.delete(runId);
      }
    };
  }

  private poll(runId: string, feed: Feed): void {
    let projection: RunProjection;
    try {
      projection = this.catalog.refresh(runId);
    } catch (error) {
      this.onError(error);
      return;
    }
    if (projection.seq === feed.seq) return;
    feed.seq = projection.seq;
    for (const listener of feed.listeners) listener(projection);
  }

  /** How many listeners are attached, over all runs. */
  get listeners(): number {
    let count = 0;
    for (const feed of this.feeds.values()) count += feed.listeners.size;
    return count;
  }

  close(): void {
    for (const feed of this.feeds.values()) clearInterval(feed.timer);
    this.feeds.clear();
  }
}
