// The optional countdown of a phase, shared by the facilitation screen and
// the presenter view. Counts wall-clock time, so a busy tab does not drift.

export class Countdown {
  total = $state(0);
  remaining = $state(0);
  running = $state(false);
  #handle: ReturnType<typeof setInterval> | undefined;
  #last = 0;

  /** Sets the length (and stops). */
  set(minutes: number): void {
    this.pause();
    this.total = Math.max(0, Math.round(minutes * 60));
    this.remaining = this.total;
  }

  start(): void {
    if (this.running) return;
    if (this.remaining <= 0) this.remaining = this.total;
    this.running = true;
    this.#last = Date.now();
    this.#handle = setInterval(() => this.#tick(), 250);
  }

  pause(): void {
    clearInterval(this.#handle);
    this.#handle = undefined;
    this.running = false;
  }

  toggle(): void {
    if (this.running) this.pause();
    else this.start();
  }

  reset(): void {
    this.pause();
    this.remaining = this.total;
  }

  /** "mm:ss". */
  get label(): string {
    const s = Math.ceil(this.remaining);
    return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
  }

  get finished(): boolean {
    return this.total > 0 && this.remaining <= 0;
  }

  #tick(): void {
    const now = Date.now();
    this.remaining = Math.max(0, this.remaining - (now - this.#last) / 1000);
    this.#last = now;
    if (this.remaining <= 0) this.pause();
  }
}
