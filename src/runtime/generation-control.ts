/** Text generation, seen from the page: streams tokens into the store, and stops on request. */
import { samplingPlanOf } from '../config/training-plan';
import type { ResultOf } from '../../workers/protocol';
import type { PendingRequest } from './model-client';
import { messageOf } from './runtime-core';
import type { RuntimeCore } from './runtime-core';
import { IDLE_GENERATION } from './runtime-state';

export class GenerationControl {
  private req: PendingRequest<ResultOf['generate']> | null = null;

  constructor(private readonly core: RuntimeCore) {}

  get running(): boolean {
    return this.req !== null;
  }

  /** Streams up to `maxTokens` tokens after `prompt` with the configured temperature and top-k. */
  generate(prompt: string, maxTokens: number): void {
    const s = this.core.state();
    if (!s.model || !['ready', 'training', 'paused'].includes(s.phase)) return;
    this.stop();
    this.core.set({ generation: { ...IDLE_GENERATION, status: 'running' } });
    const req = this.core.client.request(
      { type: 'generate', prompt, maxTokens, ...samplingPlanOf(this.core.config()) },
      (p) => {
        if (this.req !== req || p.kind !== 'token') return;
        const g = this.core.state().generation;
        const { index, ms, slid, cacheTokens, layerBytes } = p;
        const last = { index, ms, slid, cacheTokens, layerBytes };
        this.core.set({ generation: { ...g, text: g.text + p.text, tokens: index + 1, last } });
      },
    );
    this.req = req;
    req.result.then(
      (r) => {
        if (this.req !== req) return;
        this.req = null;
        const g = this.core.state().generation;
        this.core.set({
          generation: {
            ...g,
            status: 'done',
            text: r.text,
            tokens: r.tokens,
            firstTokenMs: r.firstTokenMs,
            meanTokenMs: r.meanTokenMs,
            unknownChars: r.unknownChars,
          },
        });
      },
      (e: unknown) => {
        if (this.req !== req) return;
        this.req = null;
        this.core.set({
          generation: { ...this.core.state().generation, status: 'error', error: messageOf(e) },
        });
      },
    );
  }

  /** Stops a running generation (the text so far stays). */
  stop(): void {
    const req = this.req;
    if (!req) return;
    this.req = null;
    req.cancel();
    this.core.set({ generation: { ...this.core.state().generation, status: 'stopped' } });
  }

  /** The worker is gone: a running generation ends with an error (when `crashed`) or quietly. */
  forget(crashed: boolean): void {
    if (!this.req) return;
    this.req = null;
    if (crashed)
      this.core.set({
        generation: { ...this.core.state().generation, status: 'error', error: 'The worker stopped.' },
      });
  }
}
