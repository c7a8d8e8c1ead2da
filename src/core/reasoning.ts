// Reasoning models: which ones want `max_completion_tokens` and no temperature, and removing the
// `<think>…</think>` text some servers put inside the answer, so none of it reaches a manuscript.

const OPEN = '<think>';
const CLOSE = '</think>';

/** The length of the longest end of `text` that is a beginning of `tag` (a tag that may be split). */
function partialTagAtEnd(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (text.endsWith(tag.slice(0, length))) return length;
  }
  return 0;
}

/**
 * Removes `<think>…</think>` blocks from streamed content, also when a tag is split across chunks.
 * Text that might be the start of a tag is held back until the next chunk shows what it is. The
 * blank lines a model writes after its reasoning are dropped when nothing was shown before it.
 */
export class ThinkFilter {
  private held = '';
  private thinking = false;
  private shownAny = false;
  private afterThought = false;

  /** Feeds one chunk of content; returns the part that belongs to the answer. */
  push(chunk: string): string {
    let text = this.held + chunk;
    this.held = '';
    let out = '';
    while (text.length > 0) {
      if (this.thinking) {
        const end = text.indexOf(CLOSE);
        if (end < 0) {
          this.held = text.slice(text.length - partialTagAtEnd(text, CLOSE));
          return out;
        }
        text = text.slice(end + CLOSE.length);
        this.thinking = false;
        this.afterThought = true;
        continue;
      }
      const start = text.indexOf(OPEN);
      if (start >= 0) {
        out += this.visible(text.slice(0, start));
        text = text.slice(start + OPEN.length);
        this.thinking = true;
        continue;
      }
      const keep = partialTagAtEnd(text, OPEN);
      out += this.visible(text.slice(0, text.length - keep));
      this.held = text.slice(text.length - keep);
      break;
    }
    return out;
  }

  /** The stream ended: text held back as a possible tag start is answer text after all; an unclosed
   * `<think>` was reasoning to the end. */
  end(): string {
    const rest = this.thinking ? '' : this.visible(this.held);
    this.held = '';
    return rest;
  }

  private visible(text: string): string {
    if (this.afterThought && !this.shownAny) {
      text = text.replace(/^\s+/, '');
      if (text.length > 0) this.afterThought = false;
    }
    if (text.length > 0) this.shownAny = true;
    return text;
  }
}

/**
 * Models that reject `max_tokens` and any temperature but the default: OpenAI's o-series and the
 * gpt-5 family, also behind a router prefix such as `openai/`.
 */
export function isReasoningModel(model: string): boolean {
  const name = model.toLowerCase().split('/').pop() ?? '';
  return /^o\d+(?:$|[-.])/.test(name) || /^gpt-5(?:$|[-.])/.test(name);
}

/** What a 400 answer says, as far as it matters here. */
export interface BadRequest {
  message?: string;
  param?: string | null;
}

/** Whether a 400 says the model wants `max_completion_tokens` or refuses the temperature, so the
 * request is worth sending once more the way reasoning models want it. */
export function refusesSamplingParameters({ message = '', param }: BadRequest): boolean {
  return param === 'max_tokens' || param === 'temperature' || /max_(?:completion_)?tokens|temperature/i.test(message);
}
