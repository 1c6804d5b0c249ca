/**
 * `GET /crm/v8/Deals/actions/count` → `{"count": N}` (1 credit): how many records a module holds,
 * which the full sync asks to choose between COQL and Bulk Read.
 */
import type { Crm } from './crm';
import { json, type Reply, type Req } from './http';

export function countRoute(crm: Crm, req: Req): { key: string; credits: number; run: () => Reply } | null {
  if (req.method !== 'GET' || req.path.replace(/\/+$/, '') !== '/crm/v8/Deals/actions/count') return null;
  return { key: 'GET /crm/v8/Deals/actions/count', credits: 1, run: () => json(200, { count: crm.store.size }) };
}
