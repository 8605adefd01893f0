import { describe, expect, it } from 'vitest';
import { createOutputCapture } from './output-capture.ts';

describe('createOutputCapture', () => {
  it('keeps everything under the cap', () => {
    const capture = createOutputCapture(10);
    capture.push(Buffer.from('abc'));
    capture.push(Buffer.from('def'));
    expect(capture.text()).toBe('abcdef');
    expect(capture.truncated).toBe(false);
    expect(capture.totalBytes).toBe(6);
  });

  it('keeps the last bytes, counts the rest and says how much was discarded', () => {
    const capture = createOutputCapture(5);
    capture.push(Buffer.from('0123'));
    capture.push(Buffer.from('4567'));
    expect(capture.push(Buffer.from('89'))).toBe(10);
    expect(capture.truncated).toBe(true);
    expect(capture.text()).toBe('[… 5 earlier bytes discarded …]\n56789');
  });

  it('handles a single chunk larger than the cap', () => {
    const capture = createOutputCapture(3);
    capture.push(Buffer.from('abcdefgh'));
    expect(capture.text().endsWith('fgh')).toBe(true);
  });
});
