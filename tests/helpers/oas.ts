/**
 * Validates sandbox responses against Zoho's own OpenAPI files: the JSON set
 * (tests/fixtures/zoho-oas-v8/*.json, OpenAPI 3.0, JSON Schema draft 4/7) and the newer YAML set
 * (tests/fixtures/zoho-oas-v8/yaml/*.yaml, OpenAPI 3.1, JSON Schema 2020-12). The JSON files'
 * `$ref`s point at raw.githubusercontent.com; they resolve locally because each file is added to
 * Ajv under exactly that URL. The YAML files only refer inside themselves. Nothing is fetched.
 *
 * Where Zoho's OAS disagrees with what Zoho actually returns, the schemas are relaxed here, and
 * only in these ways (see src-main/sandbox/README.md):
 *  1. `oneOf` → `anyOf` (both sets): the alternatives overlap (no `required`, no discriminator, or
 *     several error shapes with the same code), so a valid body often matches several and `oneOf`
 *     would reject it.
 *  2. JSON set: a property given as a bare `$ref` also accepts null: Zoho returns null for unused
 *     sub-objects (e.g. a field's `crypt`, `tooltip`, `lookup`), the OAS cannot say so for a `$ref`.
 *  3. JSON set: `message` enums are dropped: the OAS lists a sample of messages, not all of them.
 *  4. notifications.json: `notify_url` has a pattern only Zoho's own hosts match, and `channel_id`
 *     is typed `object` although Zoho returns a string (or number); both are loosened.
 *  5. currencies.json: `exchange_rate` has the pattern `[1-9][0-9]{1,8}[.][0-9]{9}`, which needs two
 *     digits before the point, so it rejects the base currency's own "1.000000000" and any rate
 *     below 10 (USD per SGD is 0.74); it is replaced by `^\d{1,9}[.]\d{9}$`.
 *  6. users.json: the `users` item was derived from one sample user: `enum`s and `pattern`s of
 *     single sample values (date_format "MMM d, yyyy", email of 9+5 letters…) are dropped, and
 *     `time_zone` (typed object) accepts the string Zoho returns ("Asia/Kolkata").
 *  7. coql.yaml: the 200 answer's `data` has `maxItems: 200`, but the same API documents LIMIT up
 *     to 2,000 rows a call (and charges 2 or 3 credits for 201–2,000 rows); raised to 2,000.
 *  8. record.yaml: Get Records' 200 answer has `data.maxItems: 100`, but the same file's `per_page`
 *     goes up to 200 (and Zoho serves 200 a page); raised to 200.
 *  9. record.yaml: a 207 answer to PUT may also carry the 412 answer's per-record item
 *     (`ALREADY_MODIFIED`): with If-Unmodified-Since, records changed after it fail one by one while
 *     the others are written (the OAS describes the item only under 412).
 * 10. notifications.yaml: a channel's event in a write answer forbids `notification_condition`,
 *     which notifications.json requires; the sandbox follows the JSON set (an empty list), so
 *     the YAML event also accepts it (which one Zoho sends is unverified).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const OAS_DIR = join(import.meta.dirname, '..', 'fixtures', 'zoho-oas-v8');
export const YAML_DIR = join(OAS_DIR, 'yaml');
export const PREFIX = 'https://raw.githubusercontent.com/Zohocorp-Pvt-Ltd/crm-oas/refs/heads/main/v8.0/';
const YAML_PREFIX = 'https://zoho-oas.local/v8.0/';

type Json = Record<string, unknown>;

function relax(node: unknown, key = '', nullableRefs = true): unknown {
  if (Array.isArray(node)) return node.map((n) => relax(n, '', nullableRefs));
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    out[k === 'oneOf' ? 'anyOf' : k] = relax(v, k, nullableRefs);
  }
  if (!nullableRefs) return out;
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

/** The JSON schema of `method path` answering `status` (inline, as in the YAML files). */
function responseSchema(doc: Json, path: string, method: string, status: number): Json {
  const op = ((doc.paths as Json)[path] as Json)[method] as Json;
  const resp = (op.responses as Json)[String(status)] as Json;
  return ((resp.content as Json)['application/json'] as Json).schema as Json;
}

function patchCoqlYaml(doc: Json): void {
  const data = (responseSchema(doc, '/coql', 'post', 200).properties as Json).data as Json;
  data.maxItems = 2000;
}

