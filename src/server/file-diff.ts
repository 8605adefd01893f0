/**
 * Line diffs between two versions of a candidate's files (the `diff` package's structured patches),
 * per file, for the candidate view and the report.
 */
import { structuredPatch } from 'diff';
import type { CandidateFile } from '../spec/candidate.ts';
import type { FileDiff } from './protocol.ts';

const contextLines = 3;

/** The diff of every file in either version, sorted by path; unchanged files have no hunks. */
export function diffFiles(before: readonly CandidateFile[], after: readonly CandidateFile[]): FileDiff[] {
  const old = new Map(before.map((file) => [file.path, file.content]));
  const next = new Map(after.map((file) => [file.path, file.content]));
  const paths = [...new Set([...old.keys(), ...next.keys()])].sort();
  return paths.map((path) => {
    const oldContent = old.get(path);
    const newContent = next.get(path);
    const change =
      oldContent === undefined
        ? 'added'
        : newContent === undefined
          ? 'removed'
          : oldContent === newContent
            ? 'unchanged'
            : 'changed';
    if (change === 'unchanged') return { path, change, hunks: [], added: 0, removed: 0 };
    const patch = structuredPatch(path, path, oldContent ?? '', newContent ?? '', undefined, undefined, {
      context: contextLines,
    });
    let added = 0;
    let removed = 0;
    for (const hunk of patch.hunks) {
      for (const line of hunk.lines) {
        if (line.startsWith('+')) added += 1;
        else if (line.startsWith('-')) removed += 1;
      }
    }
    return { path, change, hunks: patch.hunks, added, removed };
  });
}
