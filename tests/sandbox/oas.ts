/**
 * Validates sandbox responses against Zoho's own OpenAPI files (tests/fixtures/zoho-oas-v8).
 * The `$ref`s point at raw.githubusercontent.com; they resolve locally because each file is added
 * to Ajv under exactly that URL. Nothing is fetched.
 *
 * Where Zoho's OAS disagrees with what Zoho actually returns, the schemas are relaxed here, and
 * only in these ways (see src-main/sandbox/README.md):
 *  1. `oneOf` → `anyOf`: the alternatives overlap (no `required`, no discriminator), so a valid
 *     body often matches several and `oneOf` would reject it.
 *  2. A property given as a bare `$ref` also accepts null: Zoho returns null for unused
 *     sub-objects (e.g. a field's `crypt`, `tooltip`, `lookup`), the OAS cannot say so for a `$ref`.
 *  3. `message` enums are dropped: the OAS lists a sample of messages, not all of them.
 *  4. notifications.json: `notify_url` has a pattern only Zoho's own hosts match, and `channel_id`
 *     is typed `object` although Zoho returns a string (or number); both are loosened.
 *  5. currencies.json: `exchange_rate` has the pattern `[1-9][0-9]{1,8}[.][0-9]{9}`, which needs two
 *     digits before the point, so it rejects the base currency's own "1.000000000" and any rate
 *     below 10 (USD per SGD is 0.74); it is replaced by `^\d{1,9}[.]\d{9}$`.
 *  6. users.json: the `users` item was derived from one sample user: `enum`s and `pattern`s of
 *     single sample values (date_format "MMM d, yyyy", email of 9+5 letters…) are dropped, and
 *     `time_zone` (typed object) accepts the string Zoho returns ("Asia/Kolkata").
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const OAS_DIR = join(import.meta.dirname, '..', 'fixtures', 'zoho-oas-v8');
export const PREFIX = 'https://raw.githubusercontent.com/Zohocorp-Pvt-Ltd/crm-oas/refs/heads/main/v8.0/';

type Json = Record<string, unknown>;

function relax(node: unknown, key = ''): unknown {
  if (Array.isArray(node)) return node.map((n) => relax(n));
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    out[k === 'oneOf' ? 'anyOf' : k] = relax(v, k);
  }
  if (key === 'message' && 'enum' in out) delete out.enum;
  if (key === 'properties') {
    for (const [name, prop] of Object.entries(out)) {
      const p = prop as Json;
      if (p && typeof p === 'object' && typeof p.$ref === 'string' && Object.keys(p).length === 1) {
        out[name] = { anyOf: [{ $ref: p.$ref }, { type: 'null' }] };
      }
    }
  }
  return out;
}

function patchNotifications(doc: Json): void {
  const schemas = (doc.components as Json).schemas as Json;
  const n = schemas.Notification as { properties: Json };
  n.properties.notify_url = { type: 'string' };
  n.properties.channel_id = { type: ['string', 'integer'] };
}

function patchCurrencies(doc: Json): void {
  const c = ((doc.components as Json).schemas as Json).Currency as { properties: Json };
  c.properties.exchange_rate = { type: 'string', pattern: '^\\d{1,9}[.]\\d{9}$' };
}

function patchUsers(doc: Json): void {
  const u = ((doc.components as Json).schemas as Json).users as { properties: Record<string, Json> };
  for (const prop of Object.values(u.properties)) {
    delete prop.enum;
    delete prop.pattern;
  }
  u.properties.time_zone = { type: ['string', 'object'] };
}

let ajv: Ajv | null = null;
const docs = new Map<string, Json>();

function load(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'double', 'float', 'byte', 'binary', 'password', 'long']) ajv.addFormat(f, true);
  for (const file of readdirSync(OAS_DIR).filter((f) => f.endsWith('.json'))) {
    const doc = relax(JSON.parse(readFileSync(join(OAS_DIR, file), 'utf8'))) as Json;
    if (file === 'notifications.json') patchNotifications(doc);
    if (file === 'currencies.json') patchCurrencies(doc);
    if (file === 'users.json') patchUsers(doc);
    docs.set(file, doc);
    ajv.addSchema(doc, PREFIX + file);
  }
  return ajv;
}

const ptr = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The validator for the JSON body of `method path` answering `status`, per the OAS file. */
export function responseValidator(file: string, path: string, method: string, status: number): ValidateFunction {
  const a = load();
  const doc = docs.get(file)!;
  const op = ((doc.paths as Json)[path] as Json)?.[method.toLowerCase()] as Json | undefined;
  if (!op) throw new Error(`${file}: no ${method} ${path}`);
  const resp = (op.responses as Json)[String(status)] as Json | undefined;
  if (!resp) throw new Error(`${file}: ${method} ${path} documents no ${status} response`);
  let base = `${PREFIX}${file}#/paths/${ptr(path)}/${method.toLowerCase()}/responses/${status}`;
  if (typeof resp.$ref === 'string') base = `${PREFIX}${file}${resp.$ref}`;
  const ref = `${base}/content/${ptr('application/json')}/schema`;
  const v = a.getSchema(ref);
  if (!v) throw new Error(`cannot compile ${ref}`);
  return v;
}

/** Throws with readable errors when the body does not match. */
export function expectValid(file: string, path: string, method: string, status: number, body: unknown): void {
  const v = responseValidator(file, path, method, status);
  if (!v(body)) {
    const errors = (v.errors ?? [])
      .slice(0, 8)
      .map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)
      .join('\n');
    throw new Error(`${method} ${path} ${status} does not match ${file}:\n${errors}`);
  }
}
