/**
 * `ratchet diff`: the line diff between two candidates, per file (the dashboard's `diffFiles`) and as
 * one unified patch that `patch -p1` or `git apply` understands.
 */
import { FILE_HEADERS_ONLY, formatPatch, type StructuredPatch } from 'diff';
import { shortId } from '../core/candidate-id.ts';
import { diffFiles } from '../server/file-diff.ts';
import type { FileDiff } from '../server/protocol.ts';
import type { StoreReader } from './inspect.ts';
import { type CandidateLocation, locateCandidate } from './locate-candidate.ts';
import type { InspectOptions } from './show-candidate.ts';

export interface CandidateDiff {
  readonly from: CandidateLocation;
  readonly to: CandidateLocation;
  /** Every file of either candidate, sorted by path; unchanged files have no hunks. */
  readonly files: readonly FileDiff[];
  /** The unified diff (`--- a/PATH` / `+++ b/PATH`); empty when the candidates are equal. */
  readonly patch: string;
  readonly added: number;
  readonly removed: number;
}

/** One unified patch of the changed files; headers name the short candidate ids. */
export function unifiedPatch(files: readonly FileDiff[], fromLabel: string, toLabel: string): string {
  const patches: StructuredPatch[] = files
    .filter((file) => file.change !== 'unchanged')
    .map((file) => ({
      oldFileName: file.change === 'added' ? '/dev/null' : `a/${file.path}`,
      newFileName: file.change === 'removed' ? '/dev/null' : `b/${file.path}`,
      oldHeader: fromLabel,
      newHeader: toLabel,
      hunks: file.hunks.map((hunk) => ({ ...hunk, lines: [...hunk.lines] })),
    }));
  return patches.length === 0 ? '' : formatPatch(patches, FILE_HEADERS_ONLY);
}

/** The diff from candidate `from` to candidate `to` (ids, unique prefixes, `best` or `seed`). */
export function diffCandidates(
  reader: StoreReader,
  from: string,
  to: string,
  options: InspectOptions = {},
): CandidateDiff {
  const fromLocation = locateCandidate(reader, from, options.run);
  const toLocation = locateCandidate(reader, to, options.run);
  const files = diffFiles(
    reader.candidate(fromLocation.candidateId).files,
    reader.candidate(toLocation.candidateId).files,
  );
  return {
    from: fromLocation,
    to: toLocation,
    files,
    patch: unifiedPatch(files, shortId(fromLocation.candidateId), shortId(toLocation.candidateId)),
    added: files.reduce((sum, file) => sum + file.added, 0),
    removed: files.reduce((sum, file) => sum + file.removed, 0),
  };
}
