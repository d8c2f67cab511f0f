import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createCore } from '../core';
import { createMemorySettingsStore } from '../core/settings-store';
import { watchOperations } from './wait';

function setup(tty: boolean) {
  const core = createCore({ home: '/nowhere', mode: 'host', version: '0.0.0', store: createMemorySettingsStore() });
  const stderr = Object.assign(new PassThrough(), { isTTY: tty, columns: 60 });
  let drawn = '';
  stderr.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
  return { core, io: { stdout: new PassThrough(), stderr }, drawn: () => drawn };
}

/** Work that runs until told to finish or until cancelled. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('watchOperations', () => {
  it('returns the result and draws progress on a terminal only', async () => {
    for (const tty of [true, false]) {
      const { core, io, drawn } = setup(tty);
      const watch = watchOperations(core, io);
      const g = gate();
      const { operationId } = core.services.operations.start({ kind: 'fetch', title: 'Fetching' }, async (ctx) => {
        ctx.progress('receiving objects', 5, 10);
        await g.opened;
        return { fetched: 3 };
      });
      const result = watch.until(operationId);
      g.open();
      await expect(result).resolves.toEqual({ fetched: 3 });
      watch.close();
      if (tty) {
        expect(drawn()).toContain('Fetching: receiving objects 50% (5/10)');
        expect(drawn().endsWith('\r\x1b[2K')).toBe(true);
      } else {
        expect(drawn()).toBe('');
      }
    }
  });

  it('maps a failed operation to its error code, even when it ended before the wait began', async () => {
    const { core, io } = setup(false);
    const watch = watchOperations(core, io);
    const { operationId, done } = core.services.operations.start({ kind: 'pull', title: 'Pulling' }, async () => {
      const { ReposyncError } = await import('../core/errors');
      throw new ReposyncError('non_fast_forward', 'The remote moved on.', { ref: 'main' });
    });
    await done.catch(() => undefined);
    await expect(watch.until(operationId)).rejects.toMatchObject({ code: 'non_fast_forward', exitCode: 1, details: { ref: 'main' } });
    watch.close();
  });

  it('cancels the running operation on Ctrl-C and reports cancelled', async () => {
    const { core, io, drawn } = setup(false);
    const watch = watchOperations(core, io);
    const { operationId } = core.services.operations.start({ kind: 'clone', title: 'Cloning' }, (ctx) => {
      return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    });
    const result = watch.until(operationId);
    await new Promise((r) => setImmediate(r));
    const before = process.listenerCount('SIGINT');
    process.emit('SIGINT');
    await expect(result).rejects.toMatchObject({ code: 'cancelled', exitCode: 1 });
    expect(process.listenerCount('SIGINT')).toBe(before - 1);
    expect(core.services.operations.get(operationId).status).toBe('cancelled');
    expect(drawn()).toContain('cancelling');
    watch.close();
  });
});
