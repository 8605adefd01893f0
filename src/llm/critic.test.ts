import { describe, expect, it } from 'vitest';
import { parseCritique } from './critic.ts';

describe('parseCritique', () => {
  it('splits the diagnosis from its value', () => {
    expect(
      parseCritique(
        'The radii are tiny near the walls.\nTry moving the corner circles out.\nVALUE: 0.7\n',
        500,
      ),
    ).toEqual({
      critique: 'The radii are tiny near the walls.\nTry moving the corner circles out.',
      value: 0.7,
    });
  });

  it('keeps a critique without a usable value, caps its length, and refuses an empty answer', () => {
    expect(parseCritique('Looks stuck.\nVALUE: 7', 500)).toEqual({ critique: 'Looks stuck.' });
    expect(parseCritique('x'.repeat(50), 10)).toEqual({ critique: 'x'.repeat(10) });
    expect(parseCritique('  \nVALUE: 0.5\n', 100)).toBeNull();
  });
});
