/**
 * The prompt's templates. `prompt.template` (the user message) and `prompt.system` replace the built-in
 * ones; both may use these `{{placeholders}}` (a section placeholder is empty, header included, when
 * there is nothing to show):
 *
 * | placeholder | content |
 * |---|---|
 * | `{{description}}` | the problem's description |
 * | `{{objective}}` | e.g. `maximize sum_radii` |
 * | `{{language}}` | the main file's language (`python`) |
 * | `{{mainFile}}` | the main file's path |
 * | `{{program}}` | the parent's main file in a code fence (no header) |
 * | `{{parent}}` | the `## Current program` section: header, fenced code, score, metrics, feedback |
 * | `{{evaluation}}` | the parent's status, score, metrics and evaluator feedback (capped) |
 * | `{{secondParent}}` | crossover only: `## Second parent` with its code and score |
 * | `{{inspirations}}` | `## Other candidates`: other good candidates with their scores and code |
 * | `{{recentAttempts}}` | `## Recent attempts`: outcome and reason of the latest proposals |
 * | `{{notes}}` | `## Notes`: the strategy's notes for this proposal |
 * | `{{task}}` | what to do in this mode (improve, fix, crossover, fresh) |
 * | `{{editInstructions}}` | how to answer (SEARCH/REPLACE blocks or a full rewrite) |
 *
 * The mock LLM server finds the parent program as the first code fence after a line starting with
 * `## Current program` (or, failing that, the first code fence of the last user message).
 */
import { badInput } from '../core/errors.ts';

/** The header line above the parent's code. Stable: `mock-llm` looks for it. */
export const currentProgramHeader = '## Current program';

/** The header line above the second parent's code in crossover prompts. */
export const secondParentHeader = '## Second parent';

export const placeholderNames = [
  'description',
  'objective',
  'language',
  'mainFile',
  'program',
  'parent',
  'evaluation',
  'secondParent',
  'inspirations',
  'recentAttempts',
  'notes',
  'task',
  'editInstructions',
] as const;

export type PlaceholderName = (typeof placeholderNames)[number];

export type PlaceholderValues = Readonly<Record<PlaceholderName, string>>;

/** The built-in system message. */
export const defaultSystemTemplate = `You are an expert {{language}} programmer and researcher taking part in an evaluation-driven search: every program you propose is run and scored by an automatic evaluator, and the best ones are kept. Make focused, well-reasoned changes that you expect to improve the score; keep the program runnable and its interface unchanged. Follow the answer format exactly.`;

/** The built-in user message. */
export const defaultUserTemplate = `# Problem
{{description}}

Objective: {{objective}}.

{{parent}}

{{secondParent}}

{{inspirations}}

{{recentAttempts}}

{{notes}}

# Your task
{{task}}

{{editInstructions}}`;

const placeholderPattern = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** The unknown placeholders of a template (for config validation). */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(placeholderNames);
  return [...template.matchAll(placeholderPattern)]
    .map((match) => match[1] ?? '')
    .filter((name) => !known.has(name));
}

/**
 * Fills a template. An unknown placeholder is bad input naming `field`. Runs of blank lines left by
 * empty sections collapse to one.
 */
export function renderTemplate(
  template: string,
  values: PlaceholderValues,
  field = 'prompt.template',
): string {
  const unknown = unknownPlaceholders(template);
  if (unknown.length > 0)
    throw badInput(`unknown placeholder {{${unknown[0]}}} in the prompt template`, {
      field,
      hint: `use one of ${placeholderNames.map((name) => `{{${name}}}`).join(', ')}`,
    });
  // drop template lines that hold only an empty placeholder, then collapse the template's own blank
  // lines; inserted values (programs) are never reformatted
  const kept: string[] = [];
  for (const line of template.split('\n')) {
    const alone = /^\s*\{\{\s*([A-Za-z]+)\s*\}\}\s*$/.exec(line);
    if (alone !== null && values[alone[1] as PlaceholderName] === '') continue;
    if (line.trim() === '' && (kept.length === 0 || kept.at(-1)?.trim() === '')) continue;
    kept.push(line);
  }
  while (kept.length > 0 && kept.at(-1)?.trim() === '') kept.pop();
  // one pass, so that placeholders inside inserted values (a program's own `{{x}}`) stay as they are
  return kept.join('\n').replace(placeholderPattern, (_, name: string) => values[name as PlaceholderName]);
}
