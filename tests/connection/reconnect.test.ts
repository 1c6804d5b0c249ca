import { afterEach, describe, expect, it } from 'vitest';
import { hasSavedConnection } from '../../src-main/core/connection/saved-connection';
import { NotConnectedError, ReconnectNeededError } from '../../src-main/core/zoho/errors';
import { coreWithSandbox, keyringAvailable, ok } from '../helpers/connection';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const DEALS = { path: '/crm/v8/Deals', query: { fields: 'Deal_Name', per_page: 10 } };

describe.skipIf(!keyringAvailable)('a revoked refresh token', () => {
  it('surfaces as "reconnect needed" (state, event, typed error) and stops calling Zoho', async () => {
    const env = await coreWithSandbox();
    cleanup = env.close;
    const { core, sandbox } = env;
    const rt = sandbox.issueRefreshToken();
    await ok(core, 'connection.connectWithRefreshToken', {
      region: 'sandbox',
      accountsUrl: sandbox.baseUrl,
      clientId: sandbox.demoClient.clientId,
      refreshToken: rt,
    });
    const api = core.ctx.connection.api();
    expect((await api.request(DEALS)).status).toBe(200);

    const states: string[] = [];
    core.ctx.connection.onStateChange((s) => states.push(s));
    const changes: string[] = [];
    core.ctx.events.subscribe((name, p) => name === 'data.changed' && changes.push((p as { reason: string }).reason));

    // The user revokes Pipeline Pulse in Zoho's console; the access token is gone with it.
    await fetch(`${sandbox.baseUrl}/oauth/v2/token/revoke?token=${rt}`, { method: 'POST' });
    const error = await api.request(DEALS).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ReconnectNeededError);
    expect((error as ReconnectNeededError).code).toBe('RECONNECT_NEEDED');
    expect(states).toEqual(['reconnect_needed']);
    expect(changes).toContain('reconnect_needed');
    expect((await ok(core, 'sync.status')).connection).toBe('reconnect_needed');
    const status = await ok(core, 'connection.status');
    expect(status.state).toBe('reconnect_needed');
    expect(status.lastError).toMatch(/Reconnect/);

    // No hammering: neither the old client nor a new api() call reaches Zoho again.
    const before = sandbox.stats();
    const again = await Promise.all(Array.from({ length: 20 }, () => api.request(DEALS).catch((e: Error) => e)));
    expect(again.every((e) => e instanceof Error && (e as ReconnectNeededError).code === 'RECONNECT_NEEDED')).toBe(
      true,
    );
    expect(() => core.ctx.connection.api()).toThrow(ReconnectNeededError);
    const outcome = await core.dispatch('connection.test', {});
    expect(outcome.ok ? null : outcome.error.code).toBe('RECONNECT_NEEDED');
    const after = sandbox.stats();
    expect(after.totalApiCalls).toBe(before.totalApiCalls);
    expect(after.calls['POST /oauth/v2/token']).toBe(before.calls['POST /oauth/v2/token']);

    // Connecting again heals it.
    await ok(core, 'connection.connectWithRefreshToken', {
      region: 'sandbox',
      accountsUrl: sandbox.baseUrl,
      clientId: sandbox.demoClient.clientId,
      refreshToken: sandbox.issueRefreshToken(),
    });
    expect(states.at(-1)).toBe('connected');
    expect((await core.ctx.connection.api().request(DEALS)).status).toBe(200);
  });

  it('disconnect revokes at Zoho, deletes locally, and api() then says "not connected"', async () => {
    const env = await coreWithSandbox();
    cleanup = env.close;
    const { core, sandbox } = env;
    const rt = sandbox.issueRefreshToken();
    await ok(core, 'connection.connectWithRefreshToken', {
      region: 'sandbox',
      accountsUrl: sandbox.baseUrl,
      clientId: sandbox.demoClient.clientId,
      refreshToken: rt,
    });
    expect(hasSavedConnection(env.dataDir)).toBe(true); // what `pulse web --demo-if-disconnected` checks
    const result = await ok(core, 'connection.disconnect');
    expect(hasSavedConnection(env.dataDir)).toBe(false);
    expect(result.revokedAtZoho).toBe(true);
    expect(result.status.state).toBe('disconnected');
    expect(() => core.ctx.connection.api()).toThrow(NotConnectedError);
    const refresh = await fetch(`${sandbox.baseUrl}/oauth/v2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: sandbox.demoClient.clientId,
        refresh_token: rt,
      }),
    });
    expect(await refresh.json()).toEqual({ error: 'invalid_code' }); // revoked at "Zoho"
  });

  it('clear messages for a wrong client id, a revoked token and no network; nothing is saved', async () => {
    const env = await coreWithSandbox();
    cleanup = env.close;
    const { core, sandbox } = env;
    const base = { region: 'sandbox', accountsUrl: sandbox.baseUrl, clientId: sandbox.demoClient.clientId };
    const wrongId = await core.dispatch('connection.connectWithRefreshToken', {
      ...base,
      clientId: '1000.WRONG',
      refreshToken: sandbox.issueRefreshToken(),
    });
    expect(wrongId.ok ? null : wrongId.error).toMatchObject({ code: 'INVALID_CLIENT', message: /client ID/ });
    const revoked = await core.dispatch('connection.connectWithRefreshToken', {
      ...base,
      refreshToken: '1000.revoked.token',
    });
    expect(revoked.ok ? null : revoked.error).toMatchObject({ code: 'INVALID_REFRESH_TOKEN', message: /revoked/ });
    const offline = await core.dispatch('connection.connectWithRefreshToken', {
      ...base,
      accountsUrl: 'http://127.0.0.1:9',
      refreshToken: 'x',
    });
    expect(offline.ok ? null : offline.error).toMatchObject({ code: 'NETWORK_ERROR', message: /internet connection/ });
    const scope = await core.dispatch('connection.connectWithRefreshToken', {
      ...base,
      refreshToken: sandbox.issueRefreshToken('AaaServer.profile.READ'),
    });
    expect(scope.ok ? null : scope.error).toMatchObject({ code: 'OAUTH_SCOPE_MISMATCH', message: /permission/ });
    const invalid = await core.dispatch('connection.connectWithRefreshToken', { ...base, clientId: ' ' });
    expect(invalid.ok ? null : invalid.error).toMatchObject({
      name: 'ValidationError',
      fields: { clientId: expect.stringMatching(/client ID/) },
    });
    expect((await ok(core, 'connection.status')).state).toBe('disconnected');
  });
});
