import { describe, expect, it } from 'vitest';
import { encodeGguf, gguf } from './gguf-writer.ts';
import { tinyLlamaGguf } from './tiny-llama-gguf.ts';

/** A forward-only reader of little-endian values. */
class Cursor {
  at = 0;
  constructor(private readonly bytes: Buffer) {}
  take(size: number): number {
    this.at += size;
    return this.at - size;
  }
  u8 = (): number => this.bytes.readUInt8(this.take(1));
  u32 = (): number => this.bytes.readUInt32LE(this.take(4));
  f32 = (): number => this.bytes.readFloatLE(this.take(4));
  u64 = (): number => Number(this.bytes.readBigUInt64LE(this.take(8)));
  str = (): string => {
    const length = this.u64();
    const start = this.take(length);
    return this.bytes.toString('utf8', start, start + length);
  };
}

/** Reads back what the writer wrote: enough of GGUF to check the layout. */
function readBack(bytes: Buffer) {
  const cursor = new Cursor(bytes);
  const magic = bytes.toString('ascii', cursor.take(4), 4);
  const version = cursor.u32();
  const tensorCount = cursor.u64();
  const metadataCount = cursor.u64();
  const scalar = (type: number): unknown => {
    if (type === 4 || type === 5) return cursor.u32();
    if (type === 6) return cursor.f32();
    if (type === 7) return cursor.u8() === 1;
    if (type === 8) return cursor.str();
    throw new Error(`unexpected type ${type}`);
  };
  const metadata: Record<string, unknown> = {};
  for (let index = 0; index < metadataCount; index++) {
    const key = cursor.str();
    const type = cursor.u32();
    if (type === 9) {
      const itemType = cursor.u32();
      metadata[key] = Array.from({ length: cursor.u64() }, () => scalar(itemType));
    } else metadata[key] = scalar(type);
  }
  const tensors = [];
  for (let index = 0; index < tensorCount; index++) {
    const name = cursor.str();
    const dimensions = Array.from({ length: cursor.u32() }, cursor.u64);
    tensors.push({ name, dimensions, type: cursor.u32(), offset: cursor.u64() });
  }
  const dataStart = Math.ceil(cursor.at / 32) * 32;
  return { magic, version, metadata, tensors, dataStart };
}

describe('encodeGguf', () => {
  it('writes the header, typed metadata and aligned float32 tensors', () => {
    const bytes = encodeGguf({
      metadata: {
        'general.architecture': gguf.string('llama'),
        answer: gguf.uint32(42),
        names: gguf.strings(['a', 'bé']),
      },
      tensors: [
        { name: 'first', dimensions: [3], data: Float32Array.from([1, 2, 3]) },
        { name: 'second', dimensions: [2, 2], data: Float32Array.from([0.5, -1, 4, 8]) },
      ],
    });
    const file = readBack(bytes);
    expect(file).toMatchObject({ magic: 'GGUF', version: 3 });
    expect(file.metadata).toEqual({ 'general.architecture': 'llama', answer: 42, names: ['a', 'bé'] });
    expect(file.tensors).toEqual([
      { name: 'first', dimensions: [3], type: 0, offset: 0 },
      { name: 'second', dimensions: [2, 2], type: 0, offset: 32 },
    ]);
    expect(bytes.readFloatLE(file.dataStart + 32 + 4)).toBe(-1);
    expect(bytes.length % 32).toBe(0);
  });

  it('refuses a tensor whose data does not match its dimensions', () => {
    expect(() =>
      encodeGguf({ metadata: {}, tensors: [{ name: 't', dimensions: [2, 3], data: new Float32Array(5) }] }),
    ).toThrow(/need 6 values, got 5/);
  });
});

describe('tinyLlamaGguf', () => {
  it('holds a llama vocabulary with byte tokens and the standard tensor names, the same for the same seed', () => {
    const bytes = tinyLlamaGguf({ layers: 2 });
    const file = readBack(bytes);
    const tokens = file.metadata['tokenizer.ggml.tokens'] as string[];
    expect(file.metadata['tokenizer.ggml.model']).toBe('llama');
    expect(tokens.slice(0, 3)).toEqual(['<unk>', '<s>', '</s>']);
    expect(tokens).toContain('<0x0A>');
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(file.metadata['llama.vocab_size']).toBe(tokens.length);
    expect(file.tensors.map((tensor) => tensor.name)).toContain('blk.1.ffn_down.weight');
    expect(file.tensors.find((tensor) => tensor.name === 'token_embd.weight')?.dimensions).toEqual([
      32,
      tokens.length,
    ]);
    expect(tinyLlamaGguf({ layers: 2 }).equals(bytes)).toBe(true);
    expect(tinyLlamaGguf({ layers: 2, seed: 'other' }).equals(bytes)).toBe(false);
  });
});
