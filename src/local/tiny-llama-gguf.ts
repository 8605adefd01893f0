/**
 * A tiny llama-architecture GGUF model with random weights: a sentencepiece ("llama") vocabulary of
 * control tokens, the 256 byte tokens and printable ASCII, and a handful of small layers. It loads and
 * generates in llama.cpp like any llama model; what it writes is noise. Tests use it to exercise the real
 * loading and generation path without a download.
 */
import { createRandom } from '../core/random.ts';
import type { Random } from '../spec/random.ts';
import { encodeGguf, type GgufTensor, gguf } from './gguf-writer.ts';

export interface TinyLlamaOptions {
  /** Label of the weights' random stream (default `tiny-llama`): the same label gives the same file. */
  readonly seed?: string;
  /** Transformer blocks (default 4). */
  readonly layers?: number;
  /** Embedding width (default 32). */
  readonly embedding?: number;
  /** Attention heads (default 4); `embedding` must be a multiple. */
  readonly heads?: number;
  /** Feed-forward width (default 64). */
  readonly feedForward?: number;
  /** Trained context length written to the metadata (default 2048). */
  readonly contextLength?: number;
  /** A Jinja chat template to store as `tokenizer.chat_template` (default: none). */
  readonly chatTemplate?: string;
}

/** llama.cpp token types. */
const tokenType = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

/** Pieces beyond single characters, so that noise sometimes looks like code. */
const wordPieces = [
  '▁def',
  '▁return',
  '▁for',
  '▁in',
  '▁if',
  '▁x',
  '▁=',
  '▁+',
  '▁1',
  '▁0',
  '▁(',
  '):',
  '▁SEARCH',
];

interface Vocabulary {
  readonly tokens: string[];
  readonly scores: number[];
  readonly types: number[];
}

function buildVocabulary(): Vocabulary {
  const vocabulary: Vocabulary = { tokens: [], scores: [], types: [] };
  const add = (token: string, score: number, type: number): void => {
    vocabulary.tokens.push(token);
    vocabulary.scores.push(score);
    vocabulary.types.push(type);
  };
  add('<unk>', 0, tokenType.unknown);
  add('<s>', 0, tokenType.control);
  add('</s>', 0, tokenType.control);
  for (let byte = 0; byte < 256; byte++)
    add(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`, 0, tokenType.byte);
  const pieces = ['▁'];
  for (let code = 33; code < 127; code++) pieces.push(String.fromCharCode(code));
  pieces.push(...wordPieces);
  for (const [index, piece] of pieces.entries()) add(piece, -1 - index, tokenType.normal);
  return vocabulary;
}

function randomTensor(
  random: Random,
  name: string,
  dimensions: readonly number[],
  scale: number,
): GgufTensor {
  const data = new Float32Array(dimensions.reduce((product, dimension) => product * dimension, 1));
  for (let index = 0; index < data.length; index++) data[index] = random.normal() * scale;
  return { name, dimensions, data };
}

function onesTensor(name: string, width: number): GgufTensor {
  return { name, dimensions: [width], data: new Float32Array(width).fill(1) };
}

/** The bytes of a tiny random llama model (about 300 KB with the defaults). */
export function tinyLlamaGguf(options: TinyLlamaOptions = {}): Buffer {
  const layers = options.layers ?? 4;
  const embedding = options.embedding ?? 32;
  const heads = options.heads ?? 4;
  const feedForward = options.feedForward ?? 64;
  if (embedding % heads !== 0)
    throw new RangeError(`embedding ${embedding} is not a multiple of heads ${heads}`);
  const random = createRandom(options.seed ?? 'tiny-llama');
  const vocabulary = buildVocabulary();
  const vocabularySize = vocabulary.tokens.length;
  const weightScale = 1 / Math.sqrt(embedding);

  const tensors: GgufTensor[] = [
    randomTensor(random, 'token_embd.weight', [embedding, vocabularySize], 1),
    onesTensor('output_norm.weight', embedding),
    randomTensor(random, 'output.weight', [embedding, vocabularySize], weightScale * 2),
  ];
  for (let layer = 0; layer < layers; layer++) {
    const block = `blk.${layer}`;
    tensors.push(
      onesTensor(`${block}.attn_norm.weight`, embedding),
      randomTensor(random, `${block}.attn_q.weight`, [embedding, embedding], weightScale),
      randomTensor(random, `${block}.attn_k.weight`, [embedding, embedding], weightScale),
      randomTensor(random, `${block}.attn_v.weight`, [embedding, embedding], weightScale),
      randomTensor(random, `${block}.attn_output.weight`, [embedding, embedding], weightScale),
      onesTensor(`${block}.ffn_norm.weight`, embedding),
      randomTensor(random, `${block}.ffn_gate.weight`, [embedding, feedForward], weightScale),
      randomTensor(random, `${block}.ffn_up.weight`, [embedding, feedForward], weightScale),
      randomTensor(random, `${block}.ffn_down.weight`, [feedForward, embedding], 1 / Math.sqrt(feedForward)),
    );
  }

  return encodeGguf({
    metadata: {
      'general.architecture': gguf.string('llama'),
      'general.name': gguf.string('ratchet tiny random llama'),
      'general.file_type': gguf.uint32(0),
      'llama.context_length': gguf.uint32(options.contextLength ?? 2048),
      'llama.embedding_length': gguf.uint32(embedding),
      'llama.block_count': gguf.uint32(layers),
      'llama.feed_forward_length': gguf.uint32(feedForward),
      'llama.attention.head_count': gguf.uint32(heads),
      'llama.attention.head_count_kv': gguf.uint32(heads),
      'llama.attention.layer_norm_rms_epsilon': gguf.float32(1e-5),
      'llama.rope.dimension_count': gguf.uint32(embedding / heads),
      'llama.rope.freq_base': gguf.float32(10000),
      'llama.vocab_size': gguf.uint32(vocabularySize),
      'tokenizer.ggml.model': gguf.string('llama'),
      'tokenizer.ggml.tokens': gguf.strings(vocabulary.tokens),
      'tokenizer.ggml.scores': gguf.float32s(vocabulary.scores),
      'tokenizer.ggml.token_type': gguf.int32s(vocabulary.types),
      'tokenizer.ggml.unknown_token_id': gguf.uint32(0),
      'tokenizer.ggml.bos_token_id': gguf.uint32(1),
      'tokenizer.ggml.eos_token_id': gguf.uint32(2),
      'tokenizer.ggml.add_bos_token': gguf.bool(true),
      'tokenizer.ggml.add_eos_token': gguf.bool(false),
      ...(options.chatTemplate === undefined
        ? {}
        : { 'tokenizer.chat_template': gguf.string(options.chatTemplate) }),
    },
    tensors,
  });
}
