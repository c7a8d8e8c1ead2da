// A tiny GGUF v3 model written in plain JS, so the tests run the real llama.cpp loading, templating,
// tokenizing, streaming and cancel code with no downloaded weights: llama architecture, 2 layers,
// embedding 64, F32, a byte-level gpt2 vocabulary (256 byte tokens, a few merges, ChatML special
// tokens) and a ChatML chat template. The weights are random from a fixed seed, except the output
// layer: it can only pick printable ASCII tokens, and it favours the token that follows the last one
// in a short fixed cycle of three words, so greedy text is deterministic, valid UTF-8 and has words
// and spaces (for seams and word diffs). It never stops on its own (an answer runs to its token
// limit, or until cancelled) unless written with `stops`: then the end-of-turn token closes the
// cycle, and every answer ends within three words. It says nothing that means anything: tests assert plumbing, never prose.
import { writeFileSync } from 'node:fs';

const ALIGNMENT = 32;
const EMBEDDING = 64;
const LAYERS = 2;
const HEADS = 4;
const FEED_FORWARD = 128;
export const TINY_MODEL_CONTEXT = 4096;

const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** GPT-2's byte → printable character table, which byte-level BPE vocabularies spell their tokens in. */
function byteToUnicode() {
  const bytes = [];
  for (let b = 33; b <= 126; b++) bytes.push(b);
  for (let b = 161; b <= 172; b++) bytes.push(b);
  for (let b = 174; b <= 255; b++) bytes.push(b);
  const chars = [...bytes];
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(256 + extra++);
    }
  }
  const table = new Array(256);
  bytes.forEach((b, i) => (table[b] = String.fromCodePoint(chars[i])));
  return table;
}

const MERGES = ['Ġ t', 'Ġ a', 'h e', 'i n', 't h'];
const SPECIAL = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'];

function vocabulary() {
  const table = byteToUnicode();
  const tokens = [...table, ...MERGES.map((merge) => merge.replace(' ', '')), ...SPECIAL];
  const types = tokens.map((_, id) => (id >= 256 + MERGES.length ? 3 : 1));
  // What the model may say: printable ASCII bytes and the merges (all of them printable too).
  const printable = tokens.map((_, id) => (id < 256 ? id >= 0x20 && id <= 0x7e : id < 256 + MERGES.length));
  return { tokens, types, printable, id: (token) => tokens.indexOf(token) };
}

/** The cycle of tokens the model says, each token once: three words, each starting with a space. */
const SPOKEN = [' ', 'q', 'u', 'i', 'c', 'k', 'Ġt', 'o', 'w', 'n', 's', 'Ġa', 'l', 'p', 'h', 'a'];

/** mulberry32: the same weights on every run and machine. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Writer {
  chunks = [];
  length = 0;
  push(buffer) {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }
  u32(value) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    this.push(b);
  }
  i32(value) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(value);
    this.push(b);
  }
  u64(value) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(value));
    this.push(b);
  }
  f32(value) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(value);
    this.push(b);
  }
  string(text) {
    const bytes = Buffer.from(text, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  pad() {
    const rest = this.length % ALIGNMENT;
    if (rest) this.push(Buffer.alloc(ALIGNMENT - rest));
  }
  bytes() {
    return Buffer.concat(this.chunks);
  }
}

const TYPE = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 };

function writeValue(w, type, value) {
  if (type === 'u32') w.u32(value);
  else if (type === 'i32') w.i32(value);
  else if (type === 'f32') w.f32(value);
  else if (type === 'bool') w.push(Buffer.from([value ? 1 : 0]));
  else if (type === 'string') w.string(value);
}

/**
 * The model file's bytes. `omit` leaves metadata keys out, to make the broken files a writer may
 * meet (a missing `llama.feed_forward_length` makes llama.cpp abort the whole process).
 */
