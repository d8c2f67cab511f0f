import { describe, expect, it } from 'vitest';
import { useGitServer } from '../../../test/support/use-git-server';
import { Transport } from './http-client';

const server = useGitServer();

async function text(body: AsyncIterableIterator<Uint8Array> | undefined): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of body ?? []) parts.push(Buffer.from(part));
  return Buffer.concat(parts).toString('latin1');
}

/** A new repository's ref advertisement URL, and a transport to ask it with. */
function advertisement(name: string): { url: string; t: Transport } {
  server.createBareRepo(name);
  return { url: `${server.repoUrl(name)}/info/refs?service=git-upload-pack`, t: new Transport({ idleTimeoutMs: 10_000 }) };
}

describe('Transport.prefetch', () => {
  it('sends the ref advertisement ahead: the same request made later gets that answer, without asking again', async () => {
    const { url, t } = advertisement('t1');
    const before = server.requests;
    t.prefetch(url);
    t.prefetch(url); // once
    const res = await t.request({ url, method: 'GET', headers: {} });
    expect(res.statusCode).toBe(200);
    expect(await text(res.body)).toContain('refs/heads/main');
    expect(server.requests - before).toBe(1);
    // Taken once: the next ask goes to the server.
    const again = await t.request({ url, method: 'GET', headers: {} });
    expect(await text(again.body)).toContain('refs/heads/main');
    expect(server.requests - before).toBe(2);
  });

  it('hands a failure over to the request that takes it, as its own', async () => {
    const { url, t } = advertisement('t2');
    server.faults.status500 = true;
    try {
      t.prefetch(url);
      const res = await t.request({ url, method: 'GET', headers: {} });
      expect(res.statusCode).toBe(500);
      await text(res.body);
    } finally {
      server.faults.status500 = false;
    }
  });

  it('lets a request made differently (signed) go to the server, and drops the answer sent ahead', async () => {
    const { url, t } = advertisement('t3');
    const before = server.requests;
    t.prefetch(url);
    const signed = await t.request({ url, method: 'GET', headers: { Authorization: 'Basic eDp5' } });
    expect(signed.statusCode).toBe(200);
    await text(signed.body);
    expect(server.requests - before).toBe(2);
    // Only the upload-pack advertisement is sent ahead.
    t.prefetch(`${server.repoUrl('t3')}/info/refs?service=git-receive-pack`);
    t.dropPrefetched();
    expect(server.requests - before).toBe(2);
  });
});
