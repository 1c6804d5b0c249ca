/**
 * The mapping the wizard (and `pulse import`) starts from: the user's saved choice for a header
 * first, then Zoho's labels and the original tool's aliases, then the field-mapping guesses for
 * milestone, territory and service-line columns (the same patterns a sync uses on field names,
 * with the column's values deciding whether it holds dates), and "keep with the deal" for the rest.
 */
import { guessMapping, type FieldInfo } from '../sync/mapping-guess';
import { IMPORT_TARGETS, knownTarget, type ColumnMapping, type ImportTarget } from './columns';
import { dateParser } from './values';

export function suggestMapping(
  headers: readonly string[],
  samples: readonly (readonly string[])[],
  saved: Readonly<Record<string, ImportTarget>> = {},
): ColumnMapping {
  const out: ColumnMapping = {};
  const taken = new Set<ImportTarget>();
  const claim = (h: string, t: ImportTarget) => {
    out[h] = t;
    if (t !== 'extra' && t !== 'ignore') taken.add(t);
  };
  for (const h of headers) {
    const s = saved[h];
    if (s && (IMPORT_TARGETS as readonly string[]).includes(s)) claim(h, s);
  }
  for (const h of headers) {
    if (out[h]) continue;
    const t = knownTarget(h);
    if (t && !taken.has(t)) claim(h, t);
  }
  const date = dateParser('dmy');
  const undecided: FieldInfo[] = headers
    .map((h, i) => ({ h, i }))
    .filter(({ h }) => !out[h])
    .map(({ h, i }) => {
      const values = samples.map((r) => (r[i] ?? '').trim()).filter(Boolean);
      const dates = values.length > 0 && values.every((v) => date(v).ok || dateParser('mdy')(v).ok);
      return { apiName: h, label: h, dataType: dates ? 'date' : 'picklist', custom: true };
    });
  const guess = guessMapping(undecided);
  for (const [role, header] of Object.entries(guess) as [ImportTarget, string | null][]) {
    // guessMapping lets territory fall back to the country field: here one column, one target.
    if (header && !out[header] && !taken.has(role)) claim(header, role);
  }
  for (const h of headers) if (!out[h]) out[h] = 'extra';
  return out;
}
