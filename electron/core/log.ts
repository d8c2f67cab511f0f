import { redact, redactText } from './redact';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function serialise(fields: Record<string, unknown> | undefined): string {
  if (!fields) return '';
  const plain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    plain[k] = v instanceof Error ? { message: v.message, code: (v as { code?: unknown }).code, stack: v.stack } : v;
  }
  return ' ' + JSON.stringify(redact(plain));
}

/** Line-per-event logger to stderr; every line passes through the redactor. */
export function createLogger(write: (line: string) => void = (l) => process.stderr.write(l + '\n'), quiet = false): Logger {
  const emit = (level: string, message: string, fields?: Record<string, unknown>) => {
    if (quiet && level === 'info') return;
    write(`${new Date().toISOString()} ${level} ${redactText(message)}${serialise(fields)}`);
  };
  return {
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
