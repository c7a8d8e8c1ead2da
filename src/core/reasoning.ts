// Reasoning models: which ones want `max_completion_tokens` and no temperature, and removing the
// reasoning some servers put inside the answer (`<think>…</think>` and its kin), so none of it
// reaches a manuscript.

import { reasoningClosing, reasoningOpening } from './modelText';

/**
 * Removes the reasoning blocks an answer opens with (`<think>`, `<thinking>`, `<reasoning>`,
 * `<reflection>`), also when a tag is split across chunks. Only the start of an answer is
 * reasoning: once answer text has been shown, a tag is the text's own (a story may mention
 * `<think>`), and the rest passes through untouched. Text that might still open a tag is held back
 * until the next chunk shows what it is; inside a block only the new text is searched for its
 * closing tag, so a long block costs what it weighs. Whitespace around the reasoning is dropped.
 */
export class ThinkFilter {
  private held = '';
  /** The closing tag while inside a block. */
  private closing: string | undefined;
  private answering = false;
  private afterThought = false;

  /** Feeds one chunk of content; returns the part that belongs to the answer. */
  push(chunk: string): string {
    if (this.answering) return chunk;
    if (this.closing === undefined && /^\s*$/.test(chunk)) {
      if (!this.afterThought) this.held += chunk;
      return '';
    }
    let text = this.held + chunk;
    this.held = '';
    for (;;) {
      if (this.closing !== undefined) {
        const end = text.toLowerCase().indexOf(this.closing);
        if (end < 0) {
          // Only the end that could be the start of a split closing tag is kept.
          this.held = text.slice(-(this.closing.length - 1));
          return '';
        }
        text = text.slice(end + this.closing.length);
        this.closing = undefined;
        this.afterThought = true;
        continue;
      }
      const rest = text.trimStart();
      if (rest === '') {
        if (!this.afterThought) this.held = text;
        return '';
      }
      const opening = reasoningOpening(rest);
      if (opening === 'maybe') {
        this.held = text;
        return '';
      }
      if (opening) {
        this.closing = reasoningClosing(opening.name);
        text = rest.slice(opening.contentStart);
        continue;
      }
      this.answering = true;
      return this.afterThought ? rest : text;
    }
  }

  /** The stream ended: text held back as a possible tag start is answer text after all; an unclosed
   * block was reasoning to the end. */
  end(): string {
    const rest = this.closing === undefined && !this.answering ? this.held : '';
    this.held = '';
    return this.afterThought ? rest.trimStart() : rest;
  }
}

/** `text` without the reasoning it opens with: what ThinkFilter lets through of it as one chunk. */
export function withoutLeadingReasoning(text: string): string {
  const filter = new ThinkFilter();
  return filter.push(text) + filter.end();
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
