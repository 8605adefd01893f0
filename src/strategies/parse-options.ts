import type { z } from 'zod';
import type { ParseResult } from '../spec/strategy.ts';

/** Parses strategy options with a zod schema into a `ParseResult` whose issues name the option. */
export function parseWith<T>(schema: z.ZodType<T>, raw: unknown): ParseResult<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys')
        return `unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    }),
  };
}
