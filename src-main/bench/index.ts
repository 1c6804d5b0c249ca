import { delta } from './measurements/delta';
import { fullSync } from './measurements/full-sync';
import { ingest } from './measurements/ingest';
import type { Measurement } from './types';

/** Every benchmark, in table order. Adding one: a file in measurements/ and one line here. */
export const measurements: Measurement[] = [fullSync, delta, ingest];
