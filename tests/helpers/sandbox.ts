/** Shared test helpers: a sandbox with an access token, and a small fetch wrapper. */
/* eslint-disable @typescript-eslint/no-explicit-any -- tests poke at arbitrary Zoho JSON bodies */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src-main/sandbox/index';

export interface Api {
  sb: Sandbox;
  token: string;
  refreshToken: string;
  /** A fresh access token (after the sandbox clock moved past the old one's hour). */
  renew(): Promise<void>;
  call(
    method: string,
    path: string,
    init?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; text: string; headers: Headers }>;
}

export async function refreshAccess(
  baseUrl: string,
  refreshToken: string,
  clientId: string,
  clientSecret: string,
): Promise<any> {
  const r = await fetch(`${baseUrl}/oauth/v2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: clientId,
      client_secret: clientSecret,
      refresh_token: refreshToken,
    }),
  });
  return { status: r.status, body: await r.json() };
}

export async function withApi(opts: SandboxOptions = {}): Promise<Api> {
  const sb = await startSandbox(opts);
  const refreshToken = sb.issueRefreshToken();
  const { body } = await refreshAccess(sb.baseUrl, refreshToken, sb.demoClient.clientId, sb.demoClient.clientSecret);
  const api: Api = {
    sb,
    token: body.access_token,
    refreshToken,
    async renew() {
      const r = await refreshAccess(sb.baseUrl, refreshToken, sb.demoClient.clientId, sb.demoClient.clientSecret);
      api.token = r.body.access_token;
    },
    async call(method, path, init = {}) {
      const headers: Record<string, string> = {
        Authorization: `Zoho-oauthtoken ${api.token}`,
        ...(init.headers ?? {}),
      };
      const r = await fetch(sb.baseUrl + path, {
        method,
        headers,
        body:
          init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      });
      const text = await r.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: r.status, body: parsed, text, headers: r.headers };
    },
  };
  return api;
}
