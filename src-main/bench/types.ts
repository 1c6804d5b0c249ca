/**
 * One benchmark measurement = one small file in measurements/ exporting a `Measurement`, listed
 * in index.ts. The runner repeats it, takes medians, prints one table and writes JSON.
 */
export interface BenchRow {
  /** Row label in the table, e.g. "full sync, 10,000 deals". */
  name: string;
  /** The measured values of one run, by metric name (ms, calls, …). */
  values: Record<string, number>;
}

export interface Target {
  metric: string;
  /** 'max': value must be ≤ limit; 'min': ≥ limit. */
  kind: 'max' | 'min';
  limit: number;
  label: string;
  /** Only rows whose name contains this (a measurement with rows of different kinds). */
  row?: string;
}

export interface Measurement {
  id: string;
  /** One row per scenario; `run` is called `runs` times and each call returns one sample per row. */
  rows: string[];
  runs: number;
  /** Not part of the default run (slow): only with `--only <id>`. */
  optIn?: boolean;
  /** The metrics to show, in order, with units. */
  metrics: { key: string; label: string; unit: string }[];
  targets?: Target[];
  run(log: (line: string) => void): Promise<BenchRow[]>;
}
