/**
 * The sandbox's Bulk Read, over real HTTP: job states over time, pages of records with
 * more_records, the zip holding `{job_id}.csv` in Zoho's CSV conventions, the download limit and
 * its 429, credits, the scope it needs, and every body against Zoho's OpenAPI files (the older
 * JSON set and the newer YAML, tests/fixtures/zoho-oas-v8/yaml/bulk_read.yaml). Job details are
 * checked against the YAML only: the older JSON marks every Query and Result property required
 * (cvid, criteria, file_type, next_page_token), which Zoho's own examples of a job do not carry
 * and the YAML does not ask for.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- Zoho JSON bodies */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { expectValid, OAS_DIR } from '../helpers/oas';
import { refreshAccess, withApi, type Api } from '../helpers/sandbox';

/**
 * The YAML's schemas, with one relaxation: its job-details `state` enum lists ADDED, QUEUED,
 * IN PROGRESS and COMPLETED but not FAILURE, which its own create answer (201) lists; a failed
 * job has to report something, so FAILURE is accepted there too.
 */
function yamlValidator(path: string, method: string, status: number) {
  const doc = parseYaml(readFileSync(join(OAS_DIR, 'yaml', 'bulk_read.yaml'), 'utf8'));
  const schema = doc.paths[path][method].responses[String(status)].content['application/json'].schema;
  const state = schema.properties?.data?.items?.properties?.state;
  if (state?.enum && !state.enum.includes('FAILURE')) state.enum.push('FAILURE');
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'double', 'binary']) ajv.addFormat(f, true);
  return ajv.compile(schema);
}

function expectYaml(path: string, method: string, status: number, body: unknown) {
  const v = yamlValidator(path, method, status);
  if (!v(body)) throw new Error(`${method} ${path} ${status}: ${JSON.stringify(v.errors?.slice(0, 5))}`);
}

const JSON_PATH = '/crm/bulk/v8/read';

let api: Api;
beforeAll(async () => {
  api = await withApi({ deals: 450, bulk: { delayMs: 300, perFile: 200 } });
});
afterAll(() => api.sb.close());

async function create(body: unknown) {
  return api.call('POST', '/crm/bulk/v8/read', { body });
}

async function until(id: string, state: string) {
  let last: any;
  await expect
    .poll(
      async () => {
        last = await api.call('GET', `/crm/bulk/v8/read/${id}`);
        return last.body?.data?.[0]?.state;
      },
      { interval: 20, timeout: 30_000 },
    )
    .toBe(state);
  return last;
}

async function download(id: string) {
  const r = await fetch(`${api.sb.baseUrl}/crm/bulk/v8/read/${id}/result`, {
    headers: { Authorization: `Zoho-oauthtoken ${api.token}` },
  });
  return { status: r.status, type: r.headers.get('content-type'), bytes: new Uint8Array(await r.arrayBuffer()) };
}

