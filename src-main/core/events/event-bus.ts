import { events, type EventName, type EventPayload } from '../../../src-shared/contract/events';

/** A listener hears every contract event, typed by its name. */
export type ContractEventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

/**
 * Fan-out of contract events from the core to every connected host (the Electron window, each
 * browser-host WebSocket). For the renderer only: core services talk through typed hooks
 * (`events/hook.ts`), and what the renderer hears is decided in one place
 * (`events/renderer-events.ts`). Payloads are validated here so no host can push something the
 * renderer does not expect.
 */
export class EventBus {
  private listeners = new Set<ContractEventListener>();

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    this.deliver(name, events[name].parse(payload) as EventPayload<K>);
  }

  /** Passes on an event another bus has already checked (the core's bus relays its context's). */
  relay<K extends EventName>(name: K, checked: EventPayload<K>): void {
    this.deliver(name, checked);
  }

  private deliver<K extends EventName>(name: K, checked: EventPayload<K>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, checked);
      } catch {
        // One broken host connection must not stop the others from hearing about the change.
      }
    }
  }

  subscribe(listener: ContractEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
