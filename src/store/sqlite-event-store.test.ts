import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { describeEventStoreContract } from './event-store-contract.ts';
import { openSqliteEventStore, storeDatabasePath } from './sqlite-event-store.ts';

const folders: string[] = [];
function freshFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'ratchet-store-'));
  folders.push(folder);
  return folder;
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describeEventStoreContract('sqlite', () => {
  const folder = freshFolder();
  return { store: openSqliteEventStore(folder), reopen: () => openSqliteEventStore(folder) };
});

describe('sqlite event store', () => {
  it('refuses to update or delete events, even through raw SQL', () => {
    const folder = freshFolder();
    const store = openSqliteEventStore(folder);
    store.createRun({ runId: 'r', problemName: 'p', problemDir: '/p', createdAt: 1 });
    store.append('r', [{ type: 'run-end', data: { status: 'completed', reason: 'x' } }], 1);
    store.close();
    const raw = new Database(storeDatabasePath(folder));
    expect(() => raw.prepare("UPDATE events SET data = '{}'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    raw.close();
  });

  it('says which folder is wrong when opening a missing store read-only', () => {
    const folder = path.join(freshFolder(), 'nothing-here');
    expect(() => openSqliteEventStore(folder, { readonly: true })).toThrow(
      /cannot open the event store .*nothing-here/,
    );
  });
});
