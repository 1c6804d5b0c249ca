import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/pulse-process';

// A fresh machine has Node and npm, not a compiler, Python or libsecret headers. So no installed
// package may build native code at install time: each one with an install script (or a binding.gyp,
// for which npm would run `node-gyp rebuild` by default) must be listed in package.json's
// `allowScripts`, and only scripts that fetch nothing and compile nothing may be allowed.
const COMPILES = /node-gyp|prebuild-install|cmake-js|node-pre-gyp|make\b/;

function installedPackages(dir: string, found: string[] = []): string[] {
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    if (entry.name.startsWith('@')) installedPackages(p, found);
    else if (fs.existsSync(path.join(p, 'package.json'))) {
      found.push(p);
      installedPackages(path.join(p, 'node_modules'), found);
    }
  }
  return found;
}

describe('installing needs no compiler', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const allow: Record<string, boolean> = pkg.allowScripts ?? {};

  it('keytar (archived, compiled from source here) is gone; the keychain binding is prebuilt', () => {
    expect(pkg.dependencies.keytar).toBeUndefined();
    expect(allow.keytar).toBeUndefined();
    expect(pkg.dependencies['@napi-rs/keyring']).toBeDefined();
  });

  it('every package that would run an install script is decided in allowScripts, and none allowed compiles', () => {
    const undecided: string[] = [];
    const compiling: string[] = [];
    for (const dir of installedPackages(path.join(REPO_ROOT, 'node_modules'))) {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const scripts = manifest.scripts ?? {};
      const lifecycle = ['preinstall', 'install', 'postinstall'].map((k) => scripts[k]).filter(Boolean) as string[];
      const gyp = !scripts.install && !scripts.preinstall && fs.existsSync(path.join(dir, 'binding.gyp'));
      if (!lifecycle.length && !gyp) continue;
      if (!(manifest.name in allow)) undecided.push(manifest.name);
      else if (allow[manifest.name] && (gyp || lifecycle.some((s) => COMPILES.test(s)))) compiling.push(manifest.name);
    }
    expect(undecided, 'packages with install scripts missing from allowScripts').toEqual([]);
    expect(compiling, 'allowed install scripts that compile').toEqual([]);
    // better-sqlite3 ships Node-API binaries in the package: its default node-gyp build stays denied.
    expect(allow['better-sqlite3']).toBe(false);
  });
});
