import { randomUUID } from 'node:crypto';
import type { Operation, OperationKind } from '../../shared/domain';
import { ReposyncError, toErrorPayload } from './errors';
import type { EventBus } from './events';
import { recoverInterrupted } from './sync/backup';
import { readPending } from './sync/backup-journal';
import { acquireLock } from './workspace-lock';

/** What a piece of long work gets: its id, a signal that fires on cancel, and a progress reporter. */
export interface OperationContext {
  id: string;
  signal: AbortSignal;
  progress(phase: string, loaded?: number, total?: number | null): void;
}

export interface StartOptions {
  kind: OperationKind;
  title: string;
  workspaceId?: string | null;
  /** The workspace folder to lock (one writer per workspace); omit for read-only work. */
  lockDir?: string;
}

const KEEP_FINISHED = 200;
// Progress events are throttled so a fast transfer does not flood the UI with thousands of frames.
const PROGRESS_INTERVAL_MS = 100;

interface Entry {
  op: Operation;
  controller: AbortController;
  done: Promise<unknown>;
  lastEmit: number;
}

export class OperationManager {
  private readonly entries = new Map<string, Entry>();
  /** In-process writer per workspace folder, checked before the lock file so two calls here never race. */
  private readonly writers = new Map<string, string>();

  constructor(private readonly events: EventBus) {}

  /**
   * Start long work and return its id at once. A second writer on the same workspace fails
   * with `busy` right here, before an operation exists.
   */
  start<T>(options: StartOptions, work: (ctx: OperationContext) => Promise<T>): { operationId: string; done: Promise<T> } {
    const id = randomUUID();
    let release: (() => void) | null = null;
    if (options.lockDir) {
      const holder = this.writers.get(options.lockDir);
      if (holder) {
        const other = this.entries.get(holder)?.op;
        throw new ReposyncError('busy', `This workspace is busy with "${other?.title ?? 'another operation'}"; try again when it finishes.`, {
          operationId: holder,
        });
      }
      const releaseFile = acquireLock(options.lockDir, options.kind);
      this.writers.set(options.lockDir, id);
      const dir = options.lockDir;
      release = () => {
        releaseFile();
        this.writers.delete(dir);
      };
    }
    const controller = new AbortController();
    const op: Operation = {
      id,
      kind: options.kind,
      workspaceId: options.workspaceId ?? null,
      title: options.title,
      status: 'running',
      phase: 'starting',
      loaded: 0,
      total: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
    };
    const entry: Entry = { op, controller, done: Promise.resolve(), lastEmit: 0 };
    this.entries.set(id, entry);
    this.emit(entry, true);

    const ctx: OperationContext = {
      id,
      signal: controller.signal,
      progress: (phase, loaded = 0, total = null) => {
        if (op.status !== 'running') return;
        const phaseChanged = phase !== op.phase;
        op.phase = phase;
        op.loaded = Math.max(0, loaded);
        op.total = total === null || total === undefined ? null : Math.max(0, total);
        this.emit(entry, phaseChanged);
      },
    };

    const done = (async () => {
      try {
        // A writer killed mid-sync leaves a journal: finish or roll it back before anyone else writes.
        // Checked synchronously so work without a journal starts in this same tick, as before.
        if (options.lockDir && readPending(options.lockDir)) await recoverInterrupted(options.lockDir);
        const result = await work(ctx);
        if (controller.signal.aborted) throw new ReposyncError('cancelled', 'The operation was cancelled.');
        op.status = 'succeeded';
        op.result = result;
        return result;
      } catch (err) {
        const payload = toErrorPayload(controller.signal.aborted ? new ReposyncError('cancelled', 'The operation was cancelled; nothing was changed.') : err);
        op.status = payload.code === 'cancelled' ? 'cancelled' : 'failed';
        op.error = payload;
        throw new ReposyncError(payload.code, payload.message, payload.details);
      } finally {
        op.finishedAt = new Date().toISOString();
        release?.();
        this.emit(entry, true);
        this.prune();
      }
    })();
    // The caller may never await `done` (the UI follows events instead); keep Node from reporting it.
    done.catch(() => undefined);
    entry.done = done;
    return { operationId: id, done };
  }

  get(id: string): Operation {
    const entry = this.entries.get(id);
    if (!entry) throw new ReposyncError('not_found', 'No operation has that id; it may have finished long ago.', { operationId: id });
    return structuredClone(entry.op);
  }

  list(filter: { workspaceId?: string; activeOnly?: boolean } = {}): Operation[] {
    return [...this.entries.values()]
      .map((e) => e.op)
      .filter((op) => (!filter.workspaceId || op.workspaceId === filter.workspaceId) && (!filter.activeOnly || op.status === 'running' || op.status === 'queued'))
      .sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1))
      .map((op) => structuredClone(op));
  }

  /** The running operation holding a workspace, if any (for status). */
  activeFor(workspaceId: string): string | null {
    for (const { op } of this.entries.values()) if (op.workspaceId === workspaceId && op.status === 'running') return op.id;
    return null;
  }

  /** Signal cancel and wait for the work to wind down, so the caller sees the final state. */
  async cancel(id: string): Promise<Operation> {
    const entry = this.entries.get(id);
    if (!entry) throw new ReposyncError('not_found', 'No operation has that id.', { operationId: id });
    if (entry.op.status === 'running' || entry.op.status === 'queued') {
      entry.controller.abort(new ReposyncError('cancelled', 'The operation was cancelled.'));
      await entry.done.catch(() => undefined);
    }
    return this.get(id);
  }

  /** Wait for every running operation (used on shutdown and in tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.done.catch(() => undefined)));
  }

  private emit(entry: Entry, force: boolean): void {
    const now = Date.now();
    if (!force && now - entry.lastEmit < PROGRESS_INTERVAL_MS) return;
    entry.lastEmit = now;
    this.events.emit('operation.updated', structuredClone(entry.op));
  }

  private prune(): void {
    const finished = [...this.entries.values()].filter((e) => e.op.finishedAt).sort((a, b) => (a.op.finishedAt! < b.op.finishedAt! ? -1 : 1));
    for (const e of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.entries.delete(e.op.id);
  }
}
