import { existsSync } from 'node:fs';
import path from 'node:path';
import { RatchetError } from '../core/errors.ts';
import type { EventStore } from '../spec/store.ts';
import { openSqliteEventStore, storeDatabasePath } from '../store/sqlite-event-store.ts';

/** The store folder: `--store DIR` if given, else `.ratchet/` in the problem's folder (or the current one). */
export function resolveStoreDir(store: string | undefined, fallbackDir: string): string {
  return path.resolve(store ?? path.join(fallbackDir, '.ratchet'));
}

/** Opens an existing store for reading and writing; a missing one is an error that says where it looked. */
export function openExistingStore(storeDir: string): EventStore {
  if (!existsSync(storeDatabasePath(storeDir))) {
    throw new RatchetError('not-found', `no event store at ${storeDir}`, {
      hint: 'pass --store DIR (the folder given to `ratchet run --store`, or the problem folder’s .ratchet/)',
    });
  }
  return openSqliteEventStore(storeDir);
}
