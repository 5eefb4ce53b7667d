import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_KEYS,
  DEFAULT_CONFIG,
  FIELDS,
  decodeConfig,
  encodeConfig,
  isValidConfig,
} from '../../../src/config';
import { validConfig } from './arbitraries';

// The fuzz below runs 11,000 cases in all (2,000 + 3,000 + 3,000 + 2,000 + 1,000).
describe('link codec properties', () => {
  it('decode(encode(c)) equals c, with no notices, for every valid config', () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        const { config: back, notices } = decodeConfig(encodeConfig(config));
        expect(notices).toEqual([]);
        expect(back).toEqual(config);
      }),
      { numRuns: 2000 },
    );
  });

  it('decode of any string (any code unit, lone surrogates, % escapes) returns a valid config and short notices', () => {
    const anyText = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.string({ unit: fc.constantFrom('%', '&', '=', '+', '?', '#', 'e', '9', '.', '-', ','), maxLength: 200 }),
    );
    fc.assert(
      fc.property(anyText, (text) => {
        const { config, notices } = decodeConfig(text);
        expect(isValidConfig(config)).toBe(true);
        for (const n of notices) expect(n.message.length).toBeLessThan(400);
      }),
      { numRuns: 3000 },
    );
  });

  it('decode of query strings made of real keys with arbitrary values returns a valid config', () => {
    const shortKeys = CONFIG_KEYS.map((k) => FIELDS[k].short);
    const pair = fc.tuple(fc.constantFrom(...shortKeys, 'v', 'x'), fc.string({ maxLength: 30 }));
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 25 }), (pairs) => {
        const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
        const { config } = decodeConfig(query);
        expect(isValidConfig(config)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('what decode gives is a fixed point: its link decodes to it again with no notice', () => {
    const shortKeys = CONFIG_KEYS.map((k) => FIELDS[k].short);
    const value = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.double().map(String),
      fc.integer({ min: -1e6, max: 1e6 }).map(String),
    );
    const pair = fc.tuple(fc.constantFrom(...shortKeys), value);
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 40 }), (pairs) => {
        const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
        const first = decodeConfig(query).config;
        const again = decodeConfig(encodeConfig(first));
        expect(again.notices).toEqual([]);
        expect(again.config).toEqual(first);
      }),
      { numRuns: 2000 },
    );
  });

  it('a link up to the 8,192-character limit is read whole, however it is padded', () => {
    fc.assert(
      fc.property(validConfig, fc.integer({ min: 0, max: 8192 }), (config, length) => {
        const link = encodeConfig(config);
        fc.pre(link.length + 3 <= length);
        const padded = `${link}&x=${'a'.repeat(length - link.length - 3)}`;
        expect(padded).toHaveLength(length);
        const { config: back, notices } = decodeConfig(`?${padded}`);
        expect(back).toEqual(config);
        // only the unknown key is mentioned, never a cut link
        expect(notices.map((n) => n.message)).toEqual(['ignored unknown link keys "x"']);
      }),
      { numRuns: 1000 },
    );
  });

  it('the link carries every knob under its short key and v=1', () => {
    const params = new URLSearchParams(encodeConfig(DEFAULT_CONFIG));
    expect(params.get('v')).toBe('1');
    for (const key of CONFIG_KEYS) expect(params.get(FIELDS[key].short)).toBe(String(DEFAULT_CONFIG[key]));
    expect([...params.keys()]).toHaveLength(CONFIG_KEYS.length + 1);
  });

  it('short keys are unique', () => {
    const shorts = CONFIG_KEYS.map((k) => FIELDS[k].short);
    expect(new Set(shorts).size).toBe(shorts.length);
  });
});

describe('hostile links', () => {
  const decode = (q: string) => decodeConfig(q);

  it('an empty link gives the defaults with no notice', () => {
    expect(decode('')).toEqual({ config: DEFAULT_CONFIG, notices: [] });
  });

  it('unknown keys are ignored, and listed once', () => {
    const { config, notices } = decode('v=1&rq=3&evil=1&__proto__=x');
    expect(config.rankQ).toBe(3);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toContain('evil');
    expect(Object.prototype.hasOwnProperty.call(config, 'evil')).toBe(false);
  });

  it.each([
    ['rq=abc', 'rankQ', 6],
    ['rq=NaN', 'rankQ', 6],
    ['rq=', 'rankQ', 6],
    ['h=-5', 'heads', 1],
    ['h=0', 'heads', 1],
    ['rq=1000', 'rankQ', 64],
    ['rk=65', 'rankK', 64],
    ['rv=2.6', 'rankV', 3],
    ['T=99999999999', 'contextLength', 1 << 20],
    ['dh=63', 'headDim', 64],
    ['L=Infinity', 'layers', 12],
    ['d=1e3', 'dModel', 1000],
  ] as const)('%s → %s = %s with a notice', (query, key, expected) => {
    const { config, notices } = decode(query);
    expect(config[key]).toBe(expected);
    // '1e3' is a valid number in range: no notice needed
    if (query !== 'd=1e3') expect(notices.length).toBeGreaterThan(0);
  });

  it('an unknown attention kind falls back to the default kind', () => {
    const { config, notices } = decode('k=softmax-free');
    expect(config.kind).toBe(DEFAULT_CONFIG.kind);
    expect(notices[0]!.message).toMatch(/attention kind/);
  });

  it('a 10 kB value is replaced and only a short excerpt is quoted', () => {
    const { config, notices } = decode(`h=${'9'.repeat(10_000)}`);
    expect(config.heads).toBe(DEFAULT_CONFIG.heads);
    const text = notices.map((n) => n.message).join(' ');
    expect(text.length).toBeLessThan(300);
  });

  it('<script> in a value is data: replaced, quoted as text', () => {
    const { config, notices } = decode(`k=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(config.kind).toBe(DEFAULT_CONFIG.kind);
    expect(notices[0]!.message).toContain('<script>');
  });

  it('G that does not divide h moves to the nearest divisor, with a notice', () => {
    const { config, notices } = decode('h=12&g=5');
    expect(config.kvHeads).toBe(4);
    expect(notices.some((n) => n.key === 'kvHeads')).toBe(true);
  });

  it('an unknown link version is read as v1 with a notice', () => {
    const { config, notices } = decode('v=7&rq=5');
    expect(config.rankQ).toBe(5);
    expect(notices[0]!.message).toMatch(/version/);
  });

  it('a learning rate keeps its decimals and is clamped to its range', () => {
    expect(decode('lr=0.0007').config.learningRate).toBe(0.0007);
    const { config, notices } = decode('lr=5');
    expect(config.learningRate).toBe(0.1);
    expect(notices[0]!.message).toMatch(/learning rate/);
  });

  it('hidden controls: known groups kept in table order, unknown ones reported', () => {
    const { config, notices } = decode(`hide=training,ranks,ranks,${encodeURIComponent('<b>x</b>')}`);
    expect(config.hidden).toEqual(['ranks', 'training']);
    expect(notices).toHaveLength(1);
    expect(decode('hide=').config.hidden).toEqual([]);
  });

  it('-0 is read as 0, the value its link writes back (found by the fixed-point fuzz)', () => {
    expect(Object.is(decode('s=-0').config.seed, 0)).toBe(true);
    expect(Object.is(decode('tp=-0.0000001').config.temperature, 0)).toBe(true);
  });

  it('a duplicated key takes the first value', () => {
    expect(decode('rq=3&rq=9').config.rankQ).toBe(3);
  });
});
