/**
 * Maps `/crm/v8/...` calls to handlers, with the credits each call costs (known before it runs,
 * so a call that would exceed the budget is refused with 429 and changes nothing), whether it is
 * one of the heavy calls that share Zoho's sub-concurrency of 10, and the scope it needs beyond
 * a CRM one.
 */
import { runCoql, queryLimit } from './coql';
import type { Crm } from './crm';
import { json, zohoError, type Reply, type Req } from './http';
import { coqlCredits, writeCredits } from './limits';
import {
  currenciesResponse,
  fieldsResponse,
  isModule,
  layoutsResponse,
  orgResponse,
  pipelineResponse,
  usersResponse,
} from './metadata';
import type { Notifier } from './notifications';
import { getDeleted, getRecord, getRecords } from './records';
import { createRecords, deleteRecords, MAX_WRITE, updateRecords, writeSize } from './writes';
import { STANDARD_LAYOUT_ID } from './catalog';

export interface Route {
  /** Stats key, e.g. `GET /crm/v8/Deals/{id}`. */
  key: string;
  credits: number;
  /**
   * Counts against the sub-concurrency: COQL (the "complex" APIs), Get Records with
   * `sort_by` or `cvid`, and writes of more than 10 records (Zoho's API-limits page).
   */
  heavy?: boolean;
  /** A scope the token must hold for this call (COQL needs ZohoCRM.coql.READ or .ALL). */
  scope?: RegExp;
  run: () => Reply;
}

/** Writes of more than this many records count as heavy. */
const HEAVY_WRITE = 10;
const COQL_SCOPE = /(^|[,\s])ZohoCRM\.coql\.(READ|ALL)($|[,\s])/i;

const KNOWN_MODULES = new Set([
  'Leads',
  'Accounts',
  'Contacts',
  'Deals',
  'Tasks',
  'Events',
  'Calls',
  'Products',
  'Quotes',
  'Invoices',
]);

function moduleParam(req: Req): 'Deals' | 'Accounts' | 'Contacts' | Reply {
  const m = req.query.get('module');
  if (!m)
    return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'module' });
  if (!isModule(m))
    return zohoError(400, 'INVALID_MODULE', 'The module name given seems to be invalid', { param: 'module' });
  return m;
}

export function resolveRoute(crm: Crm, notifier: Notifier, req: Req): Route | null {
  const { method, path } = req;
  const seg = path.replace(/\/+$/, '').split('/').filter(Boolean); // ['crm','v8',...]
  if (seg[0] !== 'crm' || seg[1] !== 'v8') return null;
  const rest = seg.slice(2);
  const r = (key: string, credits: number, run: () => Reply, extra: Partial<Route> = {}): Route => ({
    key: `${method} /crm/v8/${key}`,
    credits,
    run,
    ...extra,
  });
  const write = (run: () => Reply): Route => {
    const n = writeSize(req);
    return r('Deals', writeCredits(Math.min(n, MAX_WRITE)), run, { heavy: n > HEAVY_WRITE });
  };

  if (rest[0] === 'coql' && rest.length === 1 && method === 'POST')
    return r('coql', coqlCredits(queryLimit(req.body)), () => runCoql(crm, req), { heavy: true, scope: COQL_SCOPE });
  if (rest[0] === 'settings' && rest.length === 2 && method === 'GET') {
    if (rest[1] === 'fields')
      return r('settings/fields', 1, () => {
        const m = moduleParam(req);
        return typeof m === 'string' ? json(200, fieldsResponse(m)) : m;
      });
    if (rest[1] === 'layouts')
      return r('settings/layouts', 1, () => {
        const m = moduleParam(req);
        return typeof m === 'string' ? json(200, layoutsResponse(m)) : m;
      });
    if (rest[1] === 'pipeline') {
      return r('settings/pipeline', 1, () => {
        const id = req.query.get('layout_id');
        if (!id)
          return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
            param: 'layout_id',
          });
        if (id !== STANDARD_LAYOUT_ID)
          return zohoError(400, 'INVALID_DATA', 'invalid data', { param_name: 'layout_id' });
        return json(200, pipelineResponse());
      });
    }
  }
  if (rest[0] === 'org' && rest.length === 1 && method === 'GET') return r('org', 1, () => json(200, orgResponse()));
  if (rest[0] === 'org' && rest[1] === 'currencies' && rest.length === 2 && method === 'GET')
    return r('org/currencies', 1, () => json(200, currenciesResponse()));
  if (rest[0] === 'users' && rest.length === 1 && method === 'GET')
    return r('users', 1, () => json(200, usersResponse(req.query.get('type'))));
  if (rest[0] === 'actions' && rest[1] === 'watch' && rest.length === 2) {
    if (method === 'POST') return r('actions/watch', 1, () => notifier.handleWrite(req, 'enable'));
    if (method === 'PUT') return r('actions/watch', 1, () => notifier.handleWrite(req, 'replace'));
    if (method === 'PATCH') return r('actions/watch', 1, () => notifier.handleWrite(req, 'patch'));
    if (method === 'GET') return r('actions/watch', 1, () => notifier.handleList());
    if (method === 'DELETE') return r('actions/watch', 1, () => notifier.handleDisable(req));
  }
  if (rest[0] === 'Deals' && rest.length === 3 && rest[1] === 'actions' && rest[2] === 'count' && method === 'GET')
    return r('Deals/actions/count', 1, () => json(200, { count: crm.store.size }));
  if (rest[0] === 'Deals') {
    if (rest.length === 1) {
      if (method === 'GET')
        return r('Deals', 1, () => getRecords(crm, req), {
          heavy: req.query.has('sort_by') || req.query.has('cvid'),
        });
      if (method === 'PUT') return write(() => updateRecords(crm, req, null));
      if (method === 'POST') return write(() => createRecords(crm, req));
      if (method === 'DELETE')
        return r('Deals', writeCredits((req.query.get('ids') ?? '').split(',').length), () =>
          deleteRecords(crm, req, null),
        );
    }
    if (rest.length === 2 && rest[1] === 'deleted' && method === 'GET')
      return r('Deals/deleted', 1, () => getDeleted(crm, req));
    if (rest.length === 2) {
      const id = rest[1];
      if (method === 'GET') return r('Deals/{id}', 1, () => getRecord(crm, id));
      if (method === 'PUT') return r('Deals/{id}', 1, () => updateRecords(crm, req, id));
      if (method === 'DELETE') return r('Deals/{id}', 1, () => deleteRecords(crm, req, id));
    }
  }
  if (rest.length >= 1 && /^[A-Z]/.test(rest[0]) && rest[0] !== 'Deals') {
    const key = `${method} /crm/v8/{module}`;
    return KNOWN_MODULES.has(rest[0])
      ? {
          key,
          credits: 1,
          run: () => zohoError(400, 'NOT_SUPPORTED', 'the sandbox serves only the Deals module', { module: rest[0] }),
        }
      : {
          key,
          credits: 0,
          run: () => zohoError(400, 'INVALID_MODULE', 'The module name given seems to be invalid', { module: rest[0] }),
        };
  }
  return null;
}
