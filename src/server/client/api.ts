/**
 * The client's side of the protocol (`../protocol.ts`): JSON over fetch, live runs over SSE. The
 * access cookie (if the server wants one) rides along on same-origin requests.
 */
import type { ApiError, CandidateDetail, RunCurve, RunDelta, RunListItem, RunSnapshot } from '../protocol.ts';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint: string | undefined,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({ error: response.statusText }))) as ApiError;
    throw new ApiFailure(response.status, body.error, body.hint);
  }
  return (await response.json()) as T;
}

const run = (runId: string) => `/api/runs/${encodeURIComponent(runId)}`;

export const api = {
  runs: () => getJson<RunListItem[]>('/api/runs'),
  run: (runId: string) => getJson<RunSnapshot>(run(runId)),
  candidate: (runId: string, candidateId: string) =>
    getJson<CandidateDetail>(`${run(runId)}/candidates/${encodeURIComponent(candidateId)}`),
  curves: (runIds: readonly string[]) =>
    getJson<RunCurve[]>(`/api/curves?runs=${runIds.map(encodeURIComponent).join(',')}`),
};

export interface RunStreamHandlers {
  snapshot(snapshot: RunSnapshot): void;
  delta(delta: RunDelta): void;
  connection(state: 'live' | 'reconnecting'): void;
}

/** Follows a run: a snapshot, then deltas; EventSource reconnects by itself (and gets a new snapshot). */
export function followRun(runId: string, handlers: RunStreamHandlers): () => void {
  const source = new EventSource(`${run(runId)}/stream`);
  source.addEventListener('snapshot', (event) =>
    handlers.snapshot(JSON.parse((event as MessageEvent<string>).data)),
  );
  source.addEventListener('delta', (event) =>
    handlers.delta(JSON.parse((event as MessageEvent<string>).data)),
  );
  source.addEventListener('open', () => handlers.connection('live'));
  source.addEventListener('error', () => handlers.connection('reconnecting'));
  return () => source.close();
}
