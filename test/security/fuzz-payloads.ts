import { z } from 'zod';
import type { ChannelDef } from '../../shared/contract/types';

/** Seeded PRNG (mulberry32): the same FUZZ_SEED gives the same payloads. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzContext {
  rand: () => number;
  /** Real things to aim at, so valid-looking payloads reach past validation. */
  workspaceId: string;
  headOid: string;
  /** An existing folder inside the sandbox (clone targets, add targets). */
  sandbox: string;
}

type Json = Record<string, unknown>;
const pick = <T>(c: FuzzContext, xs: readonly T[]): T => xs[Math.floor(c.rand() * xs.length)]!;

export const TRAVERSALS = [
  '../../../../etc/passwd',
  '..',
  '../x',
  'a/../../b',
  '..\\..\\windows\\win.ini',
  '/etc/passwd',
  'C:\\Windows\\System32',
  '.git/config',
  '.GIT/hooks/pre-commit',
  'git~1/config',
  '.git ',
  'sub/.git/HEAD',
  '%2e%2e/%2e%2e/etc/passwd',
  '%252e%252e/x',
  'a\0b',
  '',
  ' ',
  '/',
  '/proc/self/environ',
];
const URLS = [
  'http://127.0.0.1:1/none.git',
  'file:///etc/passwd',
  'ext::sh -c touch% /tmp/reposync-fuzz-pwned',
  '--upload-pack=touch /tmp/reposync-fuzz-pwned',
  'ssh://-oProxyCommand=touch /tmp/reposync-fuzz-pwned/x',
  'javascript:alert(1)',
  'http://user:hunter2@127.0.0.1:1/x.git',
  'http://[::1',
  'https://',
];
const NASTY = ['\0', '\u202e', '\ud800', '💥', '<script>alert(1)</script>', '${process.exit()}', '$(touch /tmp/x)', '`id`', '\r\nX-Injected: 1'];

function randomString(c: FuzzContext): string {
  const r = c.rand();
  if (r < 0.3) return pick(c, NASTY);
  if (r < 0.5) return pick(c, TRAVERSALS);
  const len = Math.floor(c.rand() * 40);
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(32 + Math.floor(c.rand() * 0x2000));
  return s;
}

function idValue(c: FuzzContext): string {
  const r = c.rand();
  if (r < 0.4) return c.workspaceId;
  if (r < 0.7) return `unknown-${Math.floor(c.rand() * 1e9)}`;
  return pick(c, ['../x', 'a'.repeat(5000), '', '__proto__', 'constructor', 'a\0b', '00000000-0000-0000-0000-000000000000']);
}

function pathValue(c: FuzzContext): string {
  return c.rand() < 0.75 ? pick(c, TRAVERSALS) : `${c.sandbox}/target-${Math.floor(c.rand() * 1e6)}`;
}

/** A value roughly following a JSON schema node; field names steer strings toward ids, paths and URLs. */
function sample(c: FuzzContext, s: Json, key: string, depth: number): unknown {
  const variants = (s.oneOf ?? s.anyOf) as Json[] | undefined;
  if (variants?.length) return sample(c, pick(c, variants), key, depth);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return pick(c, s.enum);
  switch (s.type) {
    case 'object': {
      const out: Json = {};
      const props = (s.properties ?? {}) as Record<string, Json>;
      const required = new Set((s.required ?? []) as string[]);
      for (const [k, v] of Object.entries(props)) if (required.has(k) || c.rand() < 0.5) out[k] = sample(c, v, k, depth + 1);
      return out;
    }
    case 'array':
      return depth > 4 ? [] : Array.from({ length: Math.floor(c.rand() * 3) }, () => sample(c, (s.items ?? {}) as Json, key, depth + 1));
    case 'integer':
    case 'number':
      return pick(c, [0, 1, 2, (s.minimum as number | undefined) ?? 1, 100, -1, 1.5, Number.MAX_SAFE_INTEGER]);
    case 'boolean':
      return c.rand() < 0.5;
    case 'string': {
      if (/id$/i.test(key)) return idValue(c);
      if (/url/i.test(key)) return pick(c, URLS);
      if (/path|folder|dir|file|prefix|useTheirs|useOurs|paths/i.test(key)) return pathValue(c);
      if (/oid|ref|commit|cursor/i.test(key)) return c.rand() < 0.5 ? c.headOid : pick(c, ['HEAD', 'main', 'deadbeef', '../../HEAD', 'refs/heads/../../x', '-x', '@{-1}']);
      if (/email/i.test(key)) return 'a@b.test';
      return c.rand() < 0.5 ? 'ok' : randomString(c);
    }
    default:
      return randomString(c);
  }
}

function deep(n: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

const WRONG = () => [null, 0, -1, 1e308, true, [], {}, 'str', [[[]]], { length: 1e9 }];

/** One mutation of a (roughly valid) payload. */
function mutate(c: FuzzContext, input: unknown): unknown {
  const obj = input && typeof input === 'object' && !Array.isArray(input) ? { ...(input as Json) } : {};
  const keys = Object.keys(obj);
  const key = keys.length ? pick(c, keys) : 'x';
  switch (Math.floor(c.rand() * 10)) {
    case 0:
      return pick(c, WRONG());
    case 1:
      obj[key] = pick(c, WRONG());
      return obj;
    case 2:
      obj[key] = 'A'.repeat(c.rand() < 0.1 ? 2_000_000 : 70_000);
      return obj;
    case 3:
      obj[key] = deep(c.rand() < 0.5 ? 200 : 2000);
      return obj;
    case 4:
      // Own keys named like the prototype chain, as JSON.parse makes them.
      return JSON.parse(`{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"},${JSON.stringify(obj).slice(1)}`.replace(/,}$/, '}'));
    case 5:
      obj[key] = pick(c, TRAVERSALS);
      return obj;
    case 6:
      obj[key] = `${String(obj[key] ?? '')}\0after-nul`;
      return obj;
    case 7:
      delete obj[key];
      return obj;
    case 8:
      obj[`unknown_${Math.floor(c.rand() * 100)}`] = 1;
      return obj;
    default:
      obj[key] = idValue(c);
      return obj;
  }
}

/** One payload for `def`: a schema-guided sample, mutated most of the time. */
export function payloadFor(c: FuzzContext, def: ChannelDef): unknown {
  let schema: Json;
  try {
    schema = z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' }) as Json;
  } catch {
    schema = {};
  }
  const base = sample(c, schema, '', 0);
  return c.rand() < 0.25 ? base : mutate(c, base);
}
