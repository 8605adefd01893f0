/**
 * A small GGUF (version 3) writer: metadata key/values and float32 tensors, laid out as llama.cpp reads
 * them. Ratchet uses it to write tiny random-weight models for tests; it is not a converter.
 *
 * Layout: magic `GGUF`, version, tensor count, metadata count, the metadata (key, type, value), the
 * tensor infos (name, dimensions innermost first, ggml type, offset into the data section), padding to
 * the alignment, then every tensor's data, each starting at a multiple of the alignment.
 */

/** A typed metadata value (GGUF has no untyped numbers). */
export type GgufValue =
  | { readonly type: 'uint32' | 'int32' | 'float32'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'string-array'; readonly value: readonly string[] }
  | { readonly type: 'float32-array' | 'int32-array'; readonly value: readonly number[] };

/** A float32 tensor; `dimensions` are ggml's `ne`, innermost (contiguous) first. */
export interface GgufTensor {
  readonly name: string;
  readonly dimensions: readonly number[];
  readonly data: Float32Array;
}

export interface GgufContent {
  /** Written in insertion order. `general.alignment` is added when `alignment` is not 32. */
  readonly metadata: Readonly<Record<string, GgufValue>>;
  readonly tensors: readonly GgufTensor[];
  /** Alignment of the data section and of each tensor (default 32, llama.cpp's default). */
  readonly alignment?: number;
}

/** Shorthands for metadata values. */
export const gguf = {
  uint32: (value: number): GgufValue => ({ type: 'uint32', value }),
  int32: (value: number): GgufValue => ({ type: 'int32', value }),
  float32: (value: number): GgufValue => ({ type: 'float32', value }),
  bool: (value: boolean): GgufValue => ({ type: 'bool', value }),
  string: (value: string): GgufValue => ({ type: 'string', value }),
  strings: (value: readonly string[]): GgufValue => ({ type: 'string-array', value }),
  float32s: (value: readonly number[]): GgufValue => ({ type: 'float32-array', value }),
  int32s: (value: readonly number[]): GgufValue => ({ type: 'int32-array', value }),
} as const;

const valueType = { uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9 } as const;
const ggmlTypeF32 = 0;

/** Collects little-endian binary chunks. */
class ByteSink {
  private readonly chunks: Buffer[] = [];
  length = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
  uint32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeUInt32LE(value);
    this.push(chunk);
  }
  int32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeInt32LE(value);
    this.push(chunk);
  }
  uint64(value: number): void {
    const chunk = Buffer.alloc(8);
    chunk.writeBigUInt64LE(BigInt(value));
    this.push(chunk);
  }
  float32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeFloatLE(value);
    this.push(chunk);
  }
  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.uint64(bytes.length);
    this.push(bytes);
  }
  padTo(alignment: number): void {
    const remainder = this.length % alignment;
    if (remainder !== 0) this.push(Buffer.alloc(alignment - remainder));
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

function writeValue(sink: ByteSink, value: GgufValue): void {
  switch (value.type) {
    case 'uint32':
    case 'int32':
    case 'float32':
      sink.uint32(valueType[value.type]);
      sink[value.type](value.value);
      return;
    case 'bool':
      sink.uint32(valueType.bool);
      sink.push(Buffer.from([value.value ? 1 : 0]));
      return;
    case 'string':
      sink.uint32(valueType.string);
      sink.string(value.value);
      return;
    case 'string-array':
      sink.uint32(valueType.array);
      sink.uint32(valueType.string);
      sink.uint64(value.value.length);
      for (const item of value.value) sink.string(item);
      return;
    case 'float32-array':
    case 'int32-array': {
      const itemType = value.type === 'float32-array' ? 'float32' : 'int32';
      sink.uint32(valueType.array);
      sink.uint32(valueType[itemType]);
      sink.uint64(value.value.length);
      for (const item of value.value) sink[itemType](item);
      return;
    }
  }
}

function elementCount(tensor: GgufTensor): number {
  return tensor.dimensions.reduce((product, dimension) => product * dimension, 1);
}

function roundUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/** The bytes of a GGUF file. Throws a RangeError when a tensor's data does not match its dimensions. */
export function encodeGguf(content: GgufContent): Buffer {
  const alignment = content.alignment ?? 32;
  const metadata: Record<string, GgufValue> = { ...content.metadata };
  if (alignment !== 32) metadata['general.alignment'] = gguf.uint32(alignment);
  for (const tensor of content.tensors) {
    if (elementCount(tensor) !== tensor.data.length)
      throw new RangeError(
        `tensor ${tensor.name}: dimensions [${tensor.dimensions.join(', ')}] need ${elementCount(tensor)} values, got ${tensor.data.length}`,
      );
  }

  const sink = new ByteSink();
  sink.push(Buffer.from('GGUF', 'ascii'));
  sink.uint32(3);
  sink.uint64(content.tensors.length);
  sink.uint64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    sink.string(key);
    writeValue(sink, value);
  }
  let offset = 0;
  for (const tensor of content.tensors) {
    sink.string(tensor.name);
    sink.uint32(tensor.dimensions.length);
    for (const dimension of tensor.dimensions) sink.uint64(dimension);
    sink.uint32(ggmlTypeF32);
    sink.uint64(offset);
    offset = roundUp(offset + tensor.data.byteLength, alignment);
  }
  sink.padTo(alignment);
  for (const tensor of content.tensors) {
    const bytes = Buffer.alloc(tensor.data.byteLength);
    for (let index = 0; index < tensor.data.length; index++)
      bytes.writeFloatLE(tensor.data[index] ?? 0, index * 4);
    sink.push(bytes);
    sink.padTo(alignment);
  }
  return sink.toBuffer();
}
