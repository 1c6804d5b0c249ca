/**
 * Who may use the control API (`/__sandbox/…`): it creates and deletes deals and hands out
 * refresh tokens, so listening on 127.0.0.1 is not enough — any web page can make the browser
 * send a request there, and any local user can connect. Every control request must carry the
 * sandbox's per-launch secret in the `X-Sandbox-Secret` header. A browser cannot add that header
 * to a cross-origin request without a CORS preflight, which the sandbox never grants; requests a
 * browser marks as coming from another site are refused outright as well.
 */
import crypto from 'node:crypto';
import { json, type Reply, type Req } from './http';

export const CONTROL_SECRET_HEADER = 'x-sandbox-secret';

export function newControlSecret(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/** Null when the request may use the control API, else the reply that refuses it. */
export function refuseControl(req: Req, secret: string): Reply | null {
  const site = req.headers['sec-fetch-site'];
  if (req.headers.origin !== undefined || (site !== undefined && site !== 'none'))
    return json(403, { error: 'the sandbox control API does not answer requests made by web pages' });
  const given = Buffer.from(String(req.headers[CONTROL_SECRET_HEADER] ?? ''));
  const expected = Buffer.from(secret);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
    return json(401, {
      error:
        'the sandbox control API needs its per-launch secret in the X-Sandbox-Secret header ' +
        '(`pulse sandbox --print-credentials` prints it as control_secret)',
    });
  return null;
}
