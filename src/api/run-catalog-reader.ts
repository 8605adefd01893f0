/**
 * The dashboard's run catalog over a store that a `StoreReader` already has open, so that the CLI's
 * inspection verbs read candidates, proposals and LLM calls exactly as the dashboard does.
 */
import { RunCatalog } from '../server/run-catalog.ts';
import type { StoreReader } from './inspect.ts';

/** A catalog over the reader's store. Close the reader, not the catalog. */
export function catalogOf(reader: StoreReader): RunCatalog {
  return new RunCatalog(reader.storeDir, () => reader.store);
}
