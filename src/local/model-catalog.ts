/**
 * The models `local` and `local:<name>` stand for: small coding models, quantised to fit a laptop.
 *
 * `sha256` and `bytes` pin the exact file when they are known. When they are not, the download is
 * checked against the size and sha256 that Hugging Face publishes for the file (its LFS object id, sent
 * as `x-linked-etag` / `x-linked-size`), and the hash is recorded beside the file.
 */

export interface CatalogModel {
  /** The short name: `local:<name>`. */
  readonly name: string;
  readonly description: string;
  /** Hugging Face repository, `owner/name`. */
  readonly repo: string;
  /** File inside the repository. */
  readonly file: string;
  /** Git revision (branch, tag or commit) of the repository. */
  readonly revision: string;
  /** Approximate size, for the question before downloading. */
  readonly approximateBytes: number;
  /** Exact size when pinned. */
  readonly bytes?: number;
  /** Exact sha256 (hex) when pinned. */
  readonly sha256?: string;
}

/** What `--model local` means. */
export const defaultModelName = 'qwen2.5-coder-1.5b';

export const modelCatalog: readonly CatalogModel[] = [
  {
    name: 'qwen2.5-coder-1.5b',
    description: 'Qwen2.5-Coder 1.5B Instruct, Q4_K_M (Apache-2.0): the default; about 1.1 GB',
    repo: 'Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF',
    file: 'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf',
    revision: 'main',
    approximateBytes: 1_120_000_000,
  },
  {
    name: 'qwen2.5-coder-0.5b',
    description: 'Qwen2.5-Coder 0.5B Instruct, Q4_K_M (Apache-2.0): faster, weaker; about 0.4 GB',
    repo: 'Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF',
    file: 'qwen2.5-coder-0.5b-instruct-q4_k_m.gguf',
    revision: 'main',
    approximateBytes: 400_000_000,
  },
];

/** The catalog entry of a short name, if there is one. */
export function findCatalogModel(name: string): CatalogModel | undefined {
  return modelCatalog.find((entry) => entry.name === name);
}
