/**
 * The control API under `/__sandbox/` (a prefix no Zoho path uses): everything tests and demos can
 * do to a sandbox in-process is reachable here too, so a sandbox in another process can be driven.
 * No authentication: the server only listens on 127.0.0.1.
 */
import { json, parseJsonBody, type Reply, type Req } from './http';
import type { SandboxCore } from './server';
import type { FaultProfile } from './types';

const bad = (message: string): Reply => json(400, { error: message });

export function handleControl(core: SandboxCore, req: Req): Reply {
  const parts = req.path.split('/').filter(Boolean).slice(1); // drop '__sandbox'
  const [what, arg, sub] = parts;
  const body = parseJsonBody(req);
  if (!body.ok) return bad('body is not valid JSON');
  const input = (body.value ?? {}) as Record<string, unknown>;
  const m = req.method;
  try {
    switch (what) {
      case 'deals':
        if (!arg && m === 'GET') {
          const all = core.dumpDeals();
          const offset = Number(req.query.get('offset') ?? 0);
          const limit = req.query.get('limit');
          return json(
            200,
            limit === null && offset === 0
              ? all
              : all.slice(offset, limit === null ? undefined : offset + Number(limit)),
          );
        }
        if (!arg && m === 'POST') return json(201, core.createDeal(input));
        if (arg && !sub && m === 'GET') {
          const d = core.getDeal(arg);
          return d ? json(200, d) : json(404, { error: `no deal ${arg}` });
        }
        if (arg && !sub && m === 'PATCH') return json(200, core.editDeal(arg, input));
        if (arg && !sub && m === 'DELETE') {
          core.deleteDeal(arg, req.query.get('permanent') === 'true');
          return { status: 204 };
        }
        break;
      case 'faults':
        if (m === 'PUT') {
          core.setFaults((body.value ?? null) as FaultProfile | string | null);
          return json(200, core.faults.profile);
        }
        if (m === 'GET') return json(200, core.faults.profile);
        break;
      case 'stats':
        if (!arg && m === 'GET') return json(200, core.stats());
        if (arg === 'reset' && m === 'POST') {
          core.resetStats();
          return json(200, core.stats());
        }
        break;
      case 'credentials':
        if (m === 'POST') return json(200, core.credentials(typeof input.scope === 'string' ? input.scope : undefined));
        break;
      case 'self-client':
        if (arg === 'code' && m === 'POST')
          return json(200, core.selfClientCode(typeof input.scope === 'string' ? input.scope : undefined));
        break;
      case 'expire-tokens':
        if (m === 'POST') {
          core.expireAccessTokens();
          return { status: 204 };
        }
        break;
      case 'clock':
        if (m === 'GET') return json(200, { now: new Date(core.now()).toISOString(), offset_ms: core.clockOffsetMs });
        if (m === 'POST') {
          core.advanceClock(Number(input.advance_ms ?? 0));
          return json(200, { now: new Date(core.now()).toISOString(), offset_ms: core.clockOffsetMs });
        }
        break;
      case 'limits':
        if (m === 'PUT') {
          core.setLimits(input);
          return json(200, core.stats());
        }
        break;
      case 'bulk':
        if (m === 'GET') return json(200, { options: core.bulk.options, jobs: core.bulk.list() });
        if (m === 'PUT') {
          core.setBulk(input);
          return json(200, { options: core.bulk.options, fail_next: core.bulk.failNext });
        }
        break;
      case 'notifications':
        if (arg === 'drain' && m === 'POST') return { status: 204 };
        break;
      case undefined:
        if (m === 'GET')
          return json(200, { base_url: core.baseUrl, deals: core.crm.store.size, ...core.demoCredentials() });
        break;
    }
  } catch (e) {
    return bad((e as Error).message);
  }
  return json(404, { error: `no control route ${m} /__sandbox/${parts.join('/')}` });
}
