/**
 * Building COQL text the way Zoho accepts it (every query the app sends goes through here):
 * - more than two criteria must be bracketed in pairs, `((A and B) and C)`; `A and B and C` is a
 *   SYNTAX_ERROR (Zoho's COQL rules);
 * - string values are single-quoted with `'` doubled; ids are quoted too, so a 19-digit id is
 *   compared exactly (no float rounding);
 * - a query selects at most 500 columns, returns at most 2,000 rows, and `in (…)` takes at most
 *   50 values.
 */
export const COQL_MAX_COLUMNS = 500;
export const COQL_MAX_ROWS = 2000;
export const COQL_IN_MAX = 50;

export const coqlString = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** All of the criteria: one as is, two joined, more nested in pairs from the left. */
export function allOf(criteria: readonly string[]): string {
  if (criteria.length === 0) throw new RangeError('COQL needs at least one criterion');
  return criteria.reduce((acc, c, i) => (i === 0 ? c : i === 1 ? `${acc} and ${c}` : `(${acc}) and ${c}`));
}
