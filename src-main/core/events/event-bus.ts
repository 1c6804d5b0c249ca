import { events, type EventName, type EventPayload } from '../../../src-shared/contract/events';

type Listener = (name: EventName, payload: unknown) => void;

/**
 * Fan-out of contract events from the core to every connected host (the Electron window, each
 * browser-host WebSocket). Payloads are validated here so no host can push something the
 * renderer does not expect.
 */
export class EventBus {
  private listeners = new Set<Listener>();

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    const checked = events[name].parse(payload);
    for (const listener of this.listeners) {
      try {
        listener(name, checked);
      } catch {
        // One broken host connection must not stop the others from hearing about the change.
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
