/**
 * The codes of `RatchetError` (see `core/errors.ts`). The CLI maps them to exit statuses:
 * `bad-input` and `not-found` exit 2, everything else 1.
 */
export type RatchetErrorCode =
  | 'bad-input'
  | 'not-found'
  | 'sandbox-unavailable'
  | 'store'
  | 'llm'
  | 'evaluator'
  | 'internal';
