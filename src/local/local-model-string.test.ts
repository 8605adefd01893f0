import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RatchetError } from '../core/errors.ts';
import { isLocalModel, parseLocalModel } from './local-model-string.ts';

function badInputOf(model: string): RatchetError {
  try {
    parseLocalModel(model, '/work');
  } catch (error) {
    if (RatchetError.is(error)) return error;
  }
  throw new Error(`expected ${model} to be bad input`);
}

describe('local model strings', () => {
  it('recognises local and local:… only', () => {
    expect(['local', 'local:x.gguf', 'local:hf:a/b/c.gguf'].every(isLocalModel)).toBe(true);
    expect(['locally', 'openai:local', 'mutate'].some(isLocalModel)).toBe(false);
  });

  it('maps local and local:<name> to the catalog on Hugging Face', () => {
    expect(parseLocalModel('local')).toMatchObject({
      kind: 'huggingface',
      name: 'qwen2.5-coder-1.5b',
      repo: 'Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF',
      file: 'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf',
      revision: 'main',
    });
    expect(parseLocalModel('local:qwen2.5-coder-0.5b')).toMatchObject({ name: 'qwen2.5-coder-0.5b' });
  });

  it('takes a .gguf path relative to the folder given, and ~ as home', () => {
    expect(parseLocalModel('local:models/m.gguf', '/work')).toEqual({
      kind: 'file',
      path: '/work/models/m.gguf',
    });
    expect(parseLocalModel('local:/abs/M.GGUF', '/work')).toEqual({ kind: 'file', path: '/abs/M.GGUF' });
    expect(parseLocalModel('local:~/m.gguf', '/work')).toEqual({
      kind: 'file',
      path: path.join(os.homedir(), 'm.gguf'),
    });
  });

  it('reads local:hf:<owner>/<repo>/<file>, with folders in the file', () => {
    expect(parseLocalModel('local:hf:org/repo-GGUF/q4/model.gguf')).toEqual({
      kind: 'huggingface',
      repo: 'org/repo-GGUF',
      file: 'q4/model.gguf',
      revision: 'main',
    });
  });

  it('rejects what it cannot use, saying which forms work', () => {
    expect(badInputOf('local:').message).toMatch(/names no model/);
    expect(badInputOf('local:hf:org/model.gguf').message).toMatch(/local:hf:<owner>\/<repo>\/<file.gguf>/);
    expect(badInputOf('local:hf:org/repo/readme.md').code).toBe('bad-input');
    const unknown = badInputOf('local:gpt-17');
    expect(unknown.message).toMatch(/unknown local model/);
    expect(unknown.hint).toMatch(/must end in \.gguf/);
  });
});
