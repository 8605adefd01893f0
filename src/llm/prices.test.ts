import { describe, expect, it } from 'vitest';
import { costOf, priceFor, unknownPriceWarning } from './prices.ts';

describe('priceFor', () => {
  it('finds built-in prices, including dated model ids', () => {
    expect(priceFor('openai:gpt-4o-mini')).toEqual({
      price: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
      source: 'builtin',
      known: true,
    });
    // the longest matching prefix wins: gpt-4o-mini-… is not priced as gpt-4o
    expect(priceFor('openai:gpt-4o-mini-2024-07-18').price.inputPerMillion).toBe(0.15);
    expect(priceFor('anthropic:claude-sonnet-4-5-20250929').price).toEqual({
      inputPerMillion: 3,
      outputPerMillion: 15,
    });
  });

  it('lets the problem override and extend the table', () => {
    const overrides = { 'openai:gpt-4o': { inputPerMillion: 1, outputPerMillion: 2 } };
    expect(priceFor('openai:gpt-4o', overrides)).toMatchObject({
      source: 'override',
      price: overrides['openai:gpt-4o'],
    });
  });

  it('treats mutate, ollama and localhost servers as free and flags unknown models', () => {
    expect(priceFor('mutate').source).toBe('free');
    expect(priceFor('ollama:llama3.2').source).toBe('free');
    expect(priceFor('compatible:mock@http://127.0.0.1:8080/v1').source).toBe('free');
    const unknown = priceFor('compatible:some-model@https://api.example.com/v1');
    expect(unknown).toMatchObject({
      known: false,
      source: 'unknown',
      price: { inputPerMillion: 0, outputPerMillion: 0 },
    });
    expect(priceFor('openai:gpt-99').known).toBe(false);
    expect(unknownPriceWarning('openai:gpt-99')).toMatch(
      /no price known for openai:gpt-99; .*prices: \{ 'openai:gpt-99'/,
    );
  });
});

describe('costOf', () => {
  it('charges input and output tokens at their own rates', () => {
    expect(
      costOf({ inputTokens: 2_000_000, outputTokens: 500_000 }, { inputPerMillion: 3, outputPerMillion: 15 }),
    ).toBe(13.5);
  });
});
