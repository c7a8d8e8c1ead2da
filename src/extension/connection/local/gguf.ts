// Reads a GGUF file's header before llama.cpp sees it: llama.cpp aborts the whole process (the
// extension host with it) on some malformed files, e.g. a llama model without
// `feed_forward_length`. Only metadata is read, in chunks, never the weights.
import { open } from 'node:fs/promises';

export interface GgufHeader {
  version: number;
  architecture: string;
  name?: string;
  /** The context the model was trained for (`<arch>.context_length`). */
  contextLength: number;
  hasChatTemplate: boolean;
}

/** Why a file is not a model llama.cpp can be given; `detail` names the version, keys or damage. */
export type GgufProblem = 'not-gguf' | 'version' | 'no-weights' | 'no-architecture' | 'missing-keys' | 'truncated' | 'damaged';

export type GgufCheck = { ok: true; header: GgufHeader } | { ok: false; problem: GgufProblem; detail: string };

/** The keys llama.cpp needs for every transformer architecture; without some of them it aborts. */
const REQUIRED_ARCH_KEYS = ['context_length', 'embedding_length', 'block_count', 'feed_forward_length', 'attention.head_count'];
const REQUIRED_KEYS = ['tokenizer.ggml.model', 'tokenizer.ggml.tokens'];
/** A key or string longer than this is a damaged file, not a model. */
const MAX_STRING = 64 * 1024 * 1024;
const MAX_ITEMS = 16 * 1024 * 1024;

class Truncated extends Error {}

/** Reads a file front to back through a small buffer, refilled as needed. */
class Reader {
  private buffer = Buffer.alloc(0);
  private start = 0;
  private position = 0;
  private ended = false;

  constructor(private readonly read: (position: number, length: number) => Promise<Buffer>) {}

  private async need(bytes: number): Promise<void> {
    while (this.buffer.length - this.start < bytes) {
      if (this.ended) throw new Truncated();
      const more = await this.read(this.position, Math.max(bytes, 1 << 20));
      if (more.length === 0) this.ended = true;
      this.position += more.length;
      this.buffer = Buffer.concat([this.buffer.subarray(this.start), more]);
      this.start = 0;
    }
  }

  async take(bytes: number): Promise<Buffer> {
    await this.need(bytes);
    const slice = this.buffer.subarray(this.start, this.start + bytes);
    this.start += bytes;
    return slice;
  }

  async skip(bytes: number): Promise<void> {
    while (bytes > 0) {
      const step = Math.min(bytes, 1 << 20);
      await this.take(step);
      bytes -= step;
    }
  }

  async u32(): Promise<number> {
    return (await this.take(4)).readUInt32LE(0);
  }

  async u64(): Promise<number> {
    const value = (await this.take(8)).readBigUInt64LE(0);
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
  }

  async string(): Promise<string> {
    const length = await this.u64();
    if (length > MAX_STRING) throw new Error(`a string of ${length} bytes`);
    return (await this.take(length)).toString('utf8');
  }
}

/** Byte sizes of GGUF's fixed-size value types, by type id. */
const FIXED_SIZES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;

type Value = number | bigint | boolean | string | { arrayOf: number; length: number };

async function readValue(reader: Reader, type: number): Promise<Value> {
  if (type === STRING) return reader.string();
  if (type === ARRAY) {
    const itemType = await reader.u32();
    const length = await reader.u64();
    if (length > MAX_ITEMS) throw new Error(`an array of ${length} items`);
    if (itemType === STRING) for (let i = 0; i < length; i++) await reader.skip(await reader.u64());
    else if (FIXED_SIZES[itemType]) await reader.skip(FIXED_SIZES[itemType] * length);
    else throw new Error(`an array of unknown type ${itemType}`);
    return { arrayOf: itemType, length };
  }
  const size = FIXED_SIZES[type];
  if (!size) throw new Error(`a value of unknown type ${type}`);
  const bytes = await reader.take(size);
  switch (type) {
    case 0:
      return bytes.readUInt8(0);
    case 1:
      return bytes.readInt8(0);
    case 2:
      return bytes.readUInt16LE(0);
    case 3:
      return bytes.readInt16LE(0);
    case 4:
      return bytes.readUInt32LE(0);
    case 5:
      return bytes.readInt32LE(0);
    case 6:
      return bytes.readFloatLE(0);
    case 7:
      return bytes.readUInt8(0) !== 0;
    case 10:
      return bytes.readBigUInt64LE(0);
    case 11:
      return bytes.readBigInt64LE(0);
    default:
      return bytes.readDoubleLE(0);
  }
}

/** What the header says, or why llama.cpp must not be given this file. */
export async function checkGguf(file: string): Promise<GgufCheck> {
  const handle = await open(file, 'r');
  try {
    const reader = new Reader(async (position, length) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    });
    if ((await reader.take(4)).toString('latin1') !== 'GGUF') return { ok: false, problem: 'not-gguf', detail: '' };
    const version = await reader.u32();
    if (version !== 2 && version !== 3) return { ok: false, problem: 'version', detail: String(version) };
    const tensors = await reader.u64();
    const count = await reader.u64();
    if (tensors === 0) return { ok: false, problem: 'no-weights', detail: '' };
    const values = new Map<string, Value>();
    for (let i = 0; i < count; i++) {
      const key = await reader.string();
      values.set(key, await readValue(reader, await reader.u32()));
    }
    const architecture = values.get('general.architecture');
    if (typeof architecture !== 'string' || !architecture) return { ok: false, problem: 'no-architecture', detail: '' };
    const missing = [...REQUIRED_ARCH_KEYS.map((key) => `${architecture}.${key}`), ...REQUIRED_KEYS].filter((key) => !values.has(key));
    if (missing.length > 0) return { ok: false, problem: 'missing-keys', detail: missing.join(', ') };
    const name = values.get('general.name');
    return {
      ok: true,
      header: {
        version,
        architecture,
        name: typeof name === 'string' ? name : undefined,
        contextLength: Number(values.get(`${architecture}.context_length`)) || 0,
        hasChatTemplate: typeof values.get('tokenizer.chat_template') === 'string',
      },
    };
  } catch (error) {
    if (error instanceof Truncated) return { ok: false, problem: 'truncated', detail: '' };
    return { ok: false, problem: 'damaged', detail: error instanceof Error ? error.message : String(error) };
  } finally {
    await handle.close();
  }
}
