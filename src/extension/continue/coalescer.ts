// Streamed text reaches the document in a few merged edits rather than one per token: a fast server
// sends thousands of deltas a second, and each document edit costs a round trip to the editor,
// re-tokenising, decorations and CodeLens. Pure (timers injectable) so it is tested in plain Node.

/** What a write reports: applied; not applied this time (the document moved under it), try again; or stop writing. */
export type WriteOutcome = 'applied' | 'retry' | 'stop';

export interface CoalescerOptions {
  /** The document's line ending: every line break in the stream is written with it. */
  eol: '\n' | '\r\n';
  /** Shortest time between two writes. The first text is written at once. */
  intervalMs?: number;
  /** Wait before writing again text whose write was refused. */
  retryMs?: number;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * Splits text that is safe to write now from a tail that must wait for the next delta: a `\r` that may
 * be the first half of `\r\n`, a high surrogate whose low half has not arrived.
 */
export function splitWritable(text: string, final: boolean): { ready: string; held: string } {
  if (final || text.length === 0) return { ready: text, held: '' };
  const last = text.charCodeAt(text.length - 1);
  const holdLast = last === 0x0d || (last >= 0xd800 && last <= 0xdbff);
  return holdLast ? { ready: text.slice(0, -1), held: text.slice(-1) } : { ready: text, held: '' };
}

export function withLineEnding(text: string, eol: '\n' | '\r\n'): string {
  return text.replace(/\r\n|\r|\n/g, eol);
}

/**
 * Buffers pushed text and hands it to `write` so that at most one write is in flight and writes are at
 * least `intervalMs` apart. The text written, concatenated, is exactly the text pushed (line endings
 * made the document's own), unless a write says stop.
 */
export class Coalescer {
  private buffer = '';
  private writing = false;
  private stopped = false;
  private finishing = false;
  private timer: unknown;
  private lastWriteAt = -Infinity;
  private readonly idleWaiters: Array<() => void> = [];
  private readonly intervalMs: number;
  private readonly retryMs: number;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;
  /** How many writes were applied. */
  writes = 0;

  constructor(private readonly write: (text: string) => Promise<WriteOutcome>, private readonly options: CoalescerOptions) {
    this.intervalMs = options.intervalMs ?? 20;
    this.retryMs = options.retryMs ?? 10;
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  push(text: string): void {
    if (this.stopped || text.length === 0) return;
    this.buffer += text;
    this.schedule(this.lastWriteAt + this.intervalMs - this.now());
  }

  /** Writes everything left, without waiting for the interval; resolves when nothing is buffered or in flight. */
  finish(): Promise<void> {
    this.finishing = true;
    this.schedule(0);
    return this.idle();
  }

  /** Drops what is buffered and writes nothing more; resolves once a write in flight has settled. */
  stop(): Promise<void> {
    this.stopped = true;
    this.buffer = '';
    this.cancelTimer();
    return this.idle();
  }

  private idle(): Promise<void> {
    if (!this.writing && (this.stopped || this.buffer.length === 0) && this.timer === undefined) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(waitMs: number): void {
    if (this.writing || this.stopped) return;
    if (waitMs <= 0) {
      this.cancelTimer();
      void this.run();
    } else if (this.timer === undefined) {
      this.timer = this.setTimer(() => {
        this.timer = undefined;
        void this.run();
      }, waitMs);
    }
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.clearTimer(this.timer);
    this.timer = undefined;
  }

  private async run(): Promise<void> {
    if (this.writing || this.stopped) return this.settle();
    const { ready, held } = splitWritable(this.buffer, this.finishing);
    if (ready.length === 0) return this.settle();
    this.buffer = held;
    this.writing = true;
    // Spacing is counted from the start of a write, so a slow editor round trip is not added to it.
    const startedAt = this.now();
    const text = withLineEnding(ready, this.options.eol);
    let outcome: WriteOutcome;
    try {
      outcome = await this.write(text);
    } catch {
      outcome = 'stop';
    }
    this.writing = false;
    if (outcome === 'applied') {
      this.writes += 1;
      this.lastWriteAt = startedAt;
    } else if (outcome === 'retry' && !this.stopped) {
      this.buffer = ready + this.buffer;
    } else {
      this.stopped = true;
      this.buffer = '';
    }
    if (!this.stopped && this.buffer.length > 0) {
      const wait = outcome === 'retry' ? this.retryMs : this.finishing ? 0 : this.lastWriteAt + this.intervalMs - this.now();
      if (wait <= 0) return this.run();
      this.schedule(wait);
    }
    this.settle();
  }

  private settle(): void {
    if (this.writing || this.timer !== undefined) return;
    if (!this.stopped && splitWritable(this.buffer, this.finishing).ready.length > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
