import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/core';
import { startWebHost, RendererNotBuiltError, type WebHost } from '../../src-main/web/web-host';
import type { ServerFrame } from '../../src-shared/contract/transport';
import { tempDir } from '../helpers/temp-dir';

function fakeRenderer(): string {
  const dir = tempDir('pulse-renderer-');
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Pipeline Pulse</title>');
  return dir;
}

function connect(url: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function nextFrame(ws: WebSocket, match: (f: ServerFrame) => boolean): Promise<ServerFrame> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      if (match(frame)) {
        ws.off('message', onMessage);
        resolve(frame);
      }
    };
    ws.on('message', onMessage);
  });
}

describe('the browser host bridges the contract over a loopback WebSocket', () => {
  let core: Core;
  let host: WebHost;
  afterEach(async () => {
    await host?.close();
    await core?.close();
  });

  it('serves on 127.0.0.1 with a CSP, and refuses sockets without the per-launch token or from another origin', async () => {
    core = createCore({ dataDir: tempDir(), host: 'web' });
    host = await startWebHost({ core, rendererDir: fakeRenderer() });
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect((await fetch(`http://127.0.0.1:${host.port}/../../etc/passwd`)).status).toBe(404);

    const base = `ws://127.0.0.1:${host.port}/api`;
    await expect(connect(`${base}?token=wrong`)).rejects.toThrow('HTTP 403');
    await expect(connect(base)).rejects.toThrow('HTTP 403');
    await expect(connect(`${base}?token=${host.token}`, 'https://evil.example')).rejects.toThrow('HTTP 403');
    const ok = await connect(`${base}?token=${host.token}`, `http://127.0.0.1:${host.port}`);
    ok.close();
  });

  it('returns results, keeps error names and fields, and pushes events to every socket', async () => {
    core = createCore({ dataDir: tempDir(), host: 'web' });
    host = await startWebHost({ core, rendererDir: fakeRenderer() });
    const ws = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);

    ws.send(JSON.stringify({ type: 'call', id: 1, name: 'settings.update', args: { deltaIntervalMinutes: -5 } }));
    const bad = await nextFrame(ws, (f) => f.type === 'result' && f.id === 1);
    expect(bad).toMatchObject({ ok: false, error: { name: 'ValidationError', code: 'INVALID_ARGUMENT' } });
    expect(bad.type === 'result' && !bad.ok && Object.keys(bad.error.fields ?? {})).toEqual(['deltaIntervalMinutes']);

    const event = nextFrame(ws, (f) => f.type === 'event');
    ws.send(JSON.stringify({ type: 'call', id: 2, name: 'settings.update', args: { deltaIntervalMinutes: 30 } }));
    const good = await nextFrame(ws, (f) => f.type === 'result' && f.id === 2);
    expect(good).toMatchObject({ ok: true, result: { deltaIntervalMinutes: 30 } });
    expect(await event).toEqual({
      type: 'event',
      name: 'data.changed',
      payload: { topics: ['settings'], reason: 'settings updated' },
    });

    // A malformed frame closes that socket only; the host keeps serving others.
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1003);
    const again = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
    again.send(JSON.stringify({ type: 'call', id: 3, name: 'settings.get', args: {} }));
    expect(await nextFrame(again, (f) => f.type === 'result')).toMatchObject({
      ok: true,
      result: { deltaIntervalMinutes: 30 },
    });
    again.close();
  });

  it('says clearly when the renderer has not been built', async () => {
    core = createCore({ dataDir: tempDir(), host: 'web' });
    await expect(startWebHost({ core, rendererDir: tempDir('empty-') })).rejects.toBeInstanceOf(RendererNotBuiltError);
  });
});
