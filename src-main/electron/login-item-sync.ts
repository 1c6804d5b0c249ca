import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app } from 'electron';
import type { Settings } from '../../src-shared/contract/schemas';
import type { CoreEndpoint } from '../core/core';
import { autostartEntry, autostartPath, loginItemSettings } from './login-item';

/** Registers (or removes) the app as a login item the way this OS does it. */
function apply(startAtLogin: boolean): void {
  if (process.platform === 'linux') {
    const file = autostartPath(process.env, os.homedir());
    if (!startAtLogin) return fs.rmSync(file, { force: true });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, autostartEntry(process.execPath, process.env));
    return;
  }
  app.setLoginItemSettings(loginItemSettings(startAtLogin));
}

/**
 * "Start at login" follows the setting whenever the user changes it (Settings → Notifications).
 * Only a change applies, so opening another workspace does not undo the last choice.
 */
export function followStartAtLogin(endpoint: CoreEndpoint): () => void {
  let last: boolean | null = null;
  const read = async () => {
    const r = await endpoint.dispatch('settings.get', {});
    return r.ok ? (r.result as Settings).startAtLogin : null;
  };
  void read().then((v) => (last = v));
  return endpoint.subscribe((name, payload) => {
    // Another workspace opened: its setting is the baseline, nothing changed yet.
    if (name === 'workspace.changed') return void read().then((v) => (last = v));
    if (name !== 'data.changed' || !(payload as { topics: string[] }).topics.includes('settings')) return;
    void read().then((v) => {
      if (v === null || v === last) return;
      if (last !== null) apply(v);
      last = v;
    });
  });
}
