import { createHash } from 'node:crypto';
import type { Candidate, CandidateFile } from '../spec/candidate.ts';

/** Sorts files by path and computes the content address: sha256 over (path, NUL, length, NUL, content). */
export function makeCandidate(files: readonly CandidateFile[]): Candidate {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const hash = createHash('sha256');
  for (const file of sorted) {
    hash.update(file.path);
    hash.update('\0');
    hash.update(String(Buffer.byteLength(file.content)));
    hash.update('\0');
    hash.update(file.content);
  }
  return {
    id: hash.digest('hex'),
    files: sorted.map((file) => ({ path: file.path, content: file.content })),
  };
}

/** A short form of a candidate id for people (12 hex digits). */
export function shortId(id: string): string {
  return id.slice(0, 12);
}

export function mainFileContent(candidate: Candidate, mainFile: string): string {
  const file = candidate.files.find((entry) => entry.path === mainFile);
  if (file === undefined) throw new Error(`candidate ${shortId(candidate.id)} has no file ${mainFile}`);
  return file.content;
}
