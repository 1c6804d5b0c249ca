import { resolveDataDir } from '../../core/data-dir';
import { createExport, type ExportRequest } from '../../core/export/export-file';
import { isoDate } from '../../../src-shared/contract/schemas';
import { checkExportTarget, writeExportFile } from '../../core/store/export-target';
import { parseCliArgs } from '../args';
import { EXIT_OK, UsageError, type CliCommand } from '../command';
import { withCore } from '../with-core';
import { workspaceFromArg } from '../workspace-arg';

const FORMATS = { deals: ['json', 'csv', 'xlsx'], opportunities: ['json', 'csv', 'xlsx'], review: ['pdf'] } as const;

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export the deals or O2R opportunities (JSON, CSV, .xlsx) or the weekly review (PDF)',
  usage: `Usage: pulse export deals|opportunities --format json|csv|xlsx [--out F] [--data-dir D] [--workspace NAME]
       pulse export review [--week YYYY-MM-DD] --format pdf --out F [--data-dir D] [--workspace NAME]

  --format        json: an array of objects; csv: UTF-8 with a BOM (Excel reads it right), a header
                  row of column keys, money rounded to cents; xlsx: a Summary sheet (totals by stage,
                  country and owner) and a data sheet with dates as dates and amounts as numbers in
                  their currency; pdf: the weekly review (headline, movement, breakdown, the
                  opportunities needing attention with reasons and review notes)
  --week D        any day of the review's week (Monday to Sunday; default this week)
  --out F         write to file F (default: standard output; binary formats only when it is not a terminal)
  --workspace N   an imported workspace by name, or "demo" (default: the profile's own)
  --data-dir D    the profile's data folder (default: the desktop app's)

Works offline: it reads the local cache only. The desktop app's export menus write the same files.`,
  async run(argv, io) {
    const { values, positionals } = parseCliArgs(
      argv,
      {
        format: { type: 'string' },
        out: { type: 'string' },
        week: { type: 'string' },
        'data-dir': { type: 'string' },
        workspace: { type: 'string' },
      },
      true,
    );
    const what = positionals[0] as keyof typeof FORMATS;
    if (positionals.length !== 1 || !(what in FORMATS))
      throw new UsageError('what to export: "deals", "opportunities" or "review"');
    const format = values.format ?? FORMATS[what][0];
    if (!(FORMATS[what] as readonly string[]).includes(format))
      throw new UsageError(`--format for ${what} must be ${FORMATS[what].join(' or ')}, got "${format}"`);
    if (values.week !== undefined && what !== 'review') throw new UsageError('--week goes with "review"');
    if (values.week !== undefined && !isoDate.safeParse(values.week).success)
      throw new UsageError(`--week must be a real date like 2026-05-04, got "${values.week}"`);
    const binary = format === 'xlsx' || format === 'pdf';
    if (binary && !values.out && io.isTTY)
      throw new UsageError(`${format} is a binary format: give --out F (or redirect standard output)`);
    // Checked before the core opens (which writes to its folder): never onto a data file
    // (docs/data-folder.md#private).
    if (values.out)
      checkExportTarget(
        values.out,
        workspaceFromArg(resolveDataDir(values['data-dir'], io.env), values.workspace).dataDir,
      );
    return withCore(
      io,
      values['data-dir'],
      async (core) => {
        const req = (
          what === 'review'
            ? { what, format: 'pdf', week: values.week }
            : { what, format, filter: what === 'deals' ? {} : { includeClosedLost: true } }
        ) as ExportRequest;
        const { homeCurrency } = core.ctx.settings.get();
        const file = await createExport(
          {
            sqlite: core.ctx.store.sqlite,
            o2r: core.ctx.o2r,
            homeCurrency,
            workspace: core.ctx.workspaceInfo.name,
            today: core.ctx.today(),
          },
          req,
        );
        const noun = what === 'review' ? 'opportunities needing attention' : what;
        if (values.out) {
          writeExportFile(values.out, file.bytes);
          io.err(`Exported ${file.rows} ${noun} to ${values.out}`);
        } else if (binary) process.stdout.write(file.bytes);
        else io.out(file.bytes.toString('utf8').replace(/\r?\n$/, ''));
        return EXIT_OK;
      },
      { workspace: values.workspace },
    );
  },
};
