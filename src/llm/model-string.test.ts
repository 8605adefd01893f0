import { describe, expect, it } from 'vitest';
import { RatchetError } from '../core/errors.ts';
import { ollamaBaseURL, parseModelString } from './model-string.ts';

describe('parseModelString', () => {
  it('splits provider, model and base URL', () => {
    expect(parseModelString('mutate')).toEqual({ provider: 'mutate' });
    expect(parseModelString('openai:gpt-4.1-mini')).toEqual({ provider: 'openai', modelId: 'gpt-4.1-mini' });
    expect(parseModelString('ollama:qwen2.5-coder:7b')).toEqual({
      provider: 'ollama',
      modelId: 'qwen2.5-coder:7b',
    });
    expect(parseModelString('compatible:org/model@v2@https://host.example/v1/')).toEqual({
      provider: 'compatible',
      modelId: 'org/model@v2',
      baseURL: 'https://host.example/v1',
    });
  });

  it('explains what is wrong with a bad model string', () => {
    for (const model of ['gpt-4o', 'claude:sonnet', 'compatible:x@not a url', 'anthropic:']) {
      try {
        parseModelString(model);
        expect.unreachable(model);
      } catch (error) {
        expect(RatchetError.is(error) && error.code).toBe('bad-input');
        expect(RatchetError.is(error) && error.message).toContain(model);
      }
    }
  });
});

describe('ollamaBaseURL', () => {
  it('accepts the forms OLLAMA_HOST takes', () => {
    expect(ollamaBaseURL(undefined)).toBe('http://127.0.0.1:11434/v1');
    expect(ollamaBaseURL('0.0.0.0')).toBe('http://127.0.0.1:11434/v1');
    expect(ollamaBaseURL('gpu-box:8080')).toBe('http://gpu-box:8080/v1');
    expect(ollamaBaseURL('https://ollama.example.com')).toBe('https://ollama.example.com/v1');
    expect(ollamaBaseURL('http://127.0.0.1:11434/')).toBe('http://127.0.0.1:11434/v1');
  });
});
