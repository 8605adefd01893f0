/**
 * The event store on SQLite (better-sqlite3, WAL). Events are append-only — triggers refuse updates and
 * deletes — and every append is one transaction, so a process killed at any moment leaves either all of
 * an append or none of it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { RatchetError } from '../core/errors.ts';
import type { Candidate } from '../spec/candidate.ts';
import type { NewEvent, RunEvent } from '../spec/events.ts';
import type { EventStore, RunInfo } from '../spec/store.ts';

const schemaVersion = 1;

const schema = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  problem_name TEXT NOT NULL,
  problem_dir TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'running',
  event_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  at INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS candidates (id TEXT PRIMARY KEY, files TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS evaluation_cache (key TEXT PRIMARY KEY, result TEXT NOT NULL) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
`;

interface EventRow {
  run_id: string;
  seq: number;
  type: string;
  at: number;
  data: string;
}

interface RunRow {
  run_id: string;
  problem_name: string;
  problem_dir: string;
  created_at: number;
  status: RunInfo['status'];
  event_count: number;
}

/** The database file inside a store folder. */
export function storeDatabasePath(storeDir: string): string {
  return path.join(storeDir, 'ratchet.db');
}

export function openSqliteEventStore(
  storeDir: string,
  options: { readonly readonly?: boolean } = {},
): EventStore {
  const file = storeDatabasePath(storeDir);
  let database: Database.Database;
  try {
    if (options.readonly !== true) mkdirSync(storeDir, { recursive: true });
    database = new Database(file, {
      readonly: options.readonly === true,
      fileMustExist: options.readonly === true,
    });
  } catch (error) {
    throw new RatchetError('store', `cannot open the event store ${file}: ${(error as Error).message}`, {
      hint:
        options.readonly === true
          ? 'is --store right? no run has been recorded there yet'
          : 'check that the folder is writable',
      cause: error,
    });
  }
  database.pragma('busy_timeout = 10000');
  if (options.readonly !== true) {
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.exec(schema);
    const version = database.prepare('SELECT value FROM meta WHERE key = ?').get('schema_version') as
      | { value: string }
      | undefined;
    if (version === undefined)
      database
        .prepare('INSERT INTO meta (key, value) VALUES (?, ?)')
        .run('schema_version', String(schemaVersion));
    else if (Number(version.value) > schemaVersion) {
      throw new RatchetError('store', `${file} was written by a newer Ratchet (schema ${version.value})`, {
        hint: 'upgrade Ratchet to read this store',
      });
    }
  }

  const statements = {
    insertRun: database.prepare(
      'INSERT INTO runs (run_id, problem_name, problem_dir, created_at) VALUES (@runId, @problemName, @problemDir, @createdAt)',
    ),
    getRun: database.prepare('SELECT * FROM runs WHERE run_id = ?'),
    listRuns: database.prepare('SELECT * FROM runs ORDER BY created_at, run_id'),
    insertEvent: database.prepare('INSERT INTO events (run_id, seq, type, at, data) VALUES (?, ?, ?, ?, ?)'),
    updateRun: database.prepare('UPDATE runs SET event_count = ?, status = ? WHERE run_id = ?'),
    readEvents: database.prepare('SELECT * FROM events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    putCandidate: database.prepare('INSERT OR IGNORE INTO candidates (id, files) VALUES (?, ?)'),
    getCandidate: database.prepare('SELECT files FROM candidates WHERE id = ?'),
    getCached:
      options.readonly === true
        ? null
        : database.prepare('SELECT result FROM evaluation_cache WHERE key = ?'),
    putCached:
      options.readonly === true
        ? null
        : database.prepare('INSERT OR REPLACE INTO evaluation_cache (key, result) VALUES (?, ?)'),
  };

  const toInfo = (row: RunRow): RunInfo => ({
    runId: row.run_id,
    problemName: row.problem_name,
    problemDir: row.problem_dir,
    createdAt: row.created_at,
    status: row.status,
    eventCount: row.event_count,
  });
  const toEvent = (row: EventRow): RunEvent =>
    ({ seq: row.seq, runId: row.run_id, type: row.type, at: row.at, data: JSON.parse(row.data) }) as RunEvent;

  const appendTransaction = database.transaction((runId: string, events: readonly NewEvent[], at: number) => {
    const run = statements.getRun.get(runId) as RunRow | undefined;
    if (run === undefined) throw new RatchetError('not-found', `no run ${runId} in ${file}`);
    let seq = run.event_count;
    let status = run.status;
    const stored: RunEvent[] = [];
    for (const event of events) {
      seq += 1;
      statements.insertEvent.run(runId, seq, event.type, at, JSON.stringify(event.data));
      if (event.type === 'run-end') status = event.data.status;
      if (event.type === 'run-resume') status = 'running';
      stored.push({ seq, runId, type: event.type, at, data: event.data } as RunEvent);
    }
    statements.updateRun.run(seq, status, runId);
    return stored;
  });

  const readPage = (runId: string, afterSeq: number, limit: number): RunEvent[] =>
    (statements.readEvents.all(runId, afterSeq, limit) as EventRow[]).map(toEvent);

  return {
    location: file,
    createRun(info) {
      statements.insertRun.run(info);
    },
    append: (runId, events, at) => (events.length === 0 ? [] : appendTransaction(runId, events, at)),
    read: (runId, afterSeq = 0, limit = Number.MAX_SAFE_INTEGER) => readPage(runId, afterSeq, limit),
    *iterate(runId) {
      let after = 0;
      for (;;) {
        const page = readPage(runId, after, 2000);
        yield* page;
        if (page.length < 2000) return;
        after = (page[page.length - 1] as RunEvent).seq;
      }
    },
    listRuns: () => (statements.listRuns.all() as RunRow[]).map(toInfo),
    getRun(runId) {
      const row = statements.getRun.get(runId) as RunRow | undefined;
      return row === undefined ? undefined : toInfo(row);
    },
    putCandidate(candidate: Candidate) {
      statements.putCandidate.run(candidate.id, JSON.stringify(candidate.files));
    },
    getCandidate(id) {
      const row = statements.getCandidate.get(id) as { files: string } | undefined;
      return row === undefined ? undefined : { id, files: JSON.parse(row.files) };
    },
    evaluationCache: {
      get(key) {
        const row = statements.getCached?.get(key) as { result: string } | undefined;
        return row === undefined ? undefined : JSON.parse(row.result);
      },
      put(key, result) {
        statements.putCached?.run(key, JSON.stringify(result));
      },
    },
    close() {
      database.close();
    },
  };
}
