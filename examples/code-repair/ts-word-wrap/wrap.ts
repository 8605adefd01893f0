/** Word wrapping for plain-text e-mails. */

// EVOLVE-BLOCK-START
/**
 * Greedy word wrap: the words of `text` (separated by any whitespace) on lines of at most `width`
 * characters, one space between words. A word longer than `width` gets a line of its own.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    if (line === '') line = word;
    else if (line.length + word.length + 2 <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
// EVOLVE-BLOCK-END
