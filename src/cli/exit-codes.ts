import type { RatchetError } from '../core/errors.ts';

/** Exit 2 for input the user must fix, 1 for everything else. */
export function exitCodeFor(error: RatchetError): number {
  return error.code === 'bad-input' || error.code === 'not-found' ? 2 : 1;
}
