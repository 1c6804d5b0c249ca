import path from 'node:path';
import { measurements } from '../../bench/index';
import { formatTable, runBench, writeResult } from '../../bench/runner';
import { intFlag, parseCliArgs } from '../args';
import { EXIT_OK, UsageError, type CliCommand } from '../command';
import { PACKAGE_ROOT } from '../paths';

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'Measure sync speed against the sandbox (prints a table, writes bench-output/*.json)',
  usage: `Usage: pulse bench [--only ID[,ID…]] [--runs N] [--out DIR]

  --only IDS   run only these measurements (${measurements.map((m) => m.id).join(', ')});
               without it, all but ${measurements
                 .filter((m) => m.optIn)
                 .map((m) => m.id)
                 .join(', ')}, which run only when named
  --runs N     repetitions per measurement (default: each measurement's own, 3–5); medians are reported
  --out DIR    where the JSON goes (default: bench-output/ in the repository)

Targets are reported as met or MISSED; a slow machine never makes the command fail.
web-load: PULSE_LOAD_MINUTES (default 10) and PULSE_LOAD_CLIENTS (default 50) size the run.`,
  async run(argv, io) {
    const { values } = parseCliArgs(argv, {
      only: { type: 'string' },
      runs: { type: 'string' },
      out: { type: 'string' },
    });
    const only = values.only
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const list = only ? measurements.filter((m) => only.includes(m.id)) : measurements.filter((m) => !m.optIn);
    if (only && list.length !== only.length)
      throw new UsageError(`--only: unknown measurement (known: ${measurements.map((m) => m.id).join(', ')})`);
    const result = await runBench(list, (l) => io.err(l), intFlag('runs', values.runs, 1));
    io.out(formatTable(result, list));
    const file = writeResult(result, values.out ?? path.join(PACKAGE_ROOT, 'bench-output'));
    io.out(`\nJSON: ${file}`);
    return EXIT_OK;
  },
};
