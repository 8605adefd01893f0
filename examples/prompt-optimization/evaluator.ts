/**
 * Evaluator (a TypeScript module, run by Ratchet's module harness inside the sandbox): the candidate is
 * a prompt. For each instance to score, it sends the prompt as the system message and the instance's
 * customer message as the user message to the task model — an OpenAI-compatible endpoint named by
 * PROMPT_OPT_BASE_URL and PROMPT_OPT_MODEL (and PROMPT_OPT_API_KEY when it needs one), which the problem
 * passes into the sandbox — reads the queue name out of the answer, and compares it with the label.
 * `accuracy` = correct answers / instances scored. It also returns the per-instance results
 * (`instanceMetrics`) and, as feedback, every mistake with the expected label.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EvaluatorContext, EvaluatorOutput } from 'ratchet';

interface Item {
  readonly id: string;
  readonly text: string;
  readonly label: string;
}

interface Dataset {
  readonly labels: readonly string[];
  readonly items: readonly Item[];
}

interface Outcome {
  readonly item: Item;
  readonly answer: string;
  readonly predicted: string | null;
  readonly tokens: number;
}

const maxPromptChars = 4000;
const parallelCalls = 4;
const attempts = 4;
const callTimeoutMs = 60_000;

function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '')
    throw new Error(`${name} is not set: the problem's sandbox.setEnv / sandbox.env must pass it in`);
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One chat completion, retried on 429, 5xx and network errors (honouring Retry-After, capped at 10 s). */
async function complete(system: string, user: string): Promise<{ text: string; tokens: number }> {
  const url = `${setting('PROMPT_OPT_BASE_URL').replace(/\/+$/, '')}/chat/completions`;
  const key = process.env['PROMPT_OPT_API_KEY'];
  const body = JSON.stringify({
    model: setting('PROMPT_OPT_MODEL'),
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
    temperature: 0,
    max_tokens: 16,
  });
  let problem = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(key === undefined || key === '' ? {} : { authorization: `Bearer ${key}` }),
        },
        body,
        signal: AbortSignal.timeout(callTimeoutMs),
      });
      if (response.ok) {
        const json = (await response.json()) as {
          choices?: { message?: { content?: string | null } }[];
          usage?: { total_tokens?: number };
        };
        return { text: json.choices?.[0]?.message?.content ?? '', tokens: json.usage?.total_tokens ?? 0 };
      }
      problem = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
      if (response.status !== 429 && response.status < 500) break;
      const retryAfter = Number(response.headers.get('retry-after'));
      await sleep(
        Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 10) * 1000 : 500 * 2 ** attempt,
      );
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
      await sleep(500 * 2 ** attempt);
    }
  }
  throw new Error(`the task model at ${url} did not answer: ${problem}`);
}

/** The label the answer names first (as a whole word, any case), or null. */
export function labelOf(answer: string, labels: readonly string[]): string | null {
  const text = answer.toLowerCase();
  let best: { label: string; at: number } | null = null;
  for (const label of labels) {
    const at = text.search(new RegExp(`\\b${label.toLowerCase()}\\b`));
    if (at >= 0 && (best === null || at < best.at)) best = { label, at };
  }
  return best?.label ?? null;
}

async function classify(
  prompt: string,
  items: readonly Item[],
  labels: readonly string[],
): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index] as Item;
      const { text, tokens } = await complete(prompt, item.text);
      outcomes[index] = { item, answer: text, predicted: labelOf(text, labels), tokens };
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelCalls, items.length) }, worker));
  return outcomes;
}

const quoted = (text: string, limit = 80) =>
  JSON.stringify(text.length > limit ? `${text.slice(0, limit - 1)}…` : text);

export async function evaluate(context: EvaluatorContext): Promise<EvaluatorOutput> {
  const prompt = readFileSync(context.candidatePath, 'utf8');
  const dataset = JSON.parse(readFileSync(path.join(context.problemDir, 'dataset.json'), 'utf8')) as Dataset;
  const byId = new Map(dataset.items.map((item) => [item.id, item]));
  const ids = context.instances.length > 0 ? context.instances : dataset.items.map((item) => item.id);
  const items = ids.map((id) => {
    const item = byId.get(id);
    if (item === undefined) throw new Error(`instance ${id} is not in dataset.json`);
    return item;
  });
  if (prompt.trim() === '') return { metrics: {}, feedback: 'the prompt is empty', valid: false };
  if (prompt.length > maxPromptChars)
    return {
      metrics: {},
      feedback: `the prompt has ${prompt.length} characters; keep it under ${maxPromptChars}`,
      valid: false,
    };

  const outcomes = await classify(prompt, items, dataset.labels);
  const correct = outcomes.filter((outcome) => outcome.predicted === outcome.item.label);
  const answered = outcomes.filter((outcome) => outcome.predicted !== null);
  const mistakes = outcomes
    .filter((outcome) => outcome.predicted !== outcome.item.label)
    .map((outcome) =>
      outcome.predicted === null
        ? `- ${outcome.item.id} ${quoted(outcome.item.text)}: the answer ${quoted(outcome.answer.trim(), 60)} names no queue (expected ${outcome.item.label})`
        : `- ${outcome.item.id} ${quoted(outcome.item.text)}: answered ${outcome.predicted}, expected ${outcome.item.label}`,
    );
  const summary = `${correct.length} of ${outcomes.length} messages routed to the right queue; ${answered.length} answers named a queue.`;
  return {
    metrics: {
      accuracy: correct.length / outcomes.length,
      answered: answered.length / outcomes.length,
      instances: outcomes.length,
      task_tokens: outcomes.reduce((sum, outcome) => sum + outcome.tokens, 0),
    },
    feedback: mistakes.length === 0 ? summary : `${summary}\nMistakes:\n${mistakes.join('\n')}`,
    valid: true,
    // per-instance results, for engines that read them (paired tests on held-out splits, GEPA fronts)
    instanceMetrics: Object.fromEntries(
      outcomes.map((outcome) => [
        outcome.item.id,
        { accuracy: outcome.predicted === outcome.item.label ? 1 : 0 },
      ]),
    ),
  } as EvaluatorOutput;
}
