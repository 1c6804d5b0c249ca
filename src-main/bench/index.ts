import { boardQuery } from './measurements/board-query';
import { csvImport } from './measurements/csv-import';
import { dashboardPaint } from './measurements/dashboard-paint';
import { dashboardQuery } from './measurements/dashboard-query';
import { filterChange } from './measurements/filter-change';
import { delta } from './measurements/delta';
import { fullSync } from './measurements/full-sync';
import { ingest } from './measurements/ingest';
import { instantUpdate } from './measurements/instant-update';
import { memory } from './measurements/memory';
import { o2rRecompute } from './measurements/o2r-recompute';
import { reviewQuery } from './measurements/review-query';
import { webLoad } from './measurements/web-load';
import { scale } from './measurements/scale';
import type { Measurement } from './types';

/**
 * Every benchmark, in table order. Adding one: a file in measurements/ and one line here. Those
 * marked `optIn` run only when named with --only.
 */
export const measurements: Measurement[] = [
  fullSync,
  delta,
  ingest,
  dashboardQuery,
  dashboardPaint,
  filterChange,
  o2rRecompute,
  reviewQuery,
  boardQuery,
  memory,
  csvImport,
  instantUpdate,
  webLoad,
  scale,
];
