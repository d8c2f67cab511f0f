import type { EventName, EventPayload } from '../../shared/contract';

export type EventListener = (name: EventName, payload: unknown) => void;

/** Engine → UI notifications. The IPC adapter and the host forward every event to their clients. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch {
        // A broken listener (a closed socket) must not stop the others or the engine.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
