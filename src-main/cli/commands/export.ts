import fs from 'node:fs';
import Papa from 'papaparse';
import { createCore } from '../../core/core';
import { resolveDataDir } from '../../core/data-dir';
import { parseCliArgs } from '../args';
import { exportOpportunities } from '../export-opportunities';
import { EXIT_OK, UsageError, type CliCommand } from '../command';

/** The exported columns: what a spreadsheet user needs, amounts in the deal and home currency. */
const COLUMNS: [string, string][] = [
  ['id', 'id'],
  ['name', 'name'],
  ['accountName', 'account_name'],
  ['ownerName', 'owner_name'],
  ['ownerEmail', 'owner_email'],
  ['stage', 'stage'],
  ['probability', 'probability'],
  ['amount', 'amount'],
  ['currency', 'currency'],
  ['amountHome', 'amount_home'],
  ['homeRate', 'home_rate'],
  ['rateSource', 'rate_source'],
  ['closingDate', 'closing_date'],
  ['country', 'country'],
  ['territory', 'territory'],
  ['serviceLine', 'service_line'],
  ['proposalDate', 'proposal_date'],
  ['sowDate', 'sow_date'],
  ['poDate', 'po_date'],
  ['kickoffDate', 'kickoff_date'],
  ['invoiceDate', 'invoice_date'],
  ['paymentDate', 'payment_date'],
  ['revenueDate', 'revenue_date'],
  ['createdTime', 'created_time'],
  ['modifiedTime', 'modified_time'],
];

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export the cached deals (or the O2R opportunities) as JSON or CSV',
  usage: `Usage: pulse export deals|opportunities --format json|csv [--out F] [--data-dir D]

  --format json|csv   JSON: an array of objects; CSV: a header row, then one row per deal
  --out F             write to file F (default: standard output)
  --data-dir D        the profile's data folder (default: the desktop app's)

Works offline: it reads the local cache only. Amounts are given in the deal's currency and in the
home currency (amountHome, with the rate used and its source; empty when the currency is unknown).
"opportunities": one row per O2R opportunity with its phase, health, reasons, next action and
milestone dates (queued edits included).`,
  async run(argv, io) {
    const { values, positionals } = parseCliArgs(
      argv,
      { format: { type: 'string' }, out: { type: 'string' }, 'data-dir': { type: 'string' } },
      true,
    );
    const what = positionals[0];
    if (positionals.length !== 1 || (what !== 'deals' && what !== 'opportunities'))
      throw new UsageError('what to export: "deals" or "opportunities"');
    const format = values.format ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv, got "${format}"`);
    const core = createCore({
      dataDir: resolveDataDir(values['data-dir'], io.env),
      host: 'test',
      sync: { autoStart: false },
    });
    try {
      if (what === 'opportunities') {
        const { text, count } = exportOpportunities(core, format);
        if (values.out) {
          fs.writeFileSync(values.out, text + '\n');
          io.err(`Exported ${count} opportunities to ${values.out}`);
        } else io.out(text);
        return EXIT_OK;
      }
      const select = COLUMNS.map(([as, col]) => `${col} AS "${as}"`).join(', ');
      const rows = core.ctx.store.sqlite
        .prepare(`SELECT ${select} FROM deals ORDER BY closing_date, id`)
        .all() as Record<string, unknown>[];
      const text =
        format === 'json'
          ? JSON.stringify(rows, null, 2)
          : Papa.unparse({ fields: COLUMNS.map(([as]) => as), data: rows.map((r) => COLUMNS.map(([as]) => r[as])) });
      if (values.out) {
        fs.writeFileSync(values.out, text + '\n');
        io.err(`Exported ${rows.length} deals to ${values.out}`);
      } else io.out(text);
      return EXIT_OK;
    } finally {
      await core.close();
    }
  },
};
