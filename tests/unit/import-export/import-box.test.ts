import { describe, expect, it } from 'vitest';
import {
  importModelConfig,
  importTooLong,
  MAX_IMPORT_CHARS,
  readModelConfig,
  stripByteOrderMark,
} from '../../../src/import-export';
import type { ReaderWorker } from '../../../src/import-export/read-off-thread';

const LLAMA = JSON.stringify({ num_attention_heads: 32, num_hidden_layers: 32, hidden_size: 4096 });

describe('what the import box does before reading', () => {
  it('refuses text over 1,000,000 characters with a sentence naming both numbers', () => {
    expect(importTooLong(MAX_IMPORT_CHARS)).toBeNull();
    expect(importTooLong(MAX_IMPORT_CHARS + 1)).toMatch(
      /1,000,001 characters long.*at most 1,000,000 \(1 MB\)/,
    );
    const r = importModelConfig(' '.repeat(MAX_IMPORT_CHARS + 1));
    expect(r).toEqual({ ok: false, error: importTooLong(MAX_IMPORT_CHARS + 1) });
  });

  it('a byte-order mark in front of JSON or a training config is dropped', () => {
    expect(stripByteOrderMark('\uFEFF{}')).toBe('{}');
    expect(stripByteOrderMark('{}\uFEFF')).toBe('{}\uFEFF');
    const plain = importModelConfig(LLAMA);
    expect(importModelConfig(`\uFEFF${LLAMA}`)).toEqual(plain);
    expect(plain.ok).toBe(true);
    const py = "model_type = 'T6'\nn_head = 8\nn_layer = 4\nn_embd = 512\nrank = 2\n";
    expect(importModelConfig(`\uFEFF${py}`)).toEqual(importModelConfig(py));
  });

  it.each([
    [
      '{"num_attention_heads": 1e308, "num_hidden_layers": 2, "hidden_size": 4096}',
      'num_attention_heads = 1e+308',
    ],
    [
      '{"num_attention_heads": 8, "num_hidden_layers": 4294967296, "hidden_size": 4096}',
      'num_hidden_layers = 4294967296',
    ],
    ["model_type = 'T6'\nn_head = 8\nn_layer = 4\nn_embd = 512\nrank = 1e300\n", 'rank = 1e+300'],
  ])('an absurd count gets a range message: %s', (text, what) => {
    const r = importModelConfig(text);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toBe(`${what} is out of range: expected a whole number from 1 to 2,147,483,647.`);
  });

  it('a nanoGPT config is named as what it is not, with what is read instead', () => {
    const r = importModelConfig('n_layer = 6\nn_head = 6\nn_embd = 384\nblock_size = 256\ndropout = 0.2\n');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/no model_type and no rank, so it is not a T6 training config/);
      expect(r.error).toMatch(/config\.json/);
    }
  });
});

/** A worker that answers with `answer(text)` on a later task, or errors. */
function fakeWorker(answer: (text: string) => unknown, fail = false) {
  const w = {
    terminated: false,
    onmessage: null as ReaderWorker['onmessage'],
    onerror: null as ReaderWorker['onerror'],
    postMessage(text: string) {
      setTimeout(() => {
        if (fail) w.onerror?.({ message: 'boom', preventDefault: () => undefined } as ErrorEvent);
        else w.onmessage?.({ data: answer(text) } as MessageEvent<unknown>);
      }, 0);
    },
    terminate() {
      w.terminated = true;
    },
  };
  return w;
}

describe('readModelConfig (off the page thread)', () => {
  it('gives the worker’s reading, and ends the worker', async () => {
    const w = fakeWorker((t) => importModelConfig(t));
    expect(await readModelConfig(LLAMA, () => w)).toEqual(importModelConfig(LLAMA));
    expect(w.terminated).toBe(true);
  });

  it('refuses an over-long text without starting a worker', async () => {
    let started = 0;
    const r = await readModelConfig('x'.repeat(MAX_IMPORT_CHARS + 5), () => {
      started++;
      return fakeWorker(() => null);
    });
    expect(started).toBe(0);
    expect(r).toEqual({ ok: false, error: importTooLong(MAX_IMPORT_CHARS + 5) });
  });

  it('a malformed answer or a failing worker becomes an error result, never a rejection', async () => {
    expect(await readModelConfig(LLAMA, () => fakeWorker(() => ({ ok: true })))).toMatchObject({ ok: false });
    const failed = fakeWorker(() => null, true);
    expect(await readModelConfig(LLAMA, () => failed)).toEqual({
      ok: false,
      error: 'The reader stopped: boom.',
    });
    expect(failed.terminated).toBe(true);
  });

  it('without workers (jsdom, Node) it reads on this thread', async () => {
    expect(await readModelConfig(LLAMA, () => null)).toEqual(importModelConfig(LLAMA));
  });
});
