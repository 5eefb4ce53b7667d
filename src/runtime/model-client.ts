import { parseWorkerEvent, RESULT_KIND } from '../../workers/protocol';
import type {
  CommandBody,
  CommandType,
  ErrorCode,
  ProgressData,
  ResultOf,
  WorkerEvent,
} from '../../workers/protocol';

/** What the client needs of a worker; `browserWorker()` adapts a real Web Worker, tests pass a fake. */
export interface WorkerLike {
  post(message: unknown): void;
  terminate(): void;
  listen(handlers: WorkerHandlers): void;
}

export interface WorkerHandlers {
  message(data: unknown): void;
  /** the worker threw (uncaught) or a message could not be decoded */
  error(message: string): void;
}

/** A request the worker answered with an error event. */
export class WorkerRequestError extends Error {
  override readonly name = 'WorkerRequestError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The request was cancelled (by the caller, or because the settings it was made for changed). */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
}

/** The worker died (or was restarted) while the request was running. */
export class WorkerCrashError extends Error {
  override readonly name = 'WorkerCrashError';
}

export type CrashReason = 'uncaught-error' | 'device-lost' | 'internal' | 'protocol';

export interface WorkerCrash {
  reason: CrashReason;
  message: string;
}

export interface PendingRequest<R> {
  readonly id: number;
  readonly result: Promise<R>;
  /** Rejects `result` with CancelledError now and asks the worker to stop the work. */
  cancel(): void;
}

export interface ModelClientOptions {
  createWorker: () => WorkerLike;
  /** The worker died; it has been terminated and every pending request rejected. */
  onCrash?: (crash: WorkerCrash) => void;
}

interface Pending {
  type: CommandType;
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress: ((p: ProgressData) => void) | undefined;
}

/**
 * The page's side of the worker protocol. Starts the worker lazily on the first request, gives every
 * command an id, routes progress/result/error events to it, cancels requests, and notices a crash
 * (uncaught error, lost device, malformed message): it then terminates the worker, rejects what was
 * pending, and reports the crash; the next request starts a fresh worker.
 */
export class ModelClient {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;

  constructor(private readonly options: ModelClientOptions) {}

  /** True while a worker is running. */
  get started(): boolean {
    return this.worker !== null;
  }

  /** Requests still waiting for their result. */
  get pendingCount(): number {
    return this.pending.size;
  }

  request<C extends CommandType>(
    body: Extract<CommandBody, { type: C }>,
    onProgress?: (p: ProgressData) => void,
  ): PendingRequest<ResultOf[C]> {
    if (this.disposed) throw new Error('the model client was disposed');
    const id = this.nextId++;
    const result = new Promise<ResultOf[C]>((resolve, reject) => {
      this.pending.set(id, {
        type: body.type,
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress,
      });
    });
    this.ensureWorker().post({ ...body, id });
    return { id, result, cancel: () => this.cancel(id) };
  }

  /** Cancels request `id` if it is still pending. */
  cancel(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.reject(new CancelledError(`${p.type} was cancelled`));
    if (this.worker) {
      this.request({ type: 'cancel', target: id }).result.catch(() => undefined);
    }
  }

  /** Cancels every pending request of the given types (default: all). */
  cancelAll(types?: readonly CommandType[]): void {
    for (const [id, p] of [...this.pending]) if (!types || types.includes(p.type)) this.cancel(id);
  }

  /**
   * Stops the worker now (e.g. to switch backend): pending requests are rejected with WorkerCrashError;
   * the next request starts a new worker. Not reported as a crash.
   */
  restart(): void {
    this.stopWorker(new WorkerCrashError('the worker was restarted'));
  }

  dispose(): void {
    this.disposed = true;
    this.stopWorker(new WorkerCrashError('the model client was disposed'));
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.options.createWorker();
    this.worker = worker;
    worker.listen({
      message: (data) => {
        if (this.worker === worker) this.receive(data);
      },
      error: (message) => {
        if (this.worker === worker) this.crash({ reason: 'uncaught-error', message });
      },
    });
    return worker;
  }

  private stopWorker(error: Error): void {
    const worker = this.worker;
    this.worker = null;
    worker?.terminate();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }

  private crash(crash: WorkerCrash): void {
    this.stopWorker(new WorkerCrashError(`the model worker stopped: ${crash.message}`));
    this.options.onCrash?.(crash);
  }

  private receive(data: unknown): void {
    const parsed = parseWorkerEvent(data);
    if (!parsed.ok) {
      this.crash({ reason: 'protocol', message: `malformed message from the worker (${parsed.message})` });
      return;
    }
    this.route(parsed.value);
  }

  private route(event: WorkerEvent): void {
    if (event.type === 'fatal') {
      this.crash({ reason: event.reason, message: event.message });
      return;
    }
    const p = this.pending.get(event.id);
    if (!p) return; // a late event for a cancelled request
    switch (event.type) {
      case 'progress':
        p.onProgress?.(event.data);
        return;
      case 'error':
        this.pending.delete(event.id);
        p.reject(
          event.code === 'cancelled'
            ? new CancelledError(event.message)
            : new WorkerRequestError(event.code, event.message),
        );
        return;
      case 'result':
        this.pending.delete(event.id);
        if (event.data.kind !== RESULT_KIND[p.type]) {
          p.reject(new Error(`${p.type} ended with a ${event.data.kind} result`));
          return;
        }
        p.resolve(event.data);
        return;
    }
  }
}

/** Adapts a real module worker to WorkerLike. */
export function adaptWorker(worker: Worker): WorkerLike {
  return {
    post: (message) => worker.postMessage(message),
    terminate: () => worker.terminate(),
    listen(handlers) {
      worker.onmessage = (e: MessageEvent<unknown>) => handlers.message(e.data);
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault(); // handled: the client restarts the worker and tells the user
        handlers.error(e.message || 'the worker script failed');
      };
      worker.onmessageerror = () => handlers.error('a message from the worker could not be decoded');
    },
  };
}
