/**
 * The editable part of a file: the text between `EVOLVE-BLOCK-START` and `EVOLVE-BLOCK-END` marker lines
 * (in any comment syntax: `#`, `//`, `--`, `/* *\/`), or the whole file when it has no markers.
 */

/** A character range `[start, end)` of a file. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export interface EvolveRegions {
  /** Whether the file has any marker line. */
  readonly hasMarkers: boolean;
  /**
   * Editable ranges, in order. Each starts just after a START marker line and ends at the start of the
   * matching END marker line (a START without END runs to the end of the file). Without markers, one
   * range covering the whole file.
   */
  readonly regions: readonly TextRange[];
}

const markerPattern = /(?:#|\/\/|--|\/\*)[^\n]*?\bEVOLVE-BLOCK-(START|END)\b/;

/** Which marker a line holds, if any. */
export function markerOf(line: string): 'start' | 'end' | null {
  const match = markerPattern.exec(line);
  if (match === null) return null;
  return match[1] === 'START' ? 'start' : 'end';
}

/** Whether a text contains a marker line. */
export function containsMarker(text: string): boolean {
  return text.split('\n').some((line) => markerOf(line) !== null);
}

/** Finds the editable ranges of a file (see `EvolveRegions`). */
export function findEvolveRegions(content: string): EvolveRegions {
  const regions: TextRange[] = [];
  let hasMarkers = false;
  let openAt: number | null = null;
  let offset = 0;
  for (const line of content.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    const marker = markerOf(line);
    if (marker === null) continue;
    hasMarkers = true;
    if (marker === 'start' && openAt === null) openAt = Math.min(offset, content.length);
    else if (marker === 'end' && openAt !== null) {
      regions.push({ start: openAt, end: lineStart });
      openAt = null;
    }
  }
  if (openAt !== null) regions.push({ start: openAt, end: content.length });
  if (!hasMarkers) regions.push({ start: 0, end: content.length });
  return { hasMarkers, regions };
}

/** Whether `range` lies inside one of the regions (boundaries included). */
export function insideRegions(range: TextRange, regions: readonly TextRange[]): boolean {
  return regions.some((region) => region.start <= range.start && range.end <= region.end);
}

/** The texts outside the regions: before the first, between each pair, after the last. */
export function outsideParts(content: string, regions: readonly TextRange[]): string[] {
  const parts: string[] = [];
  let cursor = 0;
  for (const region of regions) {
    parts.push(content.slice(cursor, region.start));
    cursor = region.end;
  }
  parts.push(content.slice(cursor));
  return parts;
}

/** 1-based line number of a character offset. */
export function lineNumberAt(content: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < content.length; index++) {
    if (content.charCodeAt(index) === 10) line += 1;
  }
  return line;
}
