/**
 * Bounded capture of a child's output stream: keeps at most `maxBytes` (the tail, where errors and
 * results are), counts and discards the rest, so gigabytes of output never sit in memory.
 */

export interface OutputCapture {
  /** Adds a chunk; returns the total number of bytes seen so far (kept or not). */
  push(chunk: Buffer): number;
  /** The kept bytes as UTF-8, prefixed by a marker when something was discarded. */
  text(): string;
  readonly totalBytes: number;
  readonly truncated: boolean;
}

/** Keeps the last `maxBytes` bytes of a stream. */
export function createOutputCapture(maxBytes: number): OutputCapture {
  const chunks: Buffer[] = [];
  let kept = 0;
  let total = 0;
  return {
    push(chunk) {
      total += chunk.length;
      if (maxBytes <= 0) return total;
      const piece = chunk.length > maxBytes ? chunk.subarray(chunk.length - maxBytes) : chunk;
      chunks.push(piece);
      kept += piece.length;
      while (kept > maxBytes) {
        const first = chunks[0] as Buffer;
        const excess = kept - maxBytes;
        if (first.length <= excess) {
          chunks.shift();
          kept -= first.length;
        } else {
          chunks[0] = first.subarray(excess);
          kept -= excess;
        }
      }
      return total;
    },
    text() {
      const body = Buffer.concat(chunks).toString('utf8');
      if (total <= kept) return body;
      return `[… ${total - kept} earlier bytes discarded …]\n${body.replace(/^\uFFFD+/, '')}`;
    },
    get totalBytes() {
      return total;
    },
    get truncated() {
      return total > kept;
    },
  };
}
