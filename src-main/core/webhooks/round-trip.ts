import { randomBytes } from 'node:crypto';

export interface TestOutcome {
  at: string;
  ok: boolean;
  message: string;
}

export interface RoundTripOptions {
  publicUrl: string;
  channelId: string;
  token: string;
  /** The receiver's address, for the message when the sample never arrived. */
  listen: string;
  /** When the sample with this nonce was logged by a receiver (any process), or null. */
  arrived: (nonce: string) => string | null;
  timeoutMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const CAUSES: Record<string, string> = {
  ECONNREFUSED: 'nothing accepts connections there',
  ENOTFOUND: 'its host name does not resolve',
  EAI_AGAIN: 'its host name does not resolve',
  ECONNRESET: 'the connection was dropped',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
};

/** Why a fetch failed, in words (never the URL's query, which could carry a proxy's secret). */
function cause(e: unknown): string {
  if ((e as Error).name === 'TimeoutError') return 'it did not answer in time';
  const c = (e as { cause?: { code?: string; message?: string } }).cause;
  const code = c?.code ?? '';
  return CAUSES[code] ?? (code ? `the connection failed (${code})` : (c?.message ?? (e as Error).message));
}

/**
 * Sends a sample notification — Zoho's body, our channel and token, a random `pulse_test` nonce —
 * to the user's public URL, the way Zoho would, and waits until a receiver logged it. So a broken
 * tunnel or proxy shows up as "never arrived" instead of as silence.
 */
export async function roundTripTest(o: RoundTripOptions): Promise<TestOutcome> {
  const nonce = randomBytes(12).toString('base64url');
  const t0 = Date.now();
  const done = (ok: boolean, message: string): TestOutcome => ({ at: new Date().toISOString(), ok, message });
  const body = JSON.stringify({
    server_time: t0,
    query_params: {},
    module: 'Deals',
    resource_uri: '',
    ids: [],
    affected_fields: [],
    operation: 'update',
    channel_id: o.channelId,
    token: o.token,
    pulse_test: nonce,
  });
  let status: number;
  try {
    const res = await fetch(o.publicUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    status = res.status;
    await res.body?.cancel();
  } catch (e) {
    return done(false, `${o.publicUrl} cannot be reached: ${cause(e)}.`);
  }
  if (status < 200 || status >= 300) {
    const hint =
      status === 404 || status === 401
        ? ' Something answered, but not this app’s receiver with this channel: check where the URL forwards.'
        : '';
    return done(false, `${o.publicUrl} answered HTTP ${status} to a sample notification.${hint}`);
  }
  for (;;) {
    if (o.arrived(nonce)) {
      return done(
        true,
        `A sample notification went through ${o.publicUrl} and reached the receiver in ${Date.now() - t0} ms.`,
      );
    }
    if (Date.now() - t0 > o.timeoutMs) break;
    await sleep(50);
  }
  return done(
    false,
    `${o.publicUrl} accepted a sample notification, but it never reached the receiver on ${o.listen}.`,
  );
}
