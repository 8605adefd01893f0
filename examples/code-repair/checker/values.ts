/**
 * Values of the code-repair tests: equality of returned and expected values (numbers to a relative 1e-9,
 * so that 0.1 + 0.2 passes for 0.3), and how values and calls are written in feedback, in the task's
 * language (`None`/`True` for Python, `null`/`true` for TypeScript).
 */
export type Language = 'python' | 'typescript';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `actual` (as the runner reported it) equals `expected` (from tests.json). */
export function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') {
    return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return (
      actual.length === expected.length && actual.every((item, index) => sameValue(item, expected[index]))
    );
  }
  if (isRecord(actual) && isRecord(expected)) {
    const keys = Object.keys(expected);
    return (
      Object.keys(actual).length === keys.length &&
      keys.every((key) => key in actual && sameValue(actual[key], expected[key]))
    );
  }
  return actual === expected;
}

/** A value as the task's language would print it. */
export function formatValue(value: unknown, language: Language): string {
  if (value === null) return language === 'python' ? 'None' : 'null';
  if (typeof value === 'boolean') return language === 'python' ? (value ? 'True' : 'False') : String(value);
  if (typeof value === 'string') return language === 'python' ? pythonString(value) : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => formatValue(item, language)).join(', ')}]`;
  if (isRecord(value)) {
    // the runners report values JSON cannot hold (NaN, undefined, objects) as {"repr": "..."}
    if (typeof value['repr'] === 'string' && Object.keys(value).length === 1) return value['repr'];
    const entries = Object.entries(value).map(([key, item]) =>
      language === 'python'
        ? `${pythonString(key)}: ${formatValue(item, language)}`
        : `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${formatValue(item, language)}`,
    );
    return language === 'python' ? `{${entries.join(', ')}}` : `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

function pythonString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll(quote, `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/** `name(arg, arg)` in the task's language. */
export function formatCall(name: string, args: readonly unknown[], language: Language): string {
  return `${name}(${args.map((arg) => formatValue(arg, language)).join(', ')})`;
}
