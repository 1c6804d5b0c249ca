import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/core';
import { tempDir } from '../helpers/temp-dir';

describe('the API dispatcher validates every call in main', () => {
  let core: Core;
  afterEach(async () => core?.close());

  it('rejects an invalid argument with a ValidationError naming the field, and changes nothing in the store', async () => {
    core = createCore({ dataDir: tempDir(), host: 'test' });
    const before = core.ctx.store.sqlite.prepare('SELECT count(*) AS n FROM settings').get();

    const outcome = await core.dispatch('settings.update', { homeCurrency: 'dollars', deltaIntervalMinutes: 0 });

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.name).toBe('ValidationError');
    expect(outcome.error.code).toBe('INVALID_ARGUMENT');
    expect(Object.keys(outcome.error.fields ?? {}).sort()).toEqual(['deltaIntervalMinutes', 'homeCurrency']);
    expect(core.ctx.store.sqlite.prepare('SELECT count(*) AS n FROM settings').get()).toEqual(before);
    const settings = await core.dispatch('settings.get', {});
    expect(settings.ok && (settings.result as { homeCurrency: string }).homeCurrency).toBe('SGD');
  });

  it('rejects unknown keys, unknown calls and non-object arguments', async () => {
    core = createCore({ dataDir: tempDir(), host: 'test' });
    const extra = await core.dispatch('settings.update', { homeCurrency: 'USD', token: 'x' });
    expect(extra.ok || extra.error.name).toBe('ValidationError');
    const unknown = await core.dispatch('fs.readFile', { path: '/etc/passwd' });
    expect(unknown.ok || unknown.error.name).toBe('UnknownCallError');
    const proto = await core.dispatch('__proto__', {});
    expect(proto.ok || proto.error.name).toBe('UnknownCallError');
    const notObject = await core.dispatch('deals.list', 'everything');
    expect(notObject.ok || notObject.error.name).toBe('ValidationError');
  });

  it('applies a valid update and persists it across a reopen', async () => {
    const dir = tempDir();
    core = createCore({ dataDir: dir, host: 'test' });
    const outcome = await core.dispatch('settings.update', { homeCurrency: 'USD', theme: 'dark' });
    expect(outcome.ok).toBe(true);
    await core.close();
    core = createCore({ dataDir: dir, host: 'test' });
    const settings = await core.dispatch('settings.get', {});
    expect(settings.ok && settings.result).toMatchObject({
      homeCurrency: 'USD',
      theme: 'dark',
      deltaIntervalMinutes: 15,
    });
  });
});
