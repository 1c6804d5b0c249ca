import type { FieldSet } from './field-set';

export type ZohoRecord = Record<string, unknown> & { id: string };

/**
 * One canonical shape per deal, whichever API it came from: `id` first, then the requested
 * fields in field-set order, lookups as `{name, id}` (owners `{name, id, email}`), and nothing
 * else (Zoho adds `$`-keys; COQL adds dotted columns). Because the shape is canonical, ingest can
 * compare the stored JSON text with the new one to tell "changed" from "seen again".
 */
export function normalizeRecord(rec: Record<string, unknown>, fs: FieldSet, fromCoql: boolean): ZohoRecord {
  const out: ZohoRecord = { id: String(rec.id) };
  for (const f of fs.recordFields) {
    const v = rec[f];
    const lk = fs.lookups.get(f);
    if (lk && v !== null && v !== undefined && typeof v === 'object') {
      const obj = v as { id?: unknown; name?: unknown; email?: unknown };
      const name = fromCoql ? rec[lk.name] : obj.name;
      const ref: Record<string, unknown> = { name: name ?? null, id: obj.id === undefined ? null : String(obj.id) };
      if (lk.email) ref.email = (fromCoql ? rec[lk.email] : obj.email) ?? null;
      out[f] = ref;
    } else {
      out[f] = v === undefined ? null : v;
    }
  }
  return out;
}
