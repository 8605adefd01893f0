import type { RatchetErrorCode } from '../spec/errors.ts';

const marker = Symbol.for('ratchet.error');

export interface RatchetErrorOptions {
  /** What the user should do about it. */
  readonly hint?: string;
  /** The file the problem is in. */
  readonly file?: string;
  /** The key path or line inside that file. */
  readonly field?: string;
  readonly cause?: unknown;
}

/** The one error class of the engine. Only engine faults and bad input throw; bad candidates are data. */
export class RatchetError extends Error {
  readonly [marker] = true;
  readonly code: RatchetErrorCode;
  readonly hint: string | undefined;
  readonly file: string | undefined;
  readonly field: string | undefined;

  constructor(code: RatchetErrorCode, message: string, options: RatchetErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RatchetError';
    this.code = code;
    this.hint = options.hint;
    this.file = options.file;
    this.field = options.field;
  }

  static is(value: unknown): value is RatchetError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }

  /** The full text for a person: where, what, and what to do. */
  describe(): string {
    const where = [this.file, this.field].filter((part) => part !== undefined).join(': ');
    const head = where === '' ? this.message : `${where}: ${this.message}`;
    return this.hint === undefined ? head : `${head}\n  → ${this.hint}`;
  }
}

export function badInput(message: string, options: RatchetErrorOptions = {}): RatchetError {
  return new RatchetError('bad-input', message, options);
}