export function tinyModelBytes({ omit = [], stops = false } = {}) {
  const vocab = vocabulary();
  const headDim = EMBEDDING / HEADS;
  const metadata = [
    ['general.architecture', 'string', 'llama'],
    ['general.name', 'string', 'Inkwell tiny test model'],
    ['general.alignment', 'u32', ALIGNMENT],
    ['general.file_type', 'u32', 0],
    ['llama.context_length', 'u32', TINY_MODEL_CONTEXT],
    ['llama.embedding_length', 'u32', EMBEDDING],
    ['llama.block_count', 'u32', LAYERS],
    ['llama.feed_forward_length', 'u32', FEED_FORWARD],
    ['llama.attention.head_count', 'u32', HEADS],
    ['llama.attention.head_count_kv', 'u32', HEADS],
    ['llama.rope.dimension_count', 'u32', headDim],
    ['llama.attention.layer_norm_rms_epsilon', 'f32', 1e-5],
    ['tokenizer.ggml.model', 'string', 'gpt2'],
    ['tokenizer.ggml.pre', 'string', 'gpt-2'],
    ['tokenizer.ggml.tokens', 'array', ['string', vocab.tokens]],
    ['tokenizer.ggml.token_type', 'array', ['i32', vocab.types]],
    ['tokenizer.ggml.merges', 'array', ['string', MERGES]],
    ['tokenizer.ggml.bos_token_id', 'u32', vocab.id('<|endoftext|>')],
    ['tokenizer.ggml.eos_token_id', 'u32', vocab.id('<|im_end|>')],
    ['tokenizer.ggml.add_bos_token', 'bool', false],
    ['tokenizer.chat_template', 'string', CHATML_TEMPLATE],
  ].filter(([key]) => !omit.includes(key));

  const next = random(0x1d1e);
  const gaussianish = (scale) => (next() + next() + next() - 1.5) * scale;
  const nVocab = vocab.tokens.length;
  // Dimension 0 of the residual stream is a constant positive channel: every embedding has it, no
  // layer writes to it, so the output layer can push every token that is not printable far down.
  const matrix = (rows, cols, scale, row = () => undefined) => {
    const data = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const fixed = row(r);
      for (let c = 0; c < cols; c++) data[r * cols + c] = fixed ? fixed(c) : gaussianish(scale);
    }
    return data;
  };
  const ones = (n) => new Float32Array(n).fill(1);
  const embeddings = matrix(nVocab, EMBEDDING, 1, () => (c) => (c === 0 ? 8 : gaussianish(1)));
  // A token's output row is the sum of the embeddings of the tokens it follows, so the last token's
  // own embedding (still most of the residual stream after two small layers) points at its successor.
  const output = new Float32Array(nVocab * EMBEDDING);
  const eos = vocab.id('<|im_end|>');
  for (let r = 0; r < nVocab; r++) if (!vocab.printable[r] && !(stops && r === eos)) output[r * EMBEDDING] = -100;
  const order = [...SPOKEN, ...(stops ? ['<|im_end|>'] : [])].map((token) => vocab.id(token.length === 1 ? vocab.tokens[token.charCodeAt(0)] : token));
  order.forEach((id, i) => {
    const next = order[(i + 1) % order.length];
    for (let c = 1; c < EMBEDDING; c++) output[next * EMBEDDING + c] += embeddings[id * EMBEDDING + c];
  });
  const tensors = [
    ['token_embd.weight', [EMBEDDING, nVocab], embeddings],
    ['output_norm.weight', [EMBEDDING], ones(EMBEDDING)],
    ['output.weight', [EMBEDDING, nVocab], output],
  ];
  const noChannelZero = (r) => (r === 0 ? () => 0 : undefined);
  for (let layer = 0; layer < LAYERS; layer++) {
    const name = (part) => `blk.${layer}.${part}.weight`;
    tensors.push(
      [name('attn_norm'), [EMBEDDING], ones(EMBEDDING)],
      [name('attn_q'), [EMBEDDING, EMBEDDING], matrix(EMBEDDING, EMBEDDING, 0.05)],
      [name('attn_k'), [EMBEDDING, EMBEDDING], matrix(EMBEDDING, EMBEDDING, 0.05)],
      [name('attn_v'), [EMBEDDING, EMBEDDING], matrix(EMBEDDING, EMBEDDING, 0.05)],
      [name('attn_output'), [EMBEDDING, EMBEDDING], matrix(EMBEDDING, EMBEDDING, 0.05, noChannelZero)],
      [name('ffn_norm'), [EMBEDDING], ones(EMBEDDING)],
      [name('ffn_gate'), [EMBEDDING, FEED_FORWARD], matrix(FEED_FORWARD, EMBEDDING, 0.05)],
      [name('ffn_up'), [EMBEDDING, FEED_FORWARD], matrix(FEED_FORWARD, EMBEDDING, 0.05)],
      [name('ffn_down'), [FEED_FORWARD, EMBEDDING], matrix(EMBEDDING, FEED_FORWARD, 0.05, noChannelZero)],
    );
  }

  const w = new Writer();
  w.push(Buffer.from('GGUF', 'latin1'));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(metadata.length);
  for (const [key, type, value] of metadata) {
    w.string(key);
    w.u32(TYPE[type]);
    if (type === 'array') {
      const [itemType, items] = value;
      w.u32(TYPE[itemType]);
      w.u64(items.length);
      for (const item of items) writeValue(w, itemType, item);
    } else writeValue(w, type, value);
  }
  let offset = 0;
  for (const [name, dims, data] of tensors) {
    w.string(name);
    w.u32(dims.length);
    for (const dim of dims) w.u64(dim);
    w.u32(0); // F32
    w.u64(offset);
    offset += Math.ceil(data.byteLength / ALIGNMENT) * ALIGNMENT;
  }
  w.pad();
  for (const [, , data] of tensors) {
    w.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    w.pad();
  }
  return w.bytes();
}

/** Writes the tiny model to `file` and returns its path. */
export function writeTinyModel(file, options) {
  writeFileSync(file, tinyModelBytes(options));
  return file;
}
