/** Fires once when nothing happened for `ms`: a stream that goes silent mid-answer would otherwise
 * hang until the server closes it (the `openai` package's own timeout ends with the headers). */
export class IdleWatchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private fired = false;

  constructor(private readonly ms: number, private readonly onIdle: () => void) {
    this.touch();
  }

  get expired(): boolean {
    return this.fired;
  }

  touch(): void {
    if (this.fired) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.fired = true;
      this.onIdle();
    }, this.ms);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
