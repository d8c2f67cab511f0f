import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract, events } from '../../../shared/contract';
import { ConnectionCreate, ConnectionUpdate } from '../../../shared/contract/connections';

const SECRET_KEY = /token|password|passwd|secret|private.?key|credential|authorization|cookie/i;

/** Every object key reachable in a zod schema, with its path (zod 4 keeps the structure in `_zod.def`). */
function keysOf(schema: z.ZodType, at: string, out: string[], seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return out;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const walk = (s: unknown, p: string) => s && keysOf(s as z.ZodType, p, out, seen);
  switch (def.type) {
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        out.push(`${at}.${k}`);
        walk(v, `${at}.${k}`);
      }
      walk(def.catchall, `${at}.*`);
      break;
    case 'array':
      walk(def.element, `${at}[]`);
      break;
    case 'union':
      (def.options as z.ZodType[]).forEach((o, i) => walk(o, `${at}|${i}`));
      break;
    case 'intersection':
      walk(def.left, at);
      walk(def.right, at);
      break;
    case 'record':
      walk(def.valueType, `${at}{}`);
      break;
    case 'tuple':
      (def.items as z.ZodType[]).forEach((o, i) => walk(o, `${at}[${i}]`));
      break;
    case 'pipe':
      walk(def.in, at);
      walk(def.out, at);
      break;
    case 'lazy':
      walk((def.getter as () => z.ZodType)(), at);
      break;
    default:
      walk(def.innerType, at);
  }
  return out;
}

describe('no secret ever leaves the engine', () => {
  it('no output schema of any channel, nor any event, has a secret-looking field', () => {
    const offenders: string[] = [];
    for (const [name, def] of Object.entries(contract)) {
      offenders.push(...keysOf(def.output as z.ZodType, name, []).filter((k) => SECRET_KEY.test(k.split('.').pop() ?? '')));
    }
    for (const [name, schema] of Object.entries(events)) {
      offenders.push(...keysOf(schema as z.ZodType, name, []).filter((k) => SECRET_KEY.test(k.split('.').pop() ?? '')));
    }
    expect(offenders).toEqual([]);
  });

  it('the walker does find secrets where they are (so the check above can fail)', () => {
    const leaky = z.object({ list: z.array(z.union([z.object({ ok: z.boolean() }), z.object({ accessToken: z.string() })])).optional() });
    expect(keysOf(leaky, 'x', []).filter((k) => SECRET_KEY.test(k.split('.').pop() ?? ''))).toEqual(['x.list[]|1.accessToken']);
  });

  it('secrets are accepted as input on create/update only', () => {
    expect(keysOf(ConnectionCreate, 'create', []).some((k) => k.endsWith('.token'))).toBe(true);
    expect(keysOf(ConnectionUpdate, 'update', []).some((k) => k.endsWith('.token'))).toBe(true);
    const inputsWithSecrets = Object.entries(contract)
      .filter(([, def]) => keysOf(def.input as z.ZodType, '', []).some((k) => SECRET_KEY.test(k.split('.').pop() ?? '')))
      .map(([name]) => name);
    expect(inputsWithSecrets.filter((n) => n.startsWith('connections.') || n.startsWith('providers.'))).toEqual(['connections.create', 'connections.update']);
  });
});
