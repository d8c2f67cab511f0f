import type { Operation } from '../../shared/domain';
import { isErrorCode } from '../../shared/errors';
import type { Core } from '../core';
import { CliError } from './errors';
import { progressLine } from './format';
import type { Io } from './output';

const TERMINAL = new Set<Operation['status']>(['succeeded', 'failed', 'cancelled']);

export interface OperationWatch {
  /** Resolve with the operation's result; throw its error as a CliError. */
  until(operationId: string): Promise<unknown>;
  close(): void;
}

/**
 * Subscribe before the channel is called, so an operation that ends before its id comes back
 * is not missed. Progress is drawn on stderr only when stderr is a terminal.
 */
export function watchOperations(core: Core, io: Io): OperationWatch {
  const latest = new Map<string, Operation>();
  const waiters = new Map<string, (op: Operation) => void>();
  const drawing = Boolean(io.stderr.isTTY);
  let drawn = false;

  const clear = () => {
    if (drawn) io.stderr.write('\r\x1b[2K');
    drawn = false;
  };
  const draw = (op: Operation) => {
    if (!drawing) return;
    io.stderr.write(`\r\x1b[2K${progressLine(op, io.stderr.columns ?? 80)}`);
    drawn = true;
  };

  const unsubscribe = core.services.events.subscribe((name, payload) => {
    if (name !== 'operation.updated') return;
    const op = payload as Operation;
    latest.set(op.id, op);
    const waiter = waiters.get(op.id);
    if (!waiter) return;
    if (TERMINAL.has(op.status)) waiter(op);
    else draw(op);
  });

  const settle = (op: Operation): unknown => {
    if (op.status === 'succeeded') return op.result ?? null;
    if (op.status === 'cancelled') {
      throw new CliError('cancelled', op.error?.message ?? 'The operation was cancelled.', { requestId: op.error?.requestId });
    }
    const code = op.error?.code;
    throw new CliError(isErrorCode(code) ? code : 'internal', op.error?.message ?? 'The operation failed.', {
      details: op.error?.details ?? {},
      requestId: op.error?.requestId,
    });
  };

  return {
    async until(operationId) {
      const known = latest.get(operationId) ?? currentOf(core, operationId);
      if (known && TERMINAL.has(known.status)) return settle(known);
      let interrupts = 0;
      const onInterrupt = () => {
        interrupts += 1;
        clear();
        if (interrupts > 1) {
          io.stderr.write('reposync: interrupted again; exiting without waiting for the operation to stop.\n');
          process.exit(1);
        }
        io.stderr.write('reposync: cancelling… (Ctrl-C again to quit at once)\n');
        void core.call('operations.cancel', { operationId }, 'cli');
      };
      process.on('SIGINT', onInterrupt);
      try {
        const finished = await new Promise<Operation>((resolve) => {
          waiters.set(operationId, resolve);
          if (known) draw(known);
        });
        return settle(finished);
      } finally {
        process.off('SIGINT', onInterrupt);
        waiters.delete(operationId);
        clear();
      }
    },
    close() {
      clear();
      unsubscribe();
    },
  };
}

function currentOf(core: Core, operationId: string): Operation | null {
  try {
    return core.services.operations.get(operationId);
  } catch {
    return null;
  }
}
