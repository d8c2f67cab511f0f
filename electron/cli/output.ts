import type { CliError } from './errors';

/** Where the CLI writes; a seam so the formatting is testable without a process. */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

/** JSON as printed by `--json`: two-space indented, one document, newline-terminated. */
export function jsonDocument(value: unknown): string {
  return `${JSON.stringify(value ?? null, null, 2)}\n`;
}

export function errorDocument(err: CliError): unknown {
  const error: Record<string, unknown> = { code: err.code, message: err.message, requestId: err.requestId };
  if (Object.keys(err.details).length > 0) error.details = err.details;
  return { error };
}

/** The one readable line on stderr without `--json`. */
export function errorLine(err: CliError): string {
  return `reposync: ${err.message.replace(/\s*\n\s*/g, ' ')} [${err.code}]\n`;
}

export function writeError(io: Io, err: CliError, json: boolean): void {
  if (json) io.stdout.write(jsonDocument(errorDocument(err)));
  else io.stderr.write(errorLine(err));
  if (err.usage) io.stderr.write(`${json ? '' : '\n'}${err.usage}`);
}

export function writeText(stream: NodeJS.WritableStream, text: string): void {
  if (text === '') return;
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}
