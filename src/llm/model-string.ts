/**
 * Model strings: `openai:<model>`, `anthropic:<model>`, `ollama:<model>`, `compatible:<model>@<baseURL>`,
 * and `mutate` (the built-in non-LLM proposer).
 */
import { badInput } from '../core/errors.ts';

export type ModelProvider = 'openai' | 'anthropic' | 'ollama' | 'compatible';

export type ParsedModel =
  | { readonly provider: 'mutate' }
  // local models (`local`, `local:…`) are parsed by src/local/local-model-string.ts
  | { readonly provider: 'local' }
  | { readonly provider: Exclude<ModelProvider, 'compatible'>; readonly modelId: string }
  | { readonly provider: 'compatible'; readonly modelId: string; readonly baseURL: string };

const forms =
  'use mutate, openai:<model>, anthropic:<model>, ollama:<model> or compatible:<model>@<baseURL> (e.g. compatible:qwen2.5-coder@http://127.0.0.1:8000/v1)';

/** Splits a model string; bad input names the string and lists the accepted forms. */
export function parseModelString(model: string): ParsedModel {
  if (model === 'mutate') return { provider: 'mutate' };
  if (model === 'local' || model.startsWith('local:')) return { provider: 'local' };
  const separator = model.indexOf(':');
  const provider = separator === -1 ? '' : model.slice(0, separator);
  const rest = model.slice(separator + 1);
  if (provider === 'compatible') {
    const at = rest.search(/@https?:\/\//);
    const modelId = at === -1 ? '' : rest.slice(0, at);
    const baseURL = at === -1 ? '' : rest.slice(at + 1).replace(/\/+$/, '');
    if (modelId === '' || baseURL === '')
      throw badInput(`model "${model}" needs a model name and a base URL`, {
        field: 'model',
        hint: 'write compatible:<model>@<baseURL>, e.g. compatible:mock@http://127.0.0.1:8080/v1',
      });
    try {
      new URL(baseURL);
    } catch {
      throw badInput(`model "${model}": "${baseURL}" is not a URL`, { field: 'model', hint: forms });
    }
    return { provider, modelId, baseURL };
  }
  if (provider === 'openai' || provider === 'anthropic' || provider === 'ollama') {
    if (rest.trim() === '')
      throw badInput(`model "${model}" has no model name`, { field: 'model', hint: forms });
    return { provider, modelId: rest };
  }
  throw badInput(`unknown model "${model}"`, { field: 'model', hint: forms });
}

/**
 * The `/v1` base URL of an Ollama server from `OLLAMA_HOST`, read as Ollama does: `host` or `host:port`
 * default to http and port 11434; a URL with a scheme keeps that scheme's default port.
 */
export function ollamaBaseURL(host: string | undefined): string {
  const value = (host ?? '').trim();
  if (value === '') return 'http://127.0.0.1:11434/v1';
  const hasScheme = /^https?:\/\//.test(value);
  const url = new URL(hasScheme ? value : `http://${value}`);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  if (!hasScheme && url.port === '' && !/^[^/]*:\d+/.test(value)) url.port = '11434';
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/v1`;
}
