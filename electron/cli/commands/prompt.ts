import readline from 'node:readline';

/** The first line of a piped stdin, trimmed (a token file or `printenv X |` ends in a newline). */
export async function readSecretFromStdin(stdin: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/, 1)[0] ?? '').trim();
}

/** Asks a y/N question on the terminal; only an explicit yes counts. */
export function confirmOnTerminal(stdin: NodeJS.ReadableStream, stderr: NodeJS.WritableStream, question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: stdin, output: stderr, terminal: false });
  return new Promise((resolve) => {
    let answered = false;
    stderr.write(question);
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(/^\s*y(es)?\s*$/i.test(line));
    });
    rl.once('close', () => {
      if (!answered) resolve(false);
    });
  });
}
