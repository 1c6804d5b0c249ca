import type { FieldSet } from '../field-set';
import type { ZohoRecord } from '../normalize';
import { BulkReadError } from './bulk-api';
import type { UserDirectory } from './user-directory';

/** Zoho joins multi-select values with this in Bulk Read CSVs (docs/zoho-api.md#bulk-read-what-is-unverified). */
export const MULTISELECT_SEPARATOR = ';';

const NUMBER_TYPES = new Set(['integer', 'bigint', 'double', 'currency', 'decimal', 'percent']);
const LIST_TYPES = new Set(['multiselectpicklist']);
const USER_TYPES = new Set(['ownerlookup', 'userlookup']);

/** The Bulk Read columns for a field set: its fields, plus the name column of every lookup that is not a user. */
export function bulkColumns(fs: FieldSet, types: ReadonlyMap<string, string>): string[] {
  const cols: string[] = [];
  for (const f of fs.recordFields) {
    cols.push(f);
    const lk = fs.lookups.get(f);
    if (lk && !USER_TYPES.has(types.get(f) ?? '') && lk.name) cols.push(lk.name);
  }
  return cols;
}

type Cell = (row: readonly string[]) => unknown;

/**
 * Turns a Bulk Read CSV row into exactly the canonical record the COQL path produces
 * (normalize.ts): `id` first, then the field set's fields in order; numbers as numbers,
 * multi-selects as arrays, an empty cell as null ([] for a multi-select), lookups as `{name, id}`
 * (users `{name, id, email}`, named from the org's user list). A row that does not fit the header,
 * or a number cell that is not a number, is a BulkReadError: the sync falls back to COQL.
 */
export class CsvRecordReader {
  private readonly idAt: number;
  private readonly cells: [string, Cell][];
  /** Columns holding user ids (and their field), to look the users up before a batch is read. */
  private readonly userColumns: { index: number; field: string }[] = [];

  constructor(
    private readonly header: readonly string[],
    fs: FieldSet,
    types: ReadonlyMap<string, string>,
    private readonly users: UserDirectory,
  ) {
    const at = (name: string) => header.indexOf(name);
    this.idAt = header.findIndex((h) => h.toLowerCase() === 'id');
    if (this.idAt < 0) throw new BulkReadError('The Bulk Read file has no Id column.');
    this.cells = fs.recordFields.map((f): [string, Cell] => {
      const i = at(f);
      if (i < 0) throw new BulkReadError(`The Bulk Read file has no ${f} column.`);
      const type = types.get(f) ?? 'text';
      const lk = fs.lookups.get(f);
      if (lk && USER_TYPES.has(type)) {
        this.userColumns.push({ index: i, field: f });
        return [f, (row) => (row[i] ? this.users.ref(row[i], lk.email !== undefined) : null)];
      }
      if (lk) {
        const n = at(lk.name);
        if (n < 0) throw new BulkReadError(`The Bulk Read file has no ${lk.name} column.`);
        return [f, (row) => (row[i] ? { name: row[n] || null, id: row[i] } : null)];
      }
      if (NUMBER_TYPES.has(type)) return [f, (row) => toNumber(row[i], f)];
      if (LIST_TYPES.has(type))
        return [f, (row) => (row[i] ? row[i].split(MULTISELECT_SEPARATOR).map((s) => s.trim()) : [])];
      if (type === 'boolean') return [f, (row) => (row[i] === '' ? null : row[i].toLowerCase() === 'true')];
      return [f, (row) => (row[i] === '' ? null : row[i])];
    });
  }

  /** The user ids a batch refers to, per field (resolved before reading it). */
  userIds(rows: readonly (readonly string[])[]): Map<string, Set<string>> {
    const ids = new Map<string, Set<string>>();
    for (const { index, field } of this.userColumns) {
      const set = new Set<string>();
      for (const row of rows) if (row[index]) set.add(row[index]);
      ids.set(field, set);
    }
    return ids;
  }

  record(row: readonly string[]): ZohoRecord {
    if (row.length !== this.header.length)
      throw new BulkReadError(`A Bulk Read row has ${row.length} cells where the header has ${this.header.length}.`);
    const id = row[this.idAt];
    if (!/^\d+$/.test(id)) throw new BulkReadError(`A Bulk Read row has no valid id (${JSON.stringify(id)}).`);
    const out: ZohoRecord = { id };
    for (const [f, cell] of this.cells) out[f] = cell(row);
    return out;
  }
}

function toNumber(text: string, field: string): number | null {
  if (text === '') return null;
  const n = Number(text);
  if (!Number.isFinite(n))
    throw new BulkReadError(`The Bulk Read file has ${JSON.stringify(text)} in number field ${field}.`);
  return n;
}
