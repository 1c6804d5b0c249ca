/** Errors an import reports to the user; each message says what is wrong and what to do. */

/** The file as a whole cannot be read (empty, not a CSV, no header, a required column missing). */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
  readonly code = 'IMPORT_FILE';
}

export interface RowProblem {
  /** 1-based line of the file where the row starts (the header is line 1). */
  line: number;
  /** The column (header as written), when the problem is one value. */
  column: string | null;
  reason: string;
}

/** Some rows are bad: nothing was imported (all or nothing). */
export class ImportRowsError extends Error {
  override name = 'ImportRowsError';
  readonly code = 'IMPORT_ROWS';
  constructor(
    readonly problems: RowProblem[],
    readonly badRows: number,
  ) {
    const first = problems
      .slice(0, 3)
      .map((p) => `line ${p.line}: ${p.reason}`)
      .join('; ');
    super(
      `Nothing was imported: ${badRows.toLocaleString('en')} ${badRows === 1 ? 'row has' : 'rows have'} a problem (${first}${problems.length > 3 ? '; …' : ''}). Fix the file and import it again.`,
    );
  }

  /** Crosses the API boundary with the error (serializeError keeps `details`). */
  get details() {
    return { problems: this.problems, badRows: this.badRows };
  }
}

/** The import would remove more deals than the fail-safe allows; confirm to go ahead. */
export class ImportRemovalsError extends Error {
  override name = 'ImportRemovalsError';
  readonly code = 'IMPORT_REMOVALS';
  constructor(
    readonly removals: number,
    readonly localCount: number,
    readonly thresholdPercent: number,
  ) {
    super(
      `This file would remove ${removals.toLocaleString('en')} of the ${localCount.toLocaleString('en')} deals in the workspace (more than ${thresholdPercent} %). Nothing was imported; confirm the removals to go ahead.`,
    );
  }

  get details() {
    return { removals: this.removals, localCount: this.localCount, thresholdPercent: this.thresholdPercent };
  }
}
