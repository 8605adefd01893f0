/**
 * Content features recorded with every candidate (`candidate-add`), because strategies are pure and never
 * read content: the main file's length and line count, and a 16-value MinHash sketch of its normalised
 * token 3-shingles, from which strategies estimate how different two candidates are.
 */
import type { CandidateFile } from '../spec/candidate.ts';
import type { CandidateFeatures } from '../spec/events.ts';
import { normalizeContent } from './normalize-content.ts';

const sketchSize = 16;
const shingleSize = 3;

/** FNV-1a, 32-bit. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function mix(value: number, salt: number): number {
  let x = (value ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** MinHash signature of the token 3-shingles of `text` (already normalised). */
export function sketchOf(text: string): number[] {
  const tokens = text.match(/\w+|[^\w\s]/g) ?? [];
  const signature = new Array<number>(sketchSize).fill(0xffffffff);
  const count = Math.max(1, tokens.length - shingleSize + 1);
  for (let start = 0; start < count; start++) {
    const shingle = hashText(tokens.slice(start, start + shingleSize).join('\u0001'));
    for (let slot = 0; slot < sketchSize; slot++) {
      const value = mix(shingle, slot);
      if (value < (signature[slot] as number)) signature[slot] = value;
    }
  }
  return signature;
}

/** Estimated Jaccard similarity of two sketches in [0, 1]. */
export function sketchSimilarity(a: readonly number[], b: readonly number[]): number {
  const length = Math.min(a.length, b.length);
  if (length === 0) return 0;
  let same = 0;
  for (let index = 0; index < length; index++) if (a[index] === b[index]) same += 1;
  return same / length;
}

/** The features of a candidate whose edited file is `mainFile`. */
export function candidateFeatures(
  files: readonly CandidateFile[],
  mainFile: string,
  language: string,
): CandidateFeatures {
  const main = files.find((file) => file.path === mainFile) ?? files[0];
  const content = main?.content ?? '';
  return {
    codeLength: content.length,
    lineCount: content === '' ? 0 : content.split('\n').length,
    sketch: sketchOf(normalizeContent(content, language)),
  };
}
