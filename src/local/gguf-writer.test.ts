import { describe, expect, it } from 'vitest';
import { encodeGguf, gguf } from './gguf-writer.ts';
import { tinyLlamaGguf } from './tiny-llama-gguf.ts';

/** Reads back what the writer wrote: enough of GGUF to check the layout. */
function readBack(bytes: Buffer) {
  let at = 0;
  const u32 = () => ((at += 4), bytes.readUInt32LE(at - 4));
  const u64 = () => ((at += 8), Number(bytes.readBigUInt64LE(at - 8)));
  const str = () => {
    const length = u64();
    at += length;
    return bytes.toString('utf8', at - length, at);
  };
  const magic = bytes.toString('ascii', 0, 4);
  at = 4;
  const version = u32();
  const tensorCount = u64();
  const metadataCount = u64();
  const metadata: Record<string, unknown> = {};
  for (let index = 0; index < metadataCount; index++) {
    const key = str();
    const type = u32();
    if (type === 4 || type === 5) metadata[key] = u32();
    else if (type === 7) metadata[key] = ((at += 1), bytes[at - 1] === 1);
    else if (type === 6) metadata[key] = ((at += 4), bytes.readFloatLE(at - 4));
    else if (type === 8) metadata[key] = str();
    else if (type === 9) {
      const itemType = u32();
      const count = u64();
      const items: unknown[] = [];
      for (let item = 0; item < count; item++)
        items.push(itemType === 8 ? str() : itemType === 5 ? u32() : ((at += 4), bytes.readFloatLE(at - 4)));
      metadata[key] = items;
    } else throw new Error(`unexpected type ${type}`);
  }
  const tensors = [];
  for (let index = 0; index < tensorCount; index++) {
    const name = str();
    const dimensions = Array.from({ length: u32() }, u64);
    tensors.push({ name, dimensions, type: u32(), offset: u64() });
  }
  const dataStart = Math.ceil(at / 32) * 32;
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
