import type { z } from 'zod';
import type { outboxSummarySchema } from '../../../src-shared/contract/o2r-schemas';
import { call } from './api';
import { dependOn } from './app-state.svelte';

/**
 * The write-back outbox's counts (o2r.syncStatus) for the shell: the navigation's conflict and
 * outbox counts. Reloaded whenever main says O2R data or the connection changed.
 */
export const writeBack = $state({ status: null as z.infer<typeof outboxSummarySchema> | null });

/** Keeps `writeBack` current; call while the (always mounted) navigation initialises. */
export function watchWriteBack(): void {
  let newest = 0;
  $effect(() => {
    dependOn('o2r', 'connection');
    const mine = ++newest;
    call('o2r.syncStatus', {}).then(
      (s) => {
        if (mine === newest) writeBack.status = s;
      },
      () => undefined, // the next change tries again; the counts are a hint, not a screen
    );
  });
}