describe('sandbox Bulk Read', () => {
  it('a job goes ADDED → IN PROGRESS → COMPLETED; its zip holds {job_id}.csv with the first 200 records', async () => {
    const fields = [
      'Deal_Name',
      'Account_Name',
      'Account_Name.Account_Name',
      'Owner',
      'Amount',
      'Solution_Type',
      'Closing_Date',
      'Modified_Time',
      'Contact_Name',
      'Description',
    ];
    api.sb.resetStats();
    // A job that takes 8 s: IN PROGRESS from 2 s on. The checks before it completes (schemas compiled
    // on first use) took more than 1.5 s under a full test run on a loaded machine.
    api.sb.core.bulk.options.delayMs = 8_000;
    const created = await create({ query: { module: { api_name: 'Deals' }, fields, page: 1 }, file_type: 'csv' });
    api.sb.core.bulk.options.delayMs = 300;
    expect(created.status).toBe(201);
    expect(created.body.data[0]).toMatchObject({ status: 'success', code: 'ADDED_SUCCESSFULLY' });
    expect(created.body.data[0].details.state).toBe('ADDED');
    expectValid('bulk_read.json', JSON_PATH, 'post', 201, created.body);
    expectYaml('/read', 'post', 201, created.body);
    const id = created.body.data[0].details.id;

    const added = await api.call('GET', `/crm/bulk/v8/read/${id}`);
    expect(['ADDED', 'IN PROGRESS']).toContain(added.body.data[0].state);
    expect(added.body.data[0].result).toBeUndefined();
    expect((await download(id)).status).toBe(404); // not ready yet
    const running = await until(id, 'IN PROGRESS');
    expectYaml('/read/{jobId}', 'get', 200, running.body);
    const done = await until(id, 'COMPLETED');
    expectYaml('/read/{jobId}', 'get', 200, done.body);
    expect(done.body.data[0].result).toEqual({
      page: 1,
      count: 200,
      download_url: `/crm/bulk/v8/read/${id}/result`,
      per_page: 200,
      more_records: true,
    });

    const file = await download(id);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/zip');
    const entries = unzipSync(file.bytes);
    expect(Object.keys(entries)).toEqual([`${id}.csv`]);
    const csv = new TextDecoder().decode(entries[`${id}.csv`]);
    const rows = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['Id', ...fields]);
    expect(rows).toHaveLength(201);
    // Every cell quoted, lines ended with CRLF.
    expect(csv.startsWith('"Id","Deal_Name",')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(202);
    const deals = api.sb.dumpDeals();
    expect(rows.slice(1).map((r) => r[0])).toEqual(deals.slice(0, 200).map((d) => d.id));
    const col = (name: string) => rows[0].indexOf(name);
    for (const [i, row] of rows.slice(1).entries()) {
      const d = deals[i] as any;
      expect(row[col('Deal_Name')]).toBe(d.Deal_Name);
      expect(row[col('Account_Name')]).toBe(d.Account_Name.id); // a lookup column holds the id
      expect(row[col('Account_Name.Account_Name')]).toBe(d.Account_Name.name);
      expect(row[col('Owner')]).toBe(d.Owner.id);
      expect(row[col('Amount')]).toBe(String(d.Amount));
      expect(row[col('Solution_Type')]).toBe(d.Solution_Type.join(';')); // multi-select joined with ;
      expect(row[col('Closing_Date')]).toBe(d.Closing_Date);
      expect(row[col('Modified_Time')]).toBe(d.Modified_Time);
      expect(row[col('Contact_Name')]).toBe(d.Contact_Name?.id ?? ''); // empty → empty cell
      expect(row[col('Description')]).toBe('');
    }
    // Credits: 50 to create, 1 per look, 1 per download.
    const stats = api.sb.stats();
    const looks = stats.calls['GET /crm/bulk/v8/read/{job_id}'];
    const downloads = stats.calls['GET /crm/bulk/v8/read/{job_id}/result'];
    expect(stats.creditsUsed).toBe(50 + looks + downloads);
  });

  it('page 3 holds the rest and says more_records false; no fields means every Deal field', async () => {
    const created = await create({ query: { module: { api_name: 'Deals' }, page: 3 } });
    const id = created.body.data[0].details.id;
    const done = await until(id, 'COMPLETED');
    expect(done.body.data[0].result).toMatchObject({ page: 3, count: 50, more_records: false });
    const rows = Papa.parse<string[]>(new TextDecoder().decode(unzipSync((await download(id)).bytes)[`${id}.csv`]), {
      skipEmptyLines: true,
    }).data;
    expect(rows[0].slice(0, 3)).toEqual(['Id', 'Owner', 'Amount']);
    expect(rows[0]).toContain('Solution_Type');
    expect(rows.slice(1).map((r) => r[0])).toEqual(
      api.sb
        .dumpDeals()
        .slice(400)
        .map((d) => d.id),
    );
  });

  it('more than 10 downloads in a minute: 429 TOO_MANY_REQUESTS, and later ones pass again', async () => {
    const created = await create({ query: { module: { api_name: 'Deals' }, fields: ['Deal_Name'], page: 2 } });
    const id = created.body.data[0].details.id;
    await until(id, 'COMPLETED');
    api.sb.core.bulk.options.downloadWindowMs = 1_500;
    // The window may hold downloads of the tests above: wait until it is empty.
    await new Promise((r) => setTimeout(r, 1_600));
    const answers: number[] = [];
    for (let i = 0; i < 11; i++) answers.push((await download(id)).status);
    expect(answers.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(answers[10]).toBe(429);
    const refused = await api.call('GET', `/crm/bulk/v8/read/${id}/result`);
    expect(refused.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 'error' });
    await new Promise((r) => setTimeout(r, 1_600));
    expect((await download(id)).status).toBe(200);
    api.sb.core.bulk.options.downloadWindowMs = 60_000;
  });

  it('a failed job reports FAILURE and has no file', async () => {
    api.sb.core.bulk.failNext = 1;
    const created = await create({ query: { module: { api_name: 'Deals' } } });
    const id = created.body.data[0].details.id;
    const failed = await until(id, 'FAILURE');
    expect(failed.body.data[0].result).toBeUndefined();
    expectYaml('/read/{jobId}', 'get', 200, failed.body);
    expect((await download(id)).status).toBe(404);
  });

  it('refuses bad requests with Zoho error bodies', async () => {
    const bad = async (body: unknown, status: number, code: string) => {
      const r = await api.call('POST', '/crm/bulk/v8/read', { body });
      expect(r.status).toBe(status);
      expect(r.body).toMatchObject({ code, status: 'error' });
      expectYaml('/read', 'post', status, r.body);
      return r;
    };
    await bad('', 400, 'REQUEST_BODY_IS_EMPTY');
    await bad({ file_type: 'csv' }, 400, 'INVALID_REQUEST');
    await bad({ query: { module: { api_name: 'Leads' } } }, 400, 'MODULE_NOT_SUPPORTED');
    await bad({ query: { module: { api_name: 'Deals' }, fields: ['No_Such_Field'] } }, 400, 'FIELD_NOT_AVAILABLE');
    await bad(
      { query: { module: { api_name: 'Deals' } }, callback: { url: 'https://example.com/cb', method: 'get' } },
      400,
      'INVALID_CALLBACK_METHOD',
    );
    const missing = await api.call('GET', '/crm/bulk/v8/read/5843210000009999999');
    expect(missing.status).toBe(404);
    expectValid('bulk_read.json', `${JSON_PATH}/{job_id}`, 'get', 404, missing.body);
    expectYaml('/read/{jobId}', 'get', 404, missing.body);
  });

  it('needs the ZohoCRM.bulk.READ scope', async () => {
    const rt = api.sb.issueRefreshToken('ZohoCRM.modules.ALL,ZohoCRM.coql.READ');
    const { body } = await refreshAccess(
      api.sb.baseUrl,
      rt,
      api.sb.demoClient.clientId,
      api.sb.demoClient.clientSecret,
    );
    const r = await fetch(`${api.sb.baseUrl}/crm/bulk/v8/read`, {
      method: 'POST',
      headers: { Authorization: `Zoho-oauthtoken ${body.access_token}` },
      body: JSON.stringify({ query: { module: { api_name: 'Deals' } } }),
    });
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ code: 'OAUTH_SCOPE_MISMATCH' });
  });

  it('posts the job to the callback URL when it completes', async () => {
    const { createServer } = await import('node:http');
    const got: any[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        got.push(JSON.parse(text));
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const created = await create({
        query: { module: { api_name: 'Deals' }, fields: ['Deal_Name'] },
        callback: { url: `http://127.0.0.1:${port}/bulk`, method: 'post' },
      });
      const id = created.body.data[0].details.id;
      await expect.poll(() => got.length).toBe(1);
      expect(got[0]).toMatchObject({ job_id: id, state: 'COMPLETED', result: { page: 1, count: 200 } });
    } finally {
      server.close();
    }
  });
});

describe('Deals/actions/count', () => {
  it('answers how many deals the org holds', async () => {
    const r = await api.call('GET', '/crm/v8/Deals/actions/count');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ count: api.sb.dumpDeals().length });
  });
});
