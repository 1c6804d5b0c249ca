/**
 * A typed internal event: one source announces a change, any number of listeners react. Core
 * services talk to each other through these (the sync engine's `onDealsChanged`, the
 * connection's state, a settings change), never through the renderer's `data.changed` text.
 * A listener that throws is isolated: the source and the other listeners carry on.
 */
export class Hook<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** Subscribes; returns the unsubscribe function. */
  on(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // A listener's bug must not break the source (a sync, a settings save).
      }
    }
  }
}
