/**
 * The WebSocket wire format. Client → host: `{id, channel, input}`. Host → client: the call's
 * envelope with the same id (`{id, ok, value}` / `{id, ok:false, error}`) or an engine event
 * (`{event, payload}`). Parsing is total: any text yields a frame or a reason, never a throw.
 */

export type FrameId = string | number;

export type ParsedFrame =
  | { ok: true; id: FrameId; channel: string; input: unknown }
  | { ok: false; id: FrameId | null; message: string };

const MAX_ID_LENGTH = 200;

function readId(value: unknown): FrameId | null {
  if (typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return null;
}

export function parseFrame(text: string): ParsedFrame {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, id: null, message: 'The frame is not valid JSON.' };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, id: null, message: 'A frame must be a JSON object {id, channel, input}.' };
  }
  const frame = data as Record<string, unknown>;
  const id = readId(frame.id);
  if (id === null) return { ok: false, id: null, message: 'The frame needs an id (a non-empty string or a number).' };
  if (typeof frame.channel !== 'string' || frame.channel.length === 0) {
    return { ok: false, id, message: 'The frame needs a channel name.' };
  }
  return { ok: true, id, channel: frame.channel, input: frame.input };
}