function patchRecordYaml(doc: Json): void {
  const schemas = (doc.components as Json).schemas as Json;
  ((schemas.RecordGETSuccessResponse as { properties: Json }).properties.data as Json).maxItems = 200;
  const alreadyModified = (responseSchema(doc, '/{module}', 'put', 412).properties as { data: Json }).data.items;
  const mixed = (responseSchema(doc, '/{module}', 'put', 207).properties as { data: Json }).data;
  (mixed.items as { anyOf: unknown[] }).anyOf.push(alreadyModified);
}

/** Every channel-event schema (resource_uri + channel_id) also accepts `notification_condition`. */
function patchNotificationsYaml(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(patchNotificationsYaml);
  if (typeof node !== 'object' || node === null) return;
  const props = (node as Json).properties as Json | undefined;
  if (props && 'resource_uri' in props && 'channel_id' in props && !('notification_condition' in props))
    props.notification_condition = { type: ['array', 'null'] };
  for (const v of Object.values(node as Json)) patchNotificationsYaml(v);
}

function ajvFor<T extends Ajv>(a: T): T {
  addFormats(a);
  for (const f of ['int32', 'int64', 'double', 'float', 'byte', 'binary', 'password', 'long']) a.addFormat(f, true);
  return a;
}

let jsonAjv: Ajv | null = null;
let yamlAjv: Ajv2020 | null = null;
const docs = new Map<string, Json>();

function loadJson(): Ajv {
  if (jsonAjv) return jsonAjv;
  jsonAjv = ajvFor(new Ajv({ strict: false, allErrors: true, validateSchema: false }));
  for (const file of readdirSync(OAS_DIR).filter((f) => f.endsWith('.json'))) {
    const doc = relax(JSON.parse(readFileSync(join(OAS_DIR, file), 'utf8'))) as Json;
    if (file === 'notifications.json') patchNotifications(doc);
    if (file === 'currencies.json') patchCurrencies(doc);
    if (file === 'users.json') patchUsers(doc);
    docs.set(file, doc);
    jsonAjv.addSchema(doc, PREFIX + file);
  }
  return jsonAjv;
}

function loadYaml(): Ajv2020 {
  if (yamlAjv) return yamlAjv;
  yamlAjv = ajvFor(new Ajv2020({ strict: false, allErrors: true, validateSchema: false }));
  for (const file of readdirSync(YAML_DIR).filter((f) => f.endsWith('.yaml'))) {
    const doc = relax(parseYaml(readFileSync(join(YAML_DIR, file), 'utf8')), '', false) as Json;
    if (file === 'coql.yaml') patchCoqlYaml(doc);
    if (file === 'record.yaml') patchRecordYaml(doc);
    if (file === 'notifications.yaml') patchNotificationsYaml(doc);
    docs.set(file, doc);
    yamlAjv.addSchema(doc, YAML_PREFIX + file);
  }
  return yamlAjv;
}

const ptr = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The validator for the JSON body of `method path` answering `status`, per the OAS file
 * (`record.json`, or `record.yaml` for the newer set; paths as each file spells them).
 */
export function responseValidator(file: string, path: string, method: string, status: number): ValidateFunction {
  const yaml = file.endsWith('.yaml');
  const a = yaml ? loadYaml() : loadJson();
  const prefix = yaml ? YAML_PREFIX : PREFIX;
  const doc = docs.get(file);
  if (!doc) throw new Error(`no OAS file ${file}`);
  const op = ((doc.paths as Json)[path] as Json)?.[method.toLowerCase()] as Json | undefined;
  if (!op) throw new Error(`${file}: no ${method} ${path}`);
  const resp = (op.responses as Json)[String(status)] as Json | undefined;
  if (!resp) throw new Error(`${file}: ${method} ${path} documents no ${status} response`);
  let base = `${prefix}${file}#/paths/${ptr(path)}/${method.toLowerCase()}/responses/${status}`;
  if (typeof resp.$ref === 'string') base = `${prefix}${file}${resp.$ref}`;
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

/** True when the file documents `status` for `method path` (so a test can check both sets). */
export function documents(file: string, path: string, method: string, status: number): boolean {
  if (file.endsWith('.yaml')) loadYaml();
  else loadJson();
  const op = ((docs.get(file)?.paths as Json | undefined)?.[path] as Json | undefined)?.[method.toLowerCase()] as
    Json | undefined;
  return Boolean(op && (op.responses as Json)[String(status)]);
}
