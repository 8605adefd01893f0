/**
 * What LLM calls cost: a built-in price table for common OpenAI and Anthropic models, extended or
 * overridden by the problem's `prices: { 'openai:my-model': { inputPerMillion, outputPerMillion } }`.
 *
 * The built-in figures are list prices in US dollars per million tokens as published when this table
 * was written; providers change them, so check and override where it matters.
 */
import type { TokenUsage } from '../spec/llm.ts';
import type { ModelPrice } from '../spec/problem.ts';

function price(inputPerMillion: number, outputPerMillion: number): ModelPrice {
  return { inputPerMillion, outputPerMillion };
}

/** Built-in prices by provider and model id (dated ids match their undated prefix). */
export const builtinPrices: Readonly<Record<'openai' | 'anthropic', Readonly<Record<string, ModelPrice>>>> = {
  openai: {
    'gpt-5': price(1.25, 10),
    'gpt-5-mini': price(0.25, 2),
    'gpt-5-nano': price(0.05, 0.4),
    'gpt-4.1': price(2, 8),
    'gpt-4.1-mini': price(0.4, 1.6),
    'gpt-4.1-nano': price(0.1, 0.4),
    'gpt-4o': price(2.5, 10),
    'gpt-4o-mini': price(0.15, 0.6),
    'gpt-4-turbo': price(10, 30),
    'gpt-3.5-turbo': price(0.5, 1.5),
    o1: price(15, 60),
    'o1-mini': price(1.1, 4.4),
    o3: price(2, 8),
    'o3-mini': price(1.1, 4.4),
    'o4-mini': price(1.1, 4.4),
  },
  anthropic: {
    'claude-opus-4-5': price(5, 25),
    'claude-opus-4-1': price(15, 75),
    'claude-opus-4': price(15, 75),
    'claude-sonnet-4-5': price(3, 15),
    'claude-sonnet-4': price(3, 15),
    'claude-haiku-4-5': price(1, 5),
    'claude-3-7-sonnet': price(3, 15),
    'claude-3-5-sonnet': price(3, 15),
    'claude-3-5-haiku': price(0.8, 4),
    'claude-3-opus': price(15, 75),
    'claude-3-haiku': price(0.25, 1.25),
  },
};

/**
 * - `override`: from the problem's `prices`;
 * - `builtin`: from the table above;
 * - `free`: `mutate`, `local`, `ollama:` and `compatible:` models on this machine (localhost);
 * - `unknown`: no price known; the cost counts as 0 and the caller should warn.
 */
export type PriceSource = 'override' | 'builtin' | 'free' | 'unknown';

export interface PriceLookup {
  readonly price: ModelPrice;
  readonly source: PriceSource;
  /** False when the price is unknown (cost 0). */
  readonly known: boolean;
}

const free: ModelPrice = price(0, 0);

function isLocalUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1';
  } catch {
    return false;
  }
}

/** The longest table key that is the model id or a prefix of it followed by `-` (dated versions). */
function lookupBuiltin(table: Readonly<Record<string, ModelPrice>>, id: string): ModelPrice | undefined {
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if ((id === key || id.startsWith(`${key}-`)) && (best === undefined || key.length > best.length))
      best = key;
  }
  return best === undefined ? undefined : table[best];
}

/** The price of a model string, with where it came from. */
export function priceFor(model: string, overrides: Readonly<Record<string, ModelPrice>> = {}): PriceLookup {
  const override = overrides[model];
  if (override !== undefined) return { price: override, source: 'override', known: true };
  if (model === 'mutate' || model.startsWith('ollama:')) return { price: free, source: 'free', known: true };
  if (model === 'local' || model.startsWith('local:')) return { price: free, source: 'free', known: true }; // src/local
  const separator = model.indexOf(':');
  const provider = separator === -1 ? '' : model.slice(0, separator);
  const id = model.slice(separator + 1);
  if (provider === 'compatible') {
    const at = id.search(/@https?:\/\//);
    if (at !== -1 && isLocalUrl(id.slice(at + 1))) return { price: free, source: 'free', known: true };
  }
  if (provider === 'openai' || provider === 'anthropic') {
    const builtin = lookupBuiltin(builtinPrices[provider], id);
    if (builtin !== undefined) return { price: builtin, source: 'builtin', known: true };
  }
  return { price: free, source: 'unknown', known: false };
}

/** Cost in US dollars of a call's token usage. */
export function costOf(usage: TokenUsage, modelPrice: ModelPrice): number {
  return (
    (usage.inputTokens * modelPrice.inputPerMillion + usage.outputTokens * modelPrice.outputPerMillion) /
    1_000_000
  );
}

/** The warning to show once for a model without a price. */
export function unknownPriceWarning(model: string): string {
  return `no price known for ${model}; its cost counts as 0. Add prices: { '${model}': { inputPerMillion: …, outputPerMillion: … } } to the problem`;
}
