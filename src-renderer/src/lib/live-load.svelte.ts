import { dependOn, type Topic } from './app-state.svelte';

export interface LiveData<T> {
  /**
   * The last data loaded, kept while a reload runs (null until the first load answers). A screen
   * may put here the fresher copy a write call answered with (e.g. the rates after an override).
   */
  data: T | null;
  /** Why the newest load failed; cleared as soon as a later load succeeds. */
  readonly error: string | null;
}

/**
 * A screen's data: loaded when the screen opens, again whenever main says one of `topics` changed,
 * and whenever reactive state read by `load` (filters, the page) changes. Only the newest answer is
 * applied, so an older one landing late never overwrites fresher data; a failed load shows its
 * error until the next change brings a load that works. Call it while a component initialises.
 */
export function liveLoad<T>(topics: readonly Topic[], load: () => Promise<T>): LiveData<T> {
  const state = $state<{ data: T | null; error: string | null }>({ data: null, error: null });
  let newest = 0;
  $effect(() => {
    dependOn(...topics);
    const mine = ++newest;
    load().then(
      (data) => {
        if (mine !== newest) return;
        state.data = data;
        state.error = null;
      },
      (e: Error) => {
        if (mine === newest) state.error = e.message;
      },
    );
  });
  return state;
}
