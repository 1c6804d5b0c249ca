/**
 * The redirect target of the browser sign-in: a one-shot HTTP server on 127.0.0.1 (never all
 * interfaces). It accepts exactly one redirect whose `state` matches, shows a friendly page, then
 * closes. A request with a wrong or missing state is answered 400 and ignored (it may be another
 * page probing the port; it must not end the user's real sign-in). A timeout closes it too.
 */
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignInFailedError, SignInTimeoutError } from './errors';

export const DEFAULT_LOOPBACK_PORT = 53682;
export const CALLBACK_PATH = '/oauth/callback';

export interface LoopbackResult {
  code: string;
  /** Zoho's `accounts-server` parameter: the data centre that issued the code. */
  accountsServer: string | null;
}

export interface LoopbackListener {
  /** http://127.0.0.1:<port>/oauth/callback — register this as the client's redirect URI. */
  redirectUri: string;
  port: number;
  /** Settles once: the code, or SignInTimeoutError / SignInFailedError. */
  result: Promise<LoopbackResult>;
  /** Stops waiting (cancel); `result` rejects with SignInFailedError. */
  close(): Promise<void>;
}

export interface LoopbackOptions {
  expectedState: string;
  /** A fixed port, because Zoho matches the registered redirect URI exactly; 0 picks a free one (tests). */
  port?: number;
  timeoutMs?: number;
}

export async function startLoopbackListener(opts: LoopbackOptions): Promise<LoopbackListener> {
  const timeoutMs = opts.timeoutMs ?? 5 * 60_000;
  const server = http.createServer();
  let settle!: { resolve: (r: LoopbackResult) => void; reject: (e: Error) => void };
  const result = new Promise<LoopbackResult>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => undefined); // the caller may only look at it later
  let done = false;

  const finish = (outcome: LoopbackResult | Error) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    // Let the page reach the browser before the server goes away.
    setImmediate(() => {
      server.close();
      server.closeAllConnections();
    });
    if (outcome instanceof Error) settle.reject(outcome);
    else settle.resolve(outcome);
  };

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH)
      return page(res, 404, 'Not found', 'This address is only used to finish signing in to Zoho.');
    if (done) return page(res, 410, 'Sign-in already finished', 'You can close this tab.');
    if (!sameSecret(url.searchParams.get('state'), opts.expectedState)) {
      return page(
        res,
        400,
        'This sign-in link is not from Pipeline Pulse',
        'It does not match the sign-in the app started, so it was ignored. Start the sign-in again from Pipeline Pulse.',
      );
    }
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (error || !code) {
      page(
        res,
        400,
        'Sign-in not completed',
        error === 'access_denied'
          ? 'Access was not granted. You can close this tab and try again from Pipeline Pulse.'
          : `Zoho reported: ${error ?? 'no code'}. You can close this tab and try again from Pipeline Pulse.`,
      );
      return finish(
        new SignInFailedError(
          error === 'access_denied' ? 'access was not granted' : `Zoho reported ${error ?? 'no code'}`,
        ),
      );
    }
    page(
      res,
      200,
      'You are signed in',
      'Pipeline Pulse is now connected to your Zoho CRM. You can close this tab and return to the app.',
    );
    finish({ code, accountsServer: url.searchParams.get('accounts-server') });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new SignInFailedError(
              `port ${opts.port} on 127.0.0.1 is in use by another program; choose another port in Settings (and register it with your Zoho client)`,
            )
          : e,
      ),
    );
    server.listen(opts.port ?? DEFAULT_LOOPBACK_PORT, '127.0.0.1', () => resolve());
  });
  const timer = setTimeout(
    () => finish(new SignInTimeoutError(Math.max(1, Math.round(timeoutMs / 60_000)))),
    timeoutMs,
  );
  const port = (server.address() as AddressInfo).port;
  return {
    redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    port,
    result,
    async close() {
      finish(new SignInFailedError('it was cancelled'));
      await new Promise<void>((resolve) => (server.listening ? server.once('close', () => resolve()) : resolve()));
    },
  };
}

function sameSecret(given: string | null, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function page(res: http.ServerResponse, status: number, title: string, text: string): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · Pipeline Pulse</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;background:#f4f6fa;color:#1d2433;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;border-radius:12px;box-shadow:0 4px 24px #0001;padding:32px 40px;max-width:440px}
h1{font-size:20px;margin:0 0 8px}.ok{color:#16794c}.bad{color:#b42318}p{margin:0;color:#4a5468}</style></head>
<body><main><h1 class="${status === 200 ? 'ok' : 'bad'}">${esc(title)}</h1><p>${esc(text)}</p></main></body></html>`;
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'Cache-Control': 'no-store',
    // The URL carried a grant code: do not leak it to any page this one could link to.
    'Referrer-Policy': 'no-referrer',
  });
  res.end(html);
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
