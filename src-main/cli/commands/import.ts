import fs from 'node:fs';
import path from 'node:path';
import { IMPORT_TARGETS, type ColumnMapping, type ImportTarget } from '../../core/import/columns';
import { checkText } from '../../core/import/check-file';
import { ImportRowsError } from '../../core/import/errors';
import { saveMappings } from '../../core/import/saved-mappings';
import type { DateOrder } from '../../core/import/values';
import { diffImport } from '../../core/import/write-import';
import { resolveDataDir } from '../../core/data-dir';
import { openStore } from '../../core/store/open-store';
import { parseCliArgs } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand } from '../command';
import { withCore } from '../with-core';

const WIDTH = 28;

function parseMaps(list: string[]): Partial<ColumnMapping> {
  const out: Partial<ColumnMapping> = {};
  for (const item of list) {
    const at = item.lastIndexOf('=');
    const header = item.slice(0, at).trim();
    const target = item.slice(at + 1).trim() as ImportTarget;
    if (at <= 0 || !header || !(IMPORT_TARGETS as readonly string[]).includes(target))
      throw new UsageError(
        `--map wants "Header=target" with a target among ${IMPORT_TARGETS.join(', ')}; got "${item}"`,
      );
    out[header] = target;
  }
  return out;
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Import a Zoho CRM Deals export (CSV) into its own workspace',
  usage: `Usage: pulse import FILE.csv [--data-dir D] [--workspace NAME] [--date-order dmy|mdy]
                   [--map "Header=target"]… [--dry-run] [--confirm-removals] [--json]

  --workspace NAME      the imported workspace to fill (default "Zoho CSV import"; created when new).
                        Re-importing a newer export of the same org into it updates it by record id.
  --date-order dmy|mdy  how to read ambiguous dates like 03/04/2026 (default: what the file's other
                        dates prove, else dmy)
  --map "Header=target" what an unrecognised column holds (saved for next time); targets:
                        ${IMPORT_TARGETS.join(', ')}
  --dry-run             check every row and say what would change; write nothing
  --confirm-removals    allow an import that removes more deals than the fail-safe threshold
  --data-dir D          the profile's data folder (default: the desktop app's)

Reads UTF-8 (with or without BOM) and Windows-1252, "," or ";" separated. All or nothing: when any
row is bad, nothing is imported and every bad line is listed with the reason (exit 1). The imported
deals never mix with a CRM sync: they live in their own workspace (open it in the app, or
\`pulse export … --workspace NAME\`).`,
  async run(argv, io) {
    const { values, positionals } = parseCliArgs(
      argv,
      {
        'data-dir': { type: 'string' },
        workspace: { type: 'string' },
        'date-order': { type: 'string' },
        map: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean' },
        'confirm-removals': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      true,
    );
    if (positionals.length !== 1) throw new UsageError('name one CSV file to import');
    const order = values['date-order'];
    if (order !== undefined && order !== 'dmy' && order !== 'mdy')
      throw new UsageError(`--date-order must be dmy or mdy, got "${order}"`);
    const overrides = parseMaps(values.map ?? []);
    const file = path.resolve(positionals[0]);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      io.err(`pulse import: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return EXIT_FAILURE;
    }
    const profileDir = resolveDataDir(values['data-dir'], io.env);
    // The same ImportService as the app's, on the profile's own (the account's) workspace.
    return withCore(io, values['data-dir'], async (core) => {
      const registry = core.ctx.workspaces;
      const service = core.ctx.imports;
      const t0 = Date.now();
      const draw = (label: string, share: number) => {
        if (!io.isTTY || values.json) return;
        const filled = Math.round(share * WIDTH);
        process.stderr.write(
          `\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ${label.padEnd(10)}`,
        );
      };
      const { text, analysis } = await service.analyzeBytes(bytes);
      const mapping = { ...analysis.mapping, ...overrides } as ColumnMapping;
      for (const h of Object.keys(overrides))
        if (!analysis.headers.includes(h))
          throw new UsageError(`--map names "${h}", which is not a column of the file`);
      const dateOrder: DateOrder = (order as DateOrder | undefined) ?? analysis.detectedDateOrder ?? 'dmy';
      const check = await checkText(text, {
        mapping,
        dateOrder,
        delimiter: analysis.delimiter,
        onProgress: (share) => draw('checking', share),
      });
      draw('checking', 1);
      if (io.isTTY && !values.json) process.stderr.write('\n');
      const summary = `${check.rows.toLocaleString('en')} rows, ${analysis.encoding}, "${analysis.delimiter === '\t' ? 'tab' : analysis.delimiter}"-separated, dates ${dateOrder === 'dmy' ? 'day first' : 'month first'}`;
      if (check.badRows > 0) {
        const err = new ImportRowsError(check.problems, check.badRows);
        if (values.json) io.out(JSON.stringify({ ok: false, file, badRows: check.badRows, problems: check.problems }));
        io.err(`pulse import: ${path.basename(file)}: ${summary}`);
        for (const p of check.problems.slice(0, 50)) io.err(`  line ${p.line}: ${p.reason}`);
        if (check.problems.length > 50 || check.badRows > check.problems.length)
          io.err(`  … ${check.badRows.toLocaleString('en')} bad rows in all`);
        io.err(err.message);
        return EXIT_FAILURE;
      }
      const name = values.workspace ?? 'Zoho CSV import';
      if (values['dry-run']) {
        const existing = registry.imports().find((w) => w.name.toLowerCase() === name.toLowerCase());
        let diff = { added: check.records.length, changed: 0, unchanged: 0, removed: 0, before: 0 };
        if (existing) {
          const target = openStore(existing.dataDir);
          diff = diffImport(target.sqlite, check.records);
          await target.close();
        }
        if (values.json)
          io.out(JSON.stringify({ ok: true, dryRun: true, file, workspace: name, rows: check.rows, ...diff }));
        else
          io.out(
            `Checked ${path.basename(file)} (${summary}): importing into "${name}" would add ${diff.added}, change ${diff.changed}, remove ${diff.removed} (${diff.unchanged} unchanged). Nothing was written.`,
          );
        return EXIT_OK;
      }
      const result = await service.commit(check, path.basename(file), name, {
        confirmRemovals: Boolean(values['confirm-removals']),
        trigger: 'cli',
      });
      saveMappings(profileDir, mapping, analysis.mapping);
      const dir = registry.imports().find((w) => w.id === result.workspace.id)?.dataDir;
      if (values.json)
        io.out(
          JSON.stringify({
            ok: true,
            file,
            ...result,
            workspace: result.workspace.name,
            dataDir: dir,
            rows: check.rows,
            durationMs: Date.now() - t0,
          }),
        );
      else {
        io.out(`Read ${path.basename(file)}: ${summary}.`);
        io.out(
          `Imported ${result.total.toLocaleString('en')} deals into workspace "${result.workspace.name}" (${dir}): ${result.added} added, ${result.changed} changed, ${result.removed} removed, ${result.unchanged} unchanged, in ${((Date.now() - t0) / 1000).toFixed(1)} s.`,
        );
      }
      return EXIT_OK;
    });
  },
};
