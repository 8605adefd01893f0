/**
 * `ratchet export`: a run's log as JSON Lines (UTF-8, one JSON object per line) in one of four shapes —
 * `events` (the raw log), `sft` (improving steps as chat conversations), `preference` (better/worse
 * children of one parent) and `feedback` (LeTI-style program + execution feedback). See docs/exports.md.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { badInput, RatchetError } from '../core/errors.ts';
import type { ExportContext } from '../export/export-context.ts';
import { type ExportCounts, type ExportFormat, exportFormats } from '../export/export-records.ts';
import { writeFeedback } from '../export/feedback-export.ts';
import { writePreference } from '../export/preference-export.ts';
import { traceRun } from '../export/run-trajectory.ts';
import { writeSft } from '../export/sft-export.ts';
import type { EventStore } from '../spec/store.ts';
import type { StoreReader } from './inspect.ts';

export type {
  ExportCounts,
  ExportFormat,
  FeedbackRecord,
  PreferenceRecord,
  SftRecord,
} from '../export/export-records.ts';
export { exportFormats } from '../export/export-records.ts';

export interface ExportOptions {
  readonly format: ExportFormat;
  /** Add each line's `metadata` object (run, ids, scores; default true). `events` lines have none. */
  readonly metadata?: boolean;
  /**
   * For `sft` and `preference`: also use proposals of the built-in `mutate` proposer, which call no LLM,
   * with a synthesised prompt (`buildPrompt` on the state the proposal saw) and the edit as the answer;
   * such lines say `metadata.source: "synthesized"`. Default false: only recorded LLM answers.
   */
  readonly synthesize?: boolean;
}

export interface ExportResult extends ExportCounts {
  readonly runId: string;
  readonly format: ExportFormat;
  /** The file written (absolute), or null when the lines went to a callback. */
  readonly output: string | null;
}

/** Checks a format name from the outside world. */
export function parseExportFormat(value: string): ExportFormat {
  if ((exportFormats as readonly string[]).includes(value)) return value as ExportFormat;
  throw badInput(`unknown export format ${value}`, {
    field: 'format',
    hint: `use one of ${exportFormats.join(', ')}`,
  });
}

/** Writes the export of run `runId` line by line to `writeLine` (each line without its newline). */
export function writeRunExport(
  store: EventStore,
  runId: string,
  options: ExportOptions,
  writeLine: (line: string) => void,
): ExportCounts {
  if (options.format === 'events') {
    let records = 0;
    for (const event of store.iterate(runId)) {
      writeLine(JSON.stringify(event));
      records += 1;
    }
    return { records, details: { events: records } };
  }
  const trajectory = traceRun(store.iterate(runId), {
    snapshotFor: (model) => options.synthesize === true && model === 'mutate',
  });
  if (trajectory.problem === undefined)
    throw new RatchetError('not-found', `run ${runId} has no run-start event yet`, {
      hint: 'try again shortly',
    });
  const context: ExportContext = {
    store,
    trajectory,
    metadata: options.metadata !== false,
    write: (record) => writeLine(JSON.stringify(record)),
  };
  if (options.format === 'sft') return writeSft(context);
  if (options.format === 'preference') return writePreference(context);
  return writeFeedback(context);
}

/**
 * Exports run `run` (id or unique prefix; default the latest) of the reader's store to the file
 * `output` (written whole or not at all: a temporary file renamed at the end), or line by line to a
 * callback.
 */
export function exportRun(
  reader: StoreReader,
  run: string | undefined,
  output: string | ((line: string) => void),
  options: ExportOptions,
): ExportResult {
  const runId = reader.runId(run);
  if (typeof output === 'function') {
    return {
      runId,
      format: options.format,
      output: null,
      ...writeRunExport(reader.store, runId, options, output),
    };
  }
  const target = path.resolve(output);
  const partial = `${target}.partial-${process.pid}`;
  let descriptor: number;
  try {
    descriptor = openSync(partial, 'w');
  } catch (error) {
    throw badInput(`cannot write ${output}: ${(error as Error).message}`, {
      hint: 'give a path in a folder that exists and that you can write to',
    });
  }
  let counts: ExportCounts | undefined;
  try {
    counts = writeRunExport(reader.store, runId, options, (line) => {
      writeSync(descriptor, `${line}\n`);
    });
  } finally {
    closeSync(descriptor);
    if (counts === undefined) rmSync(partial, { force: true });
  }
  renameSync(partial, target);
  return { runId, format: options.format, output: target, ...counts };
}
