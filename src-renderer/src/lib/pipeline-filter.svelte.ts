import type { DashboardFilter } from '../../../src-shared/contract/schemas';
import type { Topic } from './app-state.svelte';
import { call } from './api';
import { liveLoad, type LiveData } from './live-load.svelte';

/**
 * The shared filter of the Dashboard, Deals and What moved: one value for the whole app, loaded
 * from the workspace's profile (`filters.get`) when the app starts and saved on every change
 * (`filters.set`), so it survives a restart. Main resolves it (presets, dates) for every screen.
 */
export const pipeline = $state({ filter: {} as DashboardFilter, loaded: false, saveError: null as string | null });

let loading: Promise<void> | null = null;
/**
 * What the user changed before the remembered filter was read (a search typed while a slow start
 * still answers `filters.get`): laid over the remembered one when it arrives, never thrown away.
 */
let early: Partial<Record<keyof DashboardFilter, unknown>> | null = null;
export function loadPipelineFilter(): Promise<void> {
  const loaded = (f: DashboardFilter) => {
    pipeline.loaded = true;
    if (early) setPipelineFilter({ ...f, ...early } as DashboardFilter);
    else pipeline.filter = f;
    early = null;
  };
  return (loading ??= call('filters.get', {}).then(loaded, () => loaded({})));
}

/** Drops empty terms, so a cleared select removes its chip and the saved filter stays small. */
function clean(f: DashboardFilter): DashboardFilter {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '' && v !== null) out[k] = v;
  if (out.closing === 'all') delete out.closing;
  if (out.closing !== 'custom') {
    delete out.closingFrom;
    delete out.closingTo;
  }
  return out as DashboardFilter;
}

let saving = Promise.resolve();
export function setPipelineFilter(next: DashboardFilter) {
  pipeline.filter = clean(next);
  const snapshot = $state.snapshot(pipeline.filter);
  saving = saving.then(() =>
    call('filters.set', snapshot).then(
      () => void (pipeline.saveError = null),
      (e: Error) => void (pipeline.saveError = e.message),
    ),
  );
}

export function patchPipelineFilter(patch: Partial<Record<keyof DashboardFilter, unknown>>) {
  if (!pipeline.loaded) early = { ...early, ...patch };
  setPipelineFilter({ ...pipeline.filter, ...patch } as DashboardFilter);
}

/**
 * The filter for a screen's load, read reactively (a change reloads the screen); null until the
 * remembered filter has been read, so a screen's first load already uses it.
 */
export function filterForLoad(): DashboardFilter | null {
  if (!pipeline.loaded) {
    void loadPipelineFilter();
    return null;
  }
  return $state.snapshot(pipeline.filter) as DashboardFilter;
}

/**
 * A screen's data for the shared filter (`liveLoad` with the filter as its argument): reloads on
 * `topics` and on every filter change, and waits for the remembered filter before its first load.
 */
export function liveLoadFiltered<T>(
  topics: readonly Topic[],
  load: (filter: DashboardFilter) => Promise<T>,
): LiveData<T> {
  return liveLoad(topics, () => {
    const filter = filterForLoad();
    // A load that never answers: the one after the filter was read takes its place.
    return filter ? load(filter) : new Promise<T>(() => undefined);
  });
}
