import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirmOnTerminal, readSecretFromStdin } from './prompt';

async function ask(answer: string | null): Promise<{ yes: boolean; shown: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (c: Buffer) => (shown += c.toString()));
  const pending = confirmOnTerminal(input, output, 'Remove? [y/N] ');
  if (answer === null) input.end();
  else input.write(answer);
  return { yes: await pending, shown };
}

describe('confirmOnTerminal', () => {
  it('counts only an explicit yes', async () => {
    expect(await ask('y\n')).toEqual({ yes: true, shown: 'Remove? [y/N] ' });
    expect((await ask('YES\n')).yes).toBe(true);
    expect((await ask('\n')).yes).toBe(false);
    expect((await ask('no\n')).yes).toBe(false);
    expect((await ask('yep\n')).yes).toBe(false);
    expect((await ask(null)).yes).toBe(false);
  });
});

describe('readSecretFromStdin', () => {
  it('takes the first line, trimmed', async () => {
    const input = new PassThrough();
    input.end('  tok_123 \r\nsecond line\n');
    expect(await readSecretFromStdin(input)).toBe('tok_123');
    const empty = new PassThrough();
    empty.end('');
    expect(await readSecretFromStdin(empty)).toBe('');
  });
});
