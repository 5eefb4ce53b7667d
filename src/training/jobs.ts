/** Cancellation and pausing of long-running worker jobs (training, generation). */

/** Thrown inside a job when it was cancelled; the session answers with a `cancelled` error. */
export class JobCancelled extends Error {
  override readonly name = 'JobCancelled';
}

/**
 * A job checks its token between units of work (`await token.gate()`): cancelled → throws
 * JobCancelled; paused → waits until resumed or cancelled.
 */
export class JobToken {
  private cancelledFlag = false;
  private pausedFlag = false;
  private wake: (() => void)[] = [];

  get cancelled(): boolean {
    return this.cancelledFlag;
  }

  get paused(): boolean {
    return this.pausedFlag;
  }

  cancel(): void {
    this.cancelledFlag = true;
    this.release();
  }

  /** Returns false if it was already paused or is cancelled. */
  pause(): boolean {
    if (this.pausedFlag || this.cancelledFlag) return false;
    this.pausedFlag = true;
    return true;
  }

  resume(): boolean {
    if (!this.pausedFlag || this.cancelledFlag) return false;
    this.pausedFlag = false;
    this.release();
    return true;
  }

  /** `onPause` runs once when the job starts waiting (e.g. to save a checkpoint and say so). */
  async gate(onPause?: () => Promise<void> | void, onResume?: () => void): Promise<void> {
    this.throwIfCancelled();
    if (!this.pausedFlag) return;
    await onPause?.();
    while (this.pausedFlag && !this.cancelledFlag) await new Promise<void>((r) => this.wake.push(r));
    this.throwIfCancelled();
    onResume?.();
  }

  throwIfCancelled(): void {
    if (this.cancelledFlag) throw new JobCancelled('cancelled');
  }

  private release(): void {
    const wake = this.wake;
    this.wake = [];
    for (const w of wake) w();
  }
}

let channel: MessageChannel | undefined;
const queue: (() => void)[] = [];

/**
 * Lets queued messages (pause, cancel) run: resolves on a fresh macrotask. Browsers: a MessageChannel
 * message (setTimeout(0) is clamped to 4 ms once nested). Node (tests) has setImmediate, which also lets
 * timers run (a MessagePort there drains messages posted while draining, starving timers).
 */
export function yieldToEvents(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  if (immediate) return new Promise((r) => immediate(r));
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => queue.shift()?.();
  }
  const port = channel.port2;
  return new Promise((r) => {
    queue.push(r);
    port.postMessage(null);
  });
}
