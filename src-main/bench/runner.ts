import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Measurement } from './types';

export interface BenchResult {
  at: string;
  machine: { cpus: number; model: string; node: string; platform: string; loadavg: number[] };
  rows: {
    measurement: string;
    name: string;
    runs: number;
    median: Record<string, number>;
    samples: Record<string, number>[];
    /** ratio = value / limit: ≤ 1 meets a 'max' target, ≥ 1 meets a 'min' target. */
    targets: { label: string; met: boolean; ratio: number }[];
  }[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs each measurement `runs` times (or `runsOverride`), medians per row and metric. */
export async function runBench(
  list: Measurement[],
  log: (l: string) => void,
  runsOverride?: number,
): Promise<BenchResult> {
  const result: BenchResult = {
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model ?? '?',
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      loadavg: os.loadavg(),
    },
    rows: [],
  };
  for (const m of list) {
    const runs = runsOverride ?? m.runs;
    log(`${m.id} (${runs} runs)…`);
    const samples = new Map<string, Record<string, number>[]>();
    for (let i = 0; i < runs; i++) {
      // A measurement that returns several samples per call (delta) is repeated internally.
      const out = await m.run(log);
      for (const row of out) samples.set(row.name, [...(samples.get(row.name) ?? []), row.values]);
      if (out.length > m.rows.length) break;
    }
    for (const [name, s] of samples) {
      const med: Record<string, number> = {};
      for (const key of Object.keys(s[0])) med[key] = median(s.map((x) => x[key]));
      result.rows.push({
        measurement: m.id,
        name,
        runs: s.length,
        median: med,
        samples: s,
        targets: (m.targets ?? [])
          .filter((t) => (t.row === undefined || name.includes(t.row)) && med[t.metric] !== undefined)
          .map((t) => ({
            label: t.label,
            met: t.kind === 'max' ? med[t.metric] <= t.limit : med[t.metric] >= t.limit,
            ratio: t.limit === 0 ? (med[t.metric] === 0 ? 0 : Infinity) : med[t.metric] / t.limit,
          })),
      });
    }
  }
  return result;
}

function fmt(v: number | undefined, unit: string): string {
  if (v === undefined) return '';
  if (unit === 'ms')
    return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v < 100 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`;
  if (unit === '×') return `${v.toFixed(1)}×`;
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return v < 1 ? v.toFixed(3) : Math.round(v).toLocaleString('en-US');
}

/** One plain-text table: every row with its medians and whether its targets were met. */
export function formatTable(result: BenchResult, list: Measurement[]): string {
  const header = [
    'benchmark',
    'time',
    'API calls',
    'credits',
    'naive (1 call/200 deals)',
    'vs naive',
    'other',
    'target (value/target)',
  ];
  const lines: string[][] = [header];
  for (const r of result.rows) {
    const m = list.find((x) => x.id === r.measurement)!;
    const unit = (k: string) => m.metrics.find((x) => x.key === k)?.unit ?? '';
    const v = r.median;
    const naive = v.naiveCalls !== undefined ? `${fmt(v.naiveCalls, '')} calls, ${fmt(v.naiveMs, 'ms')}` : '';
    const vs = v.speedup !== undefined ? `${fmt(v.speedup, '×')} faster, ${fmt(v.callShare, '')} of calls` : '';
    const other =
      v.callsPerSec !== undefined
        ? `${fmt(v.requests, '')} calls, ${fmt(v.callsPerSec, '')} calls/s, p50 ${fmt(v.p50, 'ms')}, p99 ${fmt(v.p99, 'ms')}, ` +
          `${fmt(v.errors, '')} failed, peak RSS ${Math.round(v.peakRssMb)} MB, growth ${v.rssGrowthMb.toFixed(1)} MB`
        : v.perSec !== undefined
          ? `${fmt(v.perSec, '')} deals/s`
          : v.mb !== undefined
            ? `${Math.round(v.mb)} MB${r.measurement === 'memory' ? ' peak RSS' : ''}`
            : v.cpuMs !== undefined
              ? `${fmt(v.cpuMs, 'ms')} CPU`
              : '';
    const targets = r.targets.map((t) => `${t.met ? 'met' : 'MISSED'}: ${t.label} (${t.ratio.toFixed(2)})`).join('; ');
    const count = (x: number | undefined) => (x !== undefined ? fmt(x, '') : '');
    lines.push([
      `${r.name} (median of ${r.runs})`,
      fmt(v.ms, unit('ms')),
      count(v.calls),
      count(v.credits),
      naive,
      vs,
      other,
      targets,
    ]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  const row = (l: string[]) => '| ' + l.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [row(lines[0]), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...lines.slice(1).map(row)].join(
    '\n',
  );
}

export function writeResult(result: BenchResult, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${result.at.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  return file;
}
