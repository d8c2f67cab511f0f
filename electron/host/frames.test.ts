import { describe, expect, it } from 'vitest';
import { parseFrame } from './frames';

describe('WebSocket frames', () => {
  it('parses a well-formed call', () => {
    expect(parseFrame('{"id":1,"channel":"app.info","input":{}}')).toEqual({ ok: true, id: 1, channel: 'app.info', input: {} });
    expect(parseFrame('{"id":"a","channel":"app.info"}')).toEqual({ ok: true, id: 'a', channel: 'app.info', input: undefined });
  });

  it('explains malformed frames and keeps a readable id', () => {
    expect(parseFrame('not json')).toMatchObject({ ok: false, id: null });
    expect(parseFrame('[1,2]')).toMatchObject({ ok: false, id: null });
    expect(parseFrame('null')).toMatchObject({ ok: false, id: null });
    expect(parseFrame('{"channel":"app.info"}')).toMatchObject({ ok: false, id: null });
    expect(parseFrame('{"id":{},"channel":"app.info"}')).toMatchObject({ ok: false, id: null });
    expect(parseFrame('{"id":7}')).toMatchObject({ ok: false, id: 7 });
    expect(parseFrame('{"id":"x","channel":42}')).toMatchObject({ ok: false, id: 'x' });
  });
});
