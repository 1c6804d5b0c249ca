/**
 * One export, whatever asked for it (the app's export menu, `pulse export`): the rows or the
 * review, in the chosen format, as bytes with a file name and MIME type. The caller decides where
 * they go (a save dialog, a browser download, --out or standard output).
 */
import type { z } from 'zod';
import type { exportCreateArgs } from '../../../src-shared/contract/io-schemas';
import type { O2RService } from '../o2r-store/o2r-service';
import type { Database } from 'better-sqlite3';
import { dealColumns, opportunityColumns, type ExportColumn, type ExportRow } from './columns';
import { csvText } from './csv-file';
import { dealExportRows, opportunityExportRows } from './export-rows';
import { buildReviewReport } from './review-report';

export type ExportRequest = z.output<typeof exportCreateArgs>;

export interface ExportSources {
  sqlite: Database;
  o2r: O2RService;
  homeCurrency: string;
  /** The workspace's name, printed on the review. */
  workspace: string;
  /** The user's calendar day, YYYY-MM-DD (file names, the review's week). */
  today: string;
  now?: Date;
}

export interface ExportFile {
  fileName: string;
  mime: string;
  bytes: Buffer;
  /** Rows written (opportunities in the review's attention list for the PDF). */
  rows: number;
}

export const MIME = {
  csv: 'text/csv;charset=utf-8',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

export async function createExport(src: ExportSources, req: ExportRequest): Promise<ExportFile> {
  if (req.what === 'review') {
    const report = buildReviewReport(src.o2r, req.week, src.workspace, src.homeCurrency);
    // pdfkit and exceljs take a second or more to load: only when a PDF or a workbook is made.
    const { reviewPdf } = await import('./review-pdf');
    const bytes = await reviewPdf(report, { today: src.today });
    return { fileName: `weekly-review-${report.week.start}.pdf`, mime: MIME.pdf, bytes, rows: report.attention.length };
  }
  let columns: ExportColumn[];
  let rows: ExportRow[];
  if (req.what === 'deals') {
    columns = dealColumns(src.homeCurrency);
    rows = dealExportRows(src.sqlite, columns, req.filter);
  } else {
    columns = opportunityColumns(src.homeCurrency);
    rows = opportunityExportRows(src.o2r, columns, req.filter);
  }
  const base = `${req.what}-${src.today}`;
  switch (req.format) {
    case 'csv':
      return {
        fileName: `${base}.csv`,
        mime: MIME.csv,
        bytes: Buffer.from(csvText(columns, rows), 'utf8'),
        rows: rows.length,
      };
    case 'json':
      return {
        fileName: `${base}.json`,
        mime: MIME.json,
        bytes: Buffer.from(JSON.stringify(rows, null, 2) + '\n', 'utf8'),
        rows: rows.length,
      };
    case 'xlsx': {
      const { xlsxBuffer } = await import('./xlsx-file');
      const title = req.what === 'deals' ? 'Deals' : 'O2R opportunities';
      const bytes = await xlsxBuffer(columns, rows, {
        sheetName: title === 'Deals' ? 'Deals' : 'Opportunities',
        homeCurrency: src.homeCurrency,
        title: `${title} · ${src.workspace}`,
        generatedAt: src.now ?? new Date(),
      });
      return { fileName: `${base}.xlsx`, mime: MIME.xlsx, bytes, rows: rows.length };
    }
  }
}
