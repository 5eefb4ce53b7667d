import type { WorkerHandlers, WorkerLike } from '../../../../src/runtime/model-client';

/** A stand-in worker: records what the client posts, and lets the test answer or crash it. */
export class FakeWorker implements WorkerLike {
  readonly sent: Record<string, unknown>[] = [];
  terminated = false;
  private handlers: WorkerHandlers | undefined;

  constructor(private readonly onPost?: (message: Record<string, unknown>, worker: FakeWorker) => void) {}

  post(message: unknown): void {
    const m = message as Record<string, unknown>;
    this.sent.push(m);
    this.onPost?.(m, this);
  }

  terminate(): void {
    this.terminated = true;
  }

  listen(handlers: WorkerHandlers): void {
    this.handlers = handlers;
  }

  /** Delivers a message from the "worker" to the client. */
  emit(event: unknown): void {
    this.handlers?.message(event);
  }

  crash(message = 'boom'): void {
    this.handlers?.error(message);
  }

  lastOf(type: string): Record<string, unknown> | undefined {
    return [...this.sent].reverse().find((m) => m['type'] === type);
  }
}
