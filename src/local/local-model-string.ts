/**
 * Local model strings: `local` (the default model), `local:<name>` (a catalog model),
 * `local:<path.gguf>` (a file on this machine) and `local:hf:<owner>/<repo>/<file.gguf>` (a file on
 * Hugging Face, downloaded once into the cache).
 */
import os from 'node:os';
import path from 'node:path';
import { badInput } from '../core/errors.ts';
import { defaultModelName, findCatalogModel, modelCatalog } from './model-catalog.ts';

/** Where a local model's weights come from. */
export type LocalModelSource =
  | { readonly kind: 'file'; readonly path: string }
  | {
      readonly kind: 'huggingface';
      readonly repo: string;
      readonly file: string;
      readonly revision: string;
      /** The catalog name, for catalog models. */
      readonly name?: string;
      readonly bytes?: number;
      readonly sha256?: string;
      readonly approximateBytes?: number;
    };

const forms =
  'write local (the default model), local:<name> (' +
  modelCatalog.map((entry) => entry.name).join(', ') +
  '), local:/path/to/model.gguf or local:hf:<owner>/<repo>/<file.gguf>';

/** True for `local` and `local:…`. */
export function isLocalModel(model: string): boolean {
  return model === 'local' || model.startsWith('local:');
}

function expandHome(file: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(os.homedir(), file.slice(1)) : file;
}

/** Parses a local model string; relative paths are taken from `cwd`. Bad strings are bad input. */
export function parseLocalModel(model: string, cwd: string = process.cwd()): LocalModelSource {
  if (!isLocalModel(model))
    throw badInput(`"${model}" is not a local model`, { field: 'model', hint: forms });
  const rest = model === 'local' ? defaultModelName : model.slice('local:'.length).trim();
  if (rest === '') throw badInput(`model "${model}" names no model`, { field: 'model', hint: forms });
  if (rest.startsWith('hf:')) {
    const parts = rest.slice(3).split('/');
    const file = parts.slice(2).join('/');
    if (parts.length < 3 || parts[0] === '' || parts[1] === '' || !file.toLowerCase().endsWith('.gguf'))
      throw badInput(`model "${model}" is not local:hf:<owner>/<repo>/<file.gguf>`, {
        field: 'model',
        hint: 'e.g. local:hf:Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf',
      });
    return { kind: 'huggingface', repo: `${parts[0]}/${parts[1]}`, file, revision: 'main' };
  }
  if (rest.toLowerCase().endsWith('.gguf'))
    return { kind: 'file', path: path.resolve(cwd, expandHome(rest)) };
  const entry = findCatalogModel(rest);
  if (entry === undefined)
    throw badInput(`unknown local model "${model}"`, {
      field: 'model',
      hint: `${forms} (a file path must end in .gguf)`,
    });
  return {
    kind: 'huggingface',
    repo: entry.repo,
    file: entry.file,
    revision: entry.revision,
    name: entry.name,
    approximateBytes: entry.approximateBytes,
    ...(entry.bytes === undefined ? {} : { bytes: entry.bytes }),
    ...(entry.sha256 === undefined ? {} : { sha256: entry.sha256 }),
  };
}

/** A short human name of a source: the catalog name, the file name or `owner/repo/file`. */
export function describeSource(source: LocalModelSource): string {
  if (source.kind === 'file') return source.path;
  return source.name ?? `${source.repo}/${source.file}`;
}
